// The browser-safe client with a custom `discover` hook: lazy, shared, retried after failure.
import { expect, test } from 'vitest';
import { DaemonClient, DaemonError, MemoryTokenStore, type Discover } from '@opta/daemon-client/browser';
import { SESSION, json, scriptedFetch } from './fake-fetch.js';
import { resolveClientToken } from '../../src/client.js';

test('discovery is lazy and shared by concurrent first requests', async () => {
  let calls = 0;
  const discover: Discover = async ({ want }) => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(want).toEqual({ baseUrl: true, token: true });
    return { baseUrl: 'http://127.0.0.1:4444', token: 'hook-token-1' };
  };
  const f = scriptedFetch(...Array.from({ length: 5 }, () => json(200, SESSION)));
  const client = new DaemonClient({ discover, fetch: f });
  expect(calls).toBe(0);
  await Promise.all(Array.from({ length: 5 }, () => client.getSession('sess-abc123')));
  expect(calls).toBe(1);
  expect(new Set(f.calls.map((c) => c.headers.authorization))).toEqual(new Set(['Bearer hook-token-1']));
  expect(f.calls[0]?.url).toBe('http://127.0.0.1:4444/v3/sessions/sess-abc123');
});

test('a failed discovery is not cached: the next call tries again', async () => {
  let attempt = 0;
  const discover: Discover = async () => {
    if (++attempt === 1) throw new DaemonError('not yet');
    return { baseUrl: 'http://h:1', token: 'tok-abcdef' };
  };
  const client = new DaemonClient({ discover, fetch: scriptedFetch(json(200, SESSION)) });
  await expect(client.getSession('sess-abc123')).rejects.toThrow('not yet');
  expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
});

test('health asks discovery for the address only', async () => {
  const wants: unknown[] = [];
  const discover: Discover = async ({ want }) => {
    wants.push(want);
    return { baseUrl: 'http://h:1' };
  };
  await new DaemonClient({ discover, fetch: scriptedFetch(json(200, { status: 'ok', version: '3', uptimeMs: 1 })) }).health();
  expect(wants).toEqual([{ baseUrl: true, token: false }]);
});

test('getToken({ refresh: true }) re-reads the store (for the stream code after a refused upgrade)', async () => {
  const store = new MemoryTokenStore('first-token');
  const client = new DaemonClient({ baseUrl: 'http://h:1', tokenStore: store });
  expect(await resolveClientToken(client)).toBe('first-token');
  store.set('second-token');
  expect(await resolveClientToken(client)).toBe('first-token');
  expect(await resolveClientToken(client, true)).toBe('second-token');
});

test('bad numeric options fail fast with a RangeError naming the option', () => {
  expect(() => new DaemonClient({ timeout: -1 })).toThrow(/timeout/);
  expect(() => new DaemonClient({ maxRetries: Number.NaN })).toThrow(/maxRetries/);
});
