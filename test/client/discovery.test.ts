// Discovery on the Node entry: options → env → state.json, resolved lazily, against a real
// node:http daemon stand-in on port 0 and state files in a temporary HOME.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  AuthenticationError,
  DaemonClient,
  DaemonError,
  DaemonRestClient,
  MemoryTokenStore,
  StateFileInvalidError,
  StateFileMissingError,
  StateFileUnreadableError,
  TokenMissingError,
} from '@opta/daemon-client';
import { SESSION, memoryLogger } from './fake-fetch.js';
import { resolveClientToken } from '../../src/client.js';

// The stand-in daemon accepts only `currentToken`, like a daemon that rewrites it on restart.
let currentToken = 'state-token-1';
const seenAuth: (string | undefined)[] = [];
const server = http.createServer((req, res) => {
  seenAuth.push(req.headers.authorization);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-d' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/v3/health') return send(200, { status: 'ok', version: '3.0.0', uptimeMs: 1 });
  if (req.headers.authorization !== `Bearer ${currentToken}`) return send(401, { code: 'unauthorized', message: 'Missing or invalid bearer token', requestId: 'req-d' });
  send(200, SESSION);
});
let port = 0;
let home = '';
let statePath = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'opta-home-'));
  statePath = join(home, '.config', 'opta', 'daemon', 'state.json');
  await mkdir(join(home, '.config', 'opta', 'daemon'), { recursive: true });
  vi.stubEnv('HOME', home);
  vi.stubEnv('OPTA_DAEMON_TOKEN', undefined);
  vi.stubEnv('OPTA_DAEMON_URL', undefined);
  vi.stubEnv('OPTA_DAEMON_STATE', undefined);
  vi.stubEnv('OPTA_DAEMON_DEBUG', undefined);
  currentToken = 'state-token-1';
  seenAuth.length = 0;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

async function writeState(content: unknown, mode = 0o600, path = statePath): Promise<void> {
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  await chmod(path, mode);
}

describe('state.json', () => {
  test('valid (extra fields allowed): address and token come from it', async () => {
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1', pid: 4242, startedAt: 'x' });
    const logger = memoryLogger();
    const client = new DaemonClient({ logger, debug: false });
    expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect(seenAuth).toEqual(['Bearer state-token-1']);
    expect(await client.resolveBaseUrl()).toBe(`http://127.0.0.1:${port}`);
    expect(logger.warnings).toEqual([]);
  });

  test('missing: the constructor does not throw; the first call rejects with StateFileMissingError', async () => {
    const client = new DaemonClient();
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateFileMissingError);
    expect((error as StateFileMissingError).path).toBe(statePath);
    expect((error as Error).message).toMatch(/Start the Opta daemon/);
  });

  test('a daemon started later is found by the next call', async () => {
    const client = new DaemonClient();
    await expect(client.health()).rejects.toBeInstanceOf(StateFileMissingError);
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1' });
    expect((await client.health()).status).toBe('ok');
  });

  test.each([
    ['not JSON', '{"host": "127.0.0.1", "token": "leaky-secret-1'],
    ['an array', '[]'],
    ['a string port', { host: '127.0.0.1', port: '9999', token: 'leaky-secret-1' }],
    ['no port', { host: '127.0.0.1', token: 'leaky-secret-1' }],
  ])('corrupt (%s): StateFileInvalidError, without the token in the message', async (_name, content) => {
    await writeState(content);
    const error = await new DaemonClient().getSession('sess-abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateFileInvalidError);
    expect((error as Error).message).toContain(statePath);
    expect((error as Error).message).not.toContain('leaky-secret-1');
    expect(String((error as Error).cause ?? '')).not.toContain('leaky-secret-1');
  });

  test('unreadable (a directory): StateFileUnreadableError', async () => {
    await mkdir(statePath);
    await expect(new DaemonClient().health()).rejects.toBeInstanceOf(StateFileUnreadableError);
  });

  test('no token: TokenMissingError on calls that need one; health still works', async () => {
    await writeState({ host: '127.0.0.1', port });
    const client = new DaemonClient();
    expect((await client.health()).status).toBe('ok');
    const error = await client.getSession('sess-abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenMissingError);
    expect((error as Error).message).toMatch(/OPTA_DAEMON_TOKEN/);
  });

  test('readable by group/others: one warning through the logger, not an exception', async () => {
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1' }, 0o644);
    const logger = memoryLogger();
    const client = new DaemonClient({ logger });
    await client.getSession('sess-abc123');
    await resolveClientToken(client, true);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/readable by other users \(mode 644\).*chmod 600/);
    expect(logger.warnings[0]).not.toContain('state-token-1');
  });

  test('OPTA_DAEMON_STATE points at another state file', async () => {
    const other = join(home, 'elsewhere.json');
    await writeState({ port, token: 'state-token-1' }, 0o600, other);
    vi.stubEnv('OPTA_DAEMON_STATE', other);
    expect((await new DaemonClient().getSession('sess-abc123')).id).toBe('sess-abc123');
  });

  test('401: the token is re-read from state.json (daemon restarted) and the call retried once', async () => {
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1' });
    const client = new DaemonClient({ maxRetries: 0 });
    await client.getSession('sess-abc123');
    currentToken = 'state-token-2';
    await writeState({ host: '127.0.0.1', port, token: 'state-token-2' });
    expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect(seenAuth).toEqual(['Bearer state-token-1', 'Bearer state-token-1', 'Bearer state-token-2']);
    // A refused token with nothing new to read: AuthenticationError, no loop.
    currentToken = 'state-token-3';
    await expect(client.getSession('sess-abc123')).rejects.toBeInstanceOf(AuthenticationError);
    expect(seenAuth).toHaveLength(4);
  });
});

test('connection refused: the address is re-read from state.json (daemon restarted on another port)', async () => {
  // A second stand-in, the "old" daemon: it serves one request, then goes away.
  const old = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(SESSION));
  });
  await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
  const oldPort = (old.address() as AddressInfo).port;
  await writeState({ host: '127.0.0.1', port: oldPort, token: 'state-token-1' });
  const client = new DaemonClient({ sleep: async () => {} });
  await client.getSession('sess-abc123');
  old.closeAllConnections();
  await new Promise((resolve) => old.close(resolve));
  await writeState({ host: '127.0.0.1', port, token: 'state-token-1' });
  expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
  expect(await client.resolveBaseUrl()).toBe(`http://127.0.0.1:${port}`);
});

describe('order: options → env → state.json', () => {
  test('env OPTA_DAEMON_URL + OPTA_DAEMON_TOKEN: no state file needed', async () => {
    vi.stubEnv('OPTA_DAEMON_URL', `http://127.0.0.1:${port}`);
    vi.stubEnv('OPTA_DAEMON_TOKEN', 'state-token-1');
    expect((await new DaemonClient().getSession('sess-abc123')).id).toBe('sess-abc123');
  });

  test("the Node entry's DaemonRestClient has the same defaults: env, then state.json, and no stream", async () => {
    vi.stubEnv('OPTA_DAEMON_URL', `http://127.0.0.1:${port}`);
    vi.stubEnv('OPTA_DAEMON_TOKEN', 'state-token-1');
    const fromEnv = new DaemonRestClient();
    expect((await fromEnv.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect('connectWebSocket' in fromEnv).toBe(false);
    vi.stubEnv('OPTA_DAEMON_URL', undefined);
    vi.stubEnv('OPTA_DAEMON_TOKEN', undefined);
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1' });
    const fromState = new DaemonRestClient();
    expect(await fromState.resolveBaseUrl()).toBe(`http://127.0.0.1:${port}`);
    expect(await resolveClientToken(fromState)).toBe('state-token-1');
  });

  test('env wins over state.json, options win over env', async () => {
    await writeState({ host: '127.0.0.1', port: 1, token: 'from-state-xx' });
    vi.stubEnv('OPTA_DAEMON_URL', `http://127.0.0.1:${port}`);
    vi.stubEnv('OPTA_DAEMON_TOKEN', 'from-env-xxxx');
    const fromEnv = new DaemonClient();
    expect(await fromEnv.resolveBaseUrl()).toBe(`http://127.0.0.1:${port}`);
    expect(await resolveClientToken(fromEnv)).toBe('from-env-xxxx');
    const explicit = new DaemonClient({ host: 'localhost', port: 4321, token: 'from-options' });
    expect(await explicit.resolveBaseUrl()).toBe('http://localhost:4321');
    expect(await resolveClientToken(explicit)).toBe('from-options');
  });

  test('a token store comes before env and state.json; a discovered token is saved into it', async () => {
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1' });
    const store = new MemoryTokenStore();
    const client = new DaemonClient({ tokenStore: store });
    await client.getSession('sess-abc123');
    expect(store.get()).toBe('state-token-1');
    const stored = new DaemonClient({ tokenStore: new MemoryTokenStore('stored-token') });
    expect(await resolveClientToken(stored)).toBe('stored-token');
  });

  test('explicit token without an address: the address still comes from state.json', async () => {
    await writeState({ port, token: 'ignored-token' });
    const client = new DaemonClient({ token: 'state-token-1' });
    expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect(seenAuth).toEqual(['Bearer state-token-1']);
  });

  test('a bad OPTA_DAEMON_URL is a typed error', async () => {
    vi.stubEnv('OPTA_DAEMON_URL', 'not a url');
    await expect(new DaemonClient().health()).rejects.toBeInstanceOf(DaemonError);
  });

  test('OPTA_DAEMON_DEBUG=1 turns debug lines on (console.debug by default), token-free', async () => {
    await writeState({ host: '127.0.0.1', port, token: 'state-token-1' });
    vi.stubEnv('OPTA_DAEMON_DEBUG', '1');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    try {
      await new DaemonClient().getSession('sess-abc123');
      expect(debug).toHaveBeenCalledTimes(1);
      expect(String(debug.mock.calls[0]?.[0])).toMatch(/^opta-daemon GET \/v3\/sessions\/sess-abc123 200 .*req=req-d attempt=1$/);
      expect(String(debug.mock.calls[0]?.[0])).not.toContain('state-token-1');
    } finally {
      debug.mockRestore();
    }
  });
});
