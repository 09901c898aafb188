// The client's edges (issue 9): ids checked before sending, token hygiene, deadlines that cover
// discovery, the long-poll default, and error text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  ConflictError,
  DaemonClient,
  DaemonError,
  InvalidIdError,
  StateFileUnreadableError,
  TokenInvalidError,
  nodeDiscover,
} from '@opta/daemon-client';
import { resolveClientToken } from '../../src/client.js';
import { SESSION, TURN, json, memoryLogger, problem, scriptedFetch, type RecordedCall } from './fake-fetch.js';

const PAGE = { events: [], headSeq: 0, oldestSeq: 1, epoch: 'ep-1', hasMore: false };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opta-edges-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every string an error exposes: message, stack, own fields and its whole cause chain. */
function everythingSaid(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) parts.push(current.message, String(current.stack));
    try {
      parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)));
    } catch {
      parts.push(String(current));
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

function stateFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content), { mode: 0o600 });
  return path;
}

describe('ids are checked against the contract before any request leaves the client', () => {
  const bad = ['.', '..', '/', '', 'sess-a/b', 'sess-..', `sess-${'x'.repeat(65)}`, 'abc123', 'sess-a?b', 'sess-%2e'];
  test.each(bad)('session id %j', async (id) => {
    const f = scriptedFetch();
    const client = new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: f });
    const calls = [
      client.getSession(id),
      client.closeSession(id),
      client.cancelSession(id),
      client.submitTurn(id, { content: 'hi' }),
      client.getTurn(id, 'turn-xyz789'),
      client.getEvents(id, { afterSeq: 0 }),
      client.readEvents(id),
    ];
    for (const call of calls) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidIdError);
      expect(error).toMatchObject({ parameter: 'sessionId' });
      expect((error as Error).message).toMatch(/No request was sent\.$/);
    }
    expect(f.calls).toHaveLength(0);
  });

  test.each(['..', '.', '', 'turn-a/b', `turn-${'y'.repeat(65)}`])('turn id %j', async (turnId) => {
    const f = scriptedFetch();
    const client = new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: f });
    await expect(client.getTurn('sess-abc123', turnId)).rejects.toMatchObject({ name: 'InvalidIdError', parameter: 'turnId' });
    expect(f.calls).toHaveLength(0);
  });

  test('a valid id reaches the path unchanged', async () => {
    const f = scriptedFetch(json(200, TURN));
    await new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: f }).getTurn('sess-abc123', 'turn-xyz789');
    expect(f.calls[0]?.url).toBe('http://h:1/v3/sessions/sess-abc123/turns/turn-xyz789');
  });
});

describe('token hygiene', () => {
  test('a state.json token with surrounding whitespace is trimmed (REST and the stream get the same token)', async () => {
    const statePath = stateFile('padded.json', { host: '127.0.0.1', port: 1, token: '  tok-padded-1234\n' });
    const f = scriptedFetch(json(200, SESSION));
    const client = new DaemonClient({ discover: nodeDiscover({ env: {}, statePath }), fetch: f });
    await client.getSession('sess-abc123');
    expect(f.calls[0]?.headers.authorization).toBe('Bearer tok-padded-1234');
    expect(await resolveClientToken(client)).toBe('tok-padded-1234');
  });

  test('an env token ending in a newline is trimmed', async () => {
    const f = scriptedFetch(json(200, SESSION));
    const client = new DaemonClient({ discover: nodeDiscover({ env: { OPTA_DAEMON_URL: 'http://h:1', OPTA_DAEMON_TOKEN: 'tok-env-5678\n' } }), fetch: f });
    await client.getSession('sess-abc123');
    expect(f.calls[0]?.headers.authorization).toBe('Bearer tok-env-5678');
  });

  const illegal = ['tok-line\nbreak-1234', 'tok-nul\0-1234', 'tok-inner space', 'tok-cr\r-1234', 'tok-ünicode-1234', 'tok-del\x7f-1234'];
  test.each(illegal)('a token with characters illegal in a header (%j) is a TokenInvalidError that never holds it', async (token) => {
    const logger = memoryLogger();
    const sources: Array<[string, ConstructorParameters<typeof DaemonClient>[0]]> = [
      ['the token option', { token }],
      ['the token store', { tokenStore: { get: () => token } }],
      ['OPTA_DAEMON_TOKEN', { discover: nodeDiscover({ env: { OPTA_DAEMON_URL: 'http://h:1', OPTA_DAEMON_TOKEN: token } }) }],
      ['state.json', { discover: nodeDiscover({ env: {}, statePath: stateFile('bad-token.json', { host: '127.0.0.1', port: 1, token }) }) }],
    ];
    for (const [source, options] of sources) {
      const f = scriptedFetch();
      const client = new DaemonClient({ baseUrl: 'http://h:1', fetch: f, logger, ...options });
      const error = await client.getSession('sess-abc123').catch((e: unknown) => e);
      expect(error, source).toBeInstanceOf(TokenInvalidError);
      expect(error, source).toBeInstanceOf(DaemonError);
      const said = everythingSaid(error);
      expect(said).not.toContain(token);
      expect(said).not.toContain(token.slice(0, 8) + token.slice(8, 12));
      expect(f.calls, source).toHaveLength(0);
    }
    for (const line of [...logger.lines, ...logger.warnings]) expect(line).not.toContain(token);
  });

  test('getToken() is not on the public surface', () => {
    const client = new DaemonClient({ token: 'tok-1234' });
    expect('getToken' in client).toBe(false);
  });
});

describe('deadlines cover discovery', () => {
  test('a state.json that is a FIFO with no writer fails at once with a typed error', async () => {
    const fifo = join(dir, 'state.fifo');
    execFileSync('mkfifo', [fifo]);
    const client = new DaemonClient({ discover: nodeDiscover({ env: {}, statePath: fifo }), fetch: scriptedFetch() });
    const started = performance.now();
    const error = await client.getSession('sess-abc123', { timeout: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateFileUnreadableError);
    expect((error as Error).message).toMatch(/not a regular file/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('a token store that never answers: APITimeoutError on time', async () => {
    const client = new DaemonClient({ baseUrl: 'http://h:1', tokenStore: { get: () => new Promise<string>(() => {}) }, fetch: scriptedFetch() });
    const started = performance.now();
    const error = await client.getSession('sess-abc123', { timeout: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/Finding the daemon .* \(200 ms\)/);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(3_000);
  });

  test('a discover hook that never resolves: APITimeoutError; the caller aborting: APIUserAbortError', async () => {
    const discover = (): Promise<never> => new Promise(() => {});
    const client = new DaemonClient({ discover, fetch: scriptedFetch() });
    await expect(client.getSession('sess-abc123', { timeout: 150 })).rejects.toBeInstanceOf(APITimeoutError);
    const controller = new AbortController();
    const pending = client.getSession('sess-abc123', { timeout: 0, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    // The client-wide timeout bounds it too.
    const bounded = new DaemonClient({ discover, fetch: scriptedFetch(), timeout: 100 });
    await expect(bounded.health()).rejects.toBeInstanceOf(APITimeoutError);
  });
});

describe('long-poll', () => {
  test('getEvents waits for events by default (waitMs 10000); waitMs 0 answers at once; getEventPage does not wait', async () => {
    const f = scriptedFetch(json(200, PAGE), json(200, PAGE), json(200, PAGE), json(200, PAGE));
    const client = new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: f });
    await client.getEvents('sess-abc123', { afterSeq: 0 });
    await client.getEvents('sess-abc123', { afterSeq: 3, waitMs: 0 });
    await client.getEventPage('sess-abc123', { afterSeq: 0 });
    await client.readEvents('sess-abc123');
    expect(f.calls.map((call) => new URL(call.url).search)).toEqual(['?afterSeq=0&waitMs=10000', '?afterSeq=3&waitMs=0', '?afterSeq=0', '?afterSeq=0']);
  });

  test('the requested wait extends the attempt deadline: a long-poll is not a slow daemon', async () => {
    // Answers after 250 ms unless aborted first, as fetch does.
    const slowAnswer = (call: RecordedCall): Promise<Response | Error> =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(json(200, PAGE)), 250);
        call.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(new DOMException('aborted', 'AbortError'));
        });
      });
    const client = new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: scriptedFetch(slowAnswer, slowAnswer), maxRetries: 0 });
    await expect(client.getEvents('sess-abc123', { waitMs: 300 }, { timeout: 100 })).resolves.toEqual([]);
    await expect(client.getEventPage('sess-abc123', {}, { timeout: 100 })).rejects.toBeInstanceOf(APITimeoutError);
  });
});

describe('error text', () => {
  test("the daemon's message and the advice are two sentences; 409 session_not_active says to create a new session", async () => {
    const f = scriptedFetch(problem(409, 'session_not_active', { message: 'Session sess-abc123 is closed; it accepts no more turns' }));
    const error = (await new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: f }).submitTurn('sess-abc123', { content: 'hi' }).catch((e: unknown) => e)) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'Daemon answered 409 session_not_active: Session sess-abc123 is closed; it accepts no more turns. Create a new session: this one accepts no more turns. (request id req-body)',
    );
    expect(error.message).not.toMatch(/retry/i);
  });

  test.each([
    ['turn_in_progress', /Wait for the running turn/],
    ['idempotency_key_reused', /new Idempotency-Key/],
    ['host_forbidden', /127\.0\.0\.1, localhost or \[::1\]/],
    ['origin_forbidden', /loopback origin/],
    ['unauthorized', /fresh token/],
  ])('%s has its own advice', async (code, advice) => {
    const status = code === 'unauthorized' ? 401 : code.endsWith('forbidden') ? 403 : 409;
    const f = scriptedFetch(problem(status, code));
    const error = (await new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-1234', fetch: f }).getSession('sess-abc123').catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(new RegExp(`${code} happened\\. `));
    expect(error.message).toMatch(advice);
  });

  test('a fetch failure without a system code (what a browser reports) names both causes', async () => {
    const f = scriptedFetch(new TypeError('Failed to fetch'));
    const error = (await new DaemonClient({ baseUrl: 'http://127.0.0.1:9999', token: 'tok-1234', fetch: f, maxRetries: 0 }).health().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/not running/);
    expect(error.message).toMatch(/refused this page's origin/);
  });

  test('a refused connection in Node names the system code and asks whether the daemon runs', async () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const f = scriptedFetch(refused);
    const error = (await new DaemonClient({ baseUrl: 'http://127.0.0.1:9', token: 'tok-1234', fetch: f, maxRetries: 0 }).health().catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Could not connect to the daemon (GET http://127.0.0.1:9/v3/health: ECONNREFUSED). Is it running?');
  });
});
