// The error tree: one factory picks the class by status; every class carries its fields; the
// contract is enforced on answers; the token never appears in a message or log line.
import { describe, expect, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ContractError,
  CursorExpiredError,
  DaemonClient,
  DaemonError,
  InternalServerError,
  MemoryTokenStore,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type Middleware,
} from '@opta/daemon-client';
import { SESSION, TURN, json, memoryLogger, networkError, problem, recordingSleep, scriptedFetch } from './fake-fetch.js';
import { resolveClientToken } from '../../src/client.js';

const TOKEN = 'tok-SECRET-987654';

function client(fetch: typeof globalThis.fetch, extra: ConstructorParameters<typeof DaemonClient>[0] = {}) {
  return new DaemonClient({ baseUrl: 'http://127.0.0.1:9999', token: TOKEN, fetch, sleep: recordingSleep(), maxRetries: 0, ...extra });
}

describe('APIError.from picks the class of each status', () => {
  test.each([
    [400, BadRequestError, 'validation_failed'],
    [401, AuthenticationError, 'unauthorized'],
    [403, PermissionDeniedError, 'origin_forbidden'],
    [404, NotFoundError, 'session_not_found'],
    [409, ConflictError, 'turn_in_progress'],
    [410, CursorExpiredError, 'cursor_expired'],
    [413, PayloadTooLargeError, 'payload_too_large'],
    [422, UnprocessableEntityError, 'validation_failed'],
    [429, RateLimitError, 'rate_limited'],
    [500, InternalServerError, 'internal'],
    [503, InternalServerError, 'internal'],
  ] as const)('%i → %o', async (status, Class, code) => {
    const error = await client(scriptedFetch(problem(status, code)))
      .getSession('sess-abc123')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(DaemonError);
    expect(error).toMatchObject({ status, code, requestId: 'req-body', name: Class.name });
    expect((error as APIError).body).toMatchObject({ code, message: `${code} happened` });
    expect((error as APIError).headers?.get('x-request-id')).toBe('req-hdr');
    expect((error as Error).message).toContain(`${code} happened`);
    expect((error as Error).message).toContain('req-body');
  });

  test('an unlisted 4xx is a plain APIError; the request id falls back to X-Request-Id', () => {
    const error = APIError.from(418, 'teapot', new Headers({ 'x-request-id': 'req-9' }));
    expect(error.constructor).toBe(APIError);
    expect(error).toMatchObject({ status: 418, body: 'teapot', requestId: 'req-9', code: undefined });
    expect(error.message).toMatch(/418.*teapot.*req-9/);
  });

  test('CursorExpiredError carries the cursors of its body', async () => {
    const body = { afterSeq: 10, oldestSeq: 501, headSeq: 900, epoch: 'ep-7f3a9c' };
    const error = (await client(scriptedFetch(problem(410, 'cursor_expired', body)))
      .getEvents('sess-abc123', { afterSeq: 10 })
      .catch((e: unknown) => e)) as CursorExpiredError;
    expect(error).toBeInstanceOf(CursorExpiredError);
    expect(error).toMatchObject(body);
    expect(error.resumeAfterSeq).toBe(500);
  });

  test('RateLimitError.retryAfterMs from Retry-After', () => {
    const error = APIError.from(429, { code: 'rate_limited', message: 'slow', requestId: 'r' }, new Headers({ 'retry-after': '2' }));
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  test('a non-JSON error body is kept as text', async () => {
    const f = scriptedFetch(new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = (await client(f).health().catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBe('<html>Bad Gateway</html>');
    expect(error.code).toBeUndefined();
  });
});

describe('ContractError: success answers the contract does not allow', () => {
  const PROBLEM_BODY = { code: 'internal', message: 'boom', requestId: 'req-x' };
  const headers = { 'content-type': 'application/json', 'x-request-id': 'req-c' };
  test.each([
    ['HTML on a JSON operation', () => new Response('<html>hi</html>', { status: 200, headers: { ...headers, 'content-type': 'text/html' } }), /not JSON \("<html>hi<\/html>"\)/],
    ['an empty body', () => new Response('', { status: 200, headers }), /not JSON/],
    ['JSON that is not an object', () => new Response('42', { status: 200, headers }), /at \$ \(expected object\)/],
    ['an array', () => new Response('[]', { status: 200, headers }), /at \$ \(expected object\)/],
    ['a Problem body with 200', () => new Response(JSON.stringify(PROBLEM_BODY), { status: 200, headers }), /at \$\.id \(expected SessionId \(missing\)\)/],
    ['a Session without status', () => new Response(JSON.stringify({ ...SESSION, status: undefined }), { status: 200, headers }), /at \$\.status/],
    ['a Session with a malformed id', () => new Response(JSON.stringify({ ...SESSION, id: '../x' }), { status: 200, headers }), /at \$\.id \(expected string matching/],
    ['a status the operation does not declare', () => new Response(JSON.stringify(SESSION), { status: 203, headers }), /status 203/],
  ])('getSession: %s', async (_name, response, detail) => {
    const error = (await client(scriptedFetch(response())).getSession('sess-abc123').catch((e: unknown) => e)) as ContractError;
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ status: expect.any(Number), requestId: 'req-c' });
    expect(error.message).toMatch(/^getSession got \d+ with /);
    expect(error.message).toMatch(detail);
    expect(error.message).toMatch(/broke the v3 contract\.$/);
  });

  test('getEvents and readEvents with a Problem body: ContractError, never undefined or a TypeError', async () => {
    const problemBody = (): Response => new Response(JSON.stringify(PROBLEM_BODY), { status: 200, headers });
    const c = client(scriptedFetch(problemBody(), problemBody(), problemBody()));
    for (const call of [c.getEvents('sess-abc123', { afterSeq: 0 }), c.readEvents('sess-abc123'), c.getEventPage('sess-abc123')]) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContractError);
      expect((error as ContractError).message).toMatch(/getEvents got 200 with a body that breaks its schema at \$\.events/);
    }
  });

  test('an event page holding an envelope that breaks its schema names the path inside it', async () => {
    const page = { events: [{ event: 'turn.token', seq: 0, sessionId: 'sess-abc123', turnId: 'turn-xyz789', time: '2026-11-24T09:30:00.000Z', data: { token: 'x' } }], headSeq: 1, oldestSeq: 1, epoch: 'ep-1', hasMore: false };
    const error = (await client(scriptedFetch(json(200, page))).getEvents('sess-abc123', { waitMs: 0 }).catch((e: unknown) => e)) as ContractError;
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/\$\.events\[0\]/);
  });

  test('an envelope with an event name newer than this SDK passes through (as on the stream)', async () => {
    const newer = { event: 'turn.citation', seq: 1, sessionId: 'sess-abc123', turnId: 'turn-xyz789', time: '2026-11-24T09:30:00.000Z', data: { url: 'https://example.com' } };
    const page = { events: [newer], headSeq: 1, oldestSeq: 1, epoch: 'ep-1', hasMore: false };
    const events = await client(scriptedFetch(json(200, page))).getEvents('sess-abc123', { waitMs: 0 });
    expect(events.map((e) => e.event as string)).toEqual(['turn.citation']);
  });

  test('createSession answered 201 with a Session is fine; a Turn instead is a ContractError', async () => {
    const ok = await client(scriptedFetch(json(201, SESSION))).createSession({ mode: 'chat', model: 'm' });
    expect(ok.id).toBe('sess-abc123');
    await expect(client(scriptedFetch(json(201, TURN))).createSession({ mode: 'chat', model: 'm' })).rejects.toBeInstanceOf(ContractError);
  });
});

describe('the token stays secret', () => {
  test('not in error messages, even when the daemon echoes it', async () => {
    const echo = problem(400, 'validation_failed', { message: `bad token ${TOKEN}` });
    const f = scriptedFetch(echo, networkError(), new Response(`oops ${TOKEN}`, { status: 200 }));
    const c = client(f);
    const errors = [
      await c.getSession('sess-abc123').catch((e: unknown) => e),
      await c.getSession('sess-abc123').catch((e: unknown) => e),
      await c.getSession('sess-abc123').catch((e: unknown) => e),
    ] as Error[];
    for (const error of errors) {
      expect(error).toBeInstanceOf(DaemonError);
      expect(error.message).not.toContain(TOKEN);
      expect(String(error.stack)).not.toContain(TOKEN);
      expect(JSON.stringify((error as APIError).body ?? null)).not.toContain(TOKEN);
    }
    // It is sent where it belongs, in the header and nowhere else.
    expect(f.calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(f.calls[0]?.url).not.toContain(TOKEN);
  });

  test('not in debug lines, which say method, path, status, duration, request id and attempt', async () => {
    const logger = memoryLogger();
    const f = scriptedFetch(problem(503, 'internal', {}, { 'x-request-id': 'req-503' }), json(200, SESSION, { 'x-request-id': 'req-ok' }));
    await client(f, { logger, maxRetries: 1, random: () => 0.5 }).getSession('sess-abc123');
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(/^opta-daemon GET \/v3\/sessions\/sess-abc123 503 \d+\.\dms req=req-503 attempt=1 retry-in=250ms$/);
    expect(logger.lines[1]).toMatch(/^opta-daemon GET \/v3\/sessions\/sess-abc123 200 \d+\.\dms req=req-ok attempt=2$/);
    for (const line of logger.lines) expect(line).not.toContain(TOKEN);
  });

  test('debug is off by default; debug: false silences a given logger', async () => {
    const logger = memoryLogger();
    await client(scriptedFetch(json(200, SESSION)), { logger, debug: false }).getSession('sess-abc123');
    expect(logger.lines).toEqual([]);
  });
});

describe('401: the token is re-read once', () => {
  test('a changed token in the store: retried once, succeeds', async () => {
    const store = new MemoryTokenStore('old-token-1');
    const f = scriptedFetch(
      (call) => {
        store.set('new-token-2'); // the desktop stored the restarted daemon's token
        return call.headers.authorization === 'Bearer old-token-1' ? problem(401, 'unauthorized') : json(200, SESSION);
      },
      (call) => (call.headers.authorization === 'Bearer new-token-2' ? json(200, SESSION) : problem(401, 'unauthorized')),
    );
    const c = new DaemonClient({ baseUrl: 'http://h:1', tokenStore: store, fetch: f, maxRetries: 0 });
    expect((await c.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect(f.calls).toHaveLength(2);
    expect(await resolveClientToken(c)).toBe('new-token-2');
  });

  test('the same token again: AuthenticationError without a second request', async () => {
    const f = scriptedFetch(problem(401, 'unauthorized'));
    const c = new DaemonClient({ baseUrl: 'http://h:1', tokenStore: new MemoryTokenStore('same-token'), fetch: f });
    await expect(c.getSession('sess-abc123')).rejects.toBeInstanceOf(AuthenticationError);
    expect(f.calls).toHaveLength(1);
  });

  test('an explicit token is not re-read', async () => {
    const f = scriptedFetch(problem(401, 'unauthorized'));
    await expect(client(f).getSession('sess-abc123')).rejects.toBeInstanceOf(AuthenticationError);
    expect(f.calls).toHaveLength(1);
  });

  test('the new token refused too: AuthenticationError after exactly two requests', async () => {
    let n = 0;
    const store = { get: () => `token-${++n}-xxxx` };
    const f = scriptedFetch(problem(401, 'unauthorized'), problem(401, 'unauthorized'), json(200, SESSION));
    const c = new DaemonClient({ baseUrl: 'http://h:1', tokenStore: store, fetch: f });
    await expect(c.getSession('sess-abc123')).rejects.toBeInstanceOf(AuthenticationError);
    expect(f.calls).toHaveLength(2);
  });
});

test('middleware sees every attempt and may change the request or replace the response', async () => {
  const seen: string[] = [];
  const mw: Middleware = {
    onRequest(request) {
      request.headers['x-trace'] = `t${request.attempt}`;
      seen.push(`${request.operationId}#${request.attempt}`);
    },
    onResponse(response) {
      if (response.status === 418) return json(200, SESSION);
    },
  };
  const f = scriptedFetch(problem(503, 'internal'), new Response('', { status: 418 }));
  const result = await client(f, { maxRetries: 1 }).use(mw).getSession('sess-abc123');
  expect(result.id).toBe('sess-abc123');
  expect(seen).toEqual(['getSession#1', 'getSession#2']);
  expect(f.calls.map((c) => c.headers['x-trace'])).toEqual(['t1', 't2']);
});
