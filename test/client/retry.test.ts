// Retries, backoff, Retry-After, idempotency keys, timeouts and aborts, through an injected fetch
// and sleep (no real waiting, no timing assertions).
import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  DaemonClient,
  InternalServerError,
  RateLimitError,
  type DaemonClientOptions,
} from '@opta/daemon-client';
import fc from 'fast-check';
import { retryDelay } from '../../src/internal/retry.js';
import { SESSION, TURN, hangingFetch, json, networkError, problem, recordingSleep, scriptedFetch } from './fake-fetch.js';

function client(fetch: typeof globalThis.fetch, extra: DaemonClientOptions = {}) {
  const sleep = recordingSleep();
  const c = new DaemonClient({ baseUrl: 'http://127.0.0.1:9999', token: 'tok-123456', fetch, sleep, random: () => 0.5, ...extra });
  return Object.assign(c, { sleeps: sleep.delays });
}

describe('which failures are retried', () => {
  test('5xx on a GET: retried with full-jitter backoff (base 500 ms), then succeeds', async () => {
    const f = scriptedFetch(problem(503, 'internal'), problem(500, 'internal'), json(200, SESSION));
    const c = client(f);
    expect((await c.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect(f.calls).toHaveLength(3);
    // random 0.5 × min(8000, 500·2^(n-1))
    expect(c.sleeps).toEqual([250, 500]);
  });

  test('default maxRetries is 2: three attempts, then the last error', async () => {
    const f = scriptedFetch(problem(500, 'internal'), problem(502, 'internal'), problem(503, 'internal'));
    const c = client(f);
    await expect(c.getSession('sess-abc123')).rejects.toBeInstanceOf(InternalServerError);
    expect(f.calls).toHaveLength(3);
  });

  test('backoff is capped at retryMaxDelayMs (default 8 s)', async () => {
    const f = scriptedFetch(...Array.from({ length: 6 }, () => problem(503, 'internal')), json(200, SESSION));
    const c = client(f, { maxRetries: 6, random: () => 0.999999 });
    await c.getSession('sess-abc123');
    expect(c.sleeps.slice(-2)).toEqual([7999, 7999]);
    expect(c.sleeps[0]).toBe(499);
  });

  test('per-call maxRetries overrides the client', async () => {
    const f = scriptedFetch(problem(503, 'internal'));
    await expect(client(f).getSession('sess-abc123', { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(f.calls).toHaveLength(1);
  });

  test('408 and 429 are retried', async () => {
    const f = scriptedFetch(problem(408, 'bad_request'), problem(429, 'rate_limited'), json(200, SESSION));
    await client(f).getSession('sess-abc123');
    expect(f.calls).toHaveLength(3);
  });

  test.each([400, 403, 404, 409, 410, 413, 422])('%i is never retried', async (status) => {
    const f = scriptedFetch(problem(status, 'bad_request'));
    await expect(client(f).getSession('sess-abc123')).rejects.toMatchObject({ status });
    expect(f.calls).toHaveLength(1);
  });

  test('a connection error on a GET is retried', async () => {
    const f = scriptedFetch(networkError('ECONNRESET'), json(200, SESSION));
    await client(f).getSession('sess-abc123');
    expect(f.calls).toHaveLength(2);
  });

  test('a connection error after retries surfaces as APIConnectionError with the cause, no token', async () => {
    const f = scriptedFetch(networkError(), networkError(), networkError());
    const error = await client(f).getSession('sess-abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/ECONNRESET/);
    expect((error as Error).message).not.toContain('tok-123456');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe('createSession is not retried when the daemon may have acted', () => {
  test('5xx: one attempt', async () => {
    const f = scriptedFetch(problem(500, 'internal'), json(201, SESSION));
    await expect(client(f).createSession({ mode: 'chat', model: 'm' })).rejects.toBeInstanceOf(InternalServerError);
    expect(f.calls).toHaveLength(1);
  });
  test('connection lost after sending: one attempt', async () => {
    const f = scriptedFetch(networkError('ECONNRESET'), json(201, SESSION));
    await expect(client(f).createSession({ mode: 'chat', model: 'm' })).rejects.toBeInstanceOf(APIConnectionError);
    expect(f.calls).toHaveLength(1);
  });
  test('timeout: one attempt', async () => {
    const f = hangingFetch();
    await expect(client(f, { timeout: 20 }).createSession({ mode: 'chat', model: 'm' })).rejects.toBeInstanceOf(APITimeoutError);
    expect(f.calls).toHaveLength(1);
  });
  test('connection refused (nothing sent), 408 and 429 (not processed): retried', async () => {
    const f = scriptedFetch(networkError('ECONNREFUSED'), problem(429, 'rate_limited'), problem(408, 'bad_request'), json(201, SESSION));
    expect((await client(f, { maxRetries: 3 }).createSession({ mode: 'chat', model: 'm' })).id).toBe('sess-abc123');
    expect(f.calls).toHaveLength(4);
  });
});

describe('idempotent POSTs are retried', () => {
  test('closeSession and cancelSession retry on 5xx and connection loss', async () => {
    const f = scriptedFetch(problem(500, 'internal'), json(200, SESSION), networkError(), json(200, SESSION));
    const c = client(f);
    await c.closeSession('sess-abc123');
    await c.cancelSession('sess-abc123');
    expect(f.calls.map((x) => x.url.replace('http://127.0.0.1:9999', ''))).toEqual([
      '/v3/sessions/sess-abc123/close', '/v3/sessions/sess-abc123/close',
      '/v3/sessions/sess-abc123/cancel', '/v3/sessions/sess-abc123/cancel',
    ]);
  });

  test('submitTurn sends one Idempotency-Key per logical call, reused by its retries', async () => {
    const f = scriptedFetch(problem(503, 'internal'), networkError(), json(202, TURN), json(202, TURN));
    const c = client(f);
    await c.submitTurn('sess-abc123', { content: 'hi' });
    await c.submitTurn('sess-abc123', { content: 'hi' });
    const keys = f.calls.map((x) => x.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(f.calls[0]?.body).toBe('{"content":"hi"}');
    expect(f.calls[0]?.headers['content-type']).toBe('application/json');
  });

  test('submitTurn uses the caller’s idempotencyKey', async () => {
    const f = scriptedFetch(json(202, TURN));
    await client(f).submitTurn('sess-abc123', { content: 'hi' }, { idempotencyKey: 'my-key-0001' });
    expect(f.calls[0]?.headers['idempotency-key']).toBe('my-key-0001');
  });
});

describe('Retry-After', () => {
  test('seconds', async () => {
    const f = scriptedFetch(problem(429, 'rate_limited', {}, { 'retry-after': '2' }), json(200, SESSION));
    const c = client(f);
    await c.getSession('sess-abc123');
    expect(c.sleeps).toEqual([2000]);
  });
  test('HTTP date', async () => {
    const at = new Date(Date.now() + 3_000).toUTCString();
    const f = scriptedFetch(problem(503, 'internal', {}, { 'retry-after': at }), json(200, SESSION));
    const c = client(f);
    await c.getSession('sess-abc123');
    expect(c.sleeps[0]).toBeGreaterThan(1_000);
    expect(c.sleeps[0]).toBeLessThanOrEqual(3_000);
  });
  test('retry-after-ms wins over Retry-After', async () => {
    const f = scriptedFetch(problem(429, 'rate_limited', {}, { 'retry-after-ms': '150', 'retry-after': '9' }), json(200, SESSION));
    const c = client(f);
    await c.getSession('sess-abc123');
    expect(c.sleeps).toEqual([150]);
  });
  test('longer than 60 s: not waited for; RateLimitError carries retryAfterMs', async () => {
    const f = scriptedFetch(problem(429, 'rate_limited', {}, { 'retry-after': '120' }));
    const error = await client(f).getSession('sess-abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(f.calls).toHaveLength(1);
  });
});

describe('timeout and abort', () => {
  test('timeout per attempt → APITimeoutError; a GET retries it', async () => {
    const f = hangingFetch();
    const error = await client(f, { timeout: 15 }).getSession('sess-abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/15 ms/);
    expect(f.calls).toHaveLength(3);
  });
  test('per-call timeout overrides the client’s', async () => {
    const f = hangingFetch();
    await expect(client(f, { timeout: 60_000, maxRetries: 0 }).health({ timeout: 10 })).rejects.toBeInstanceOf(APITimeoutError);
  });
  test('the caller’s signal aborts an attempt → APIUserAbortError, no retry', async () => {
    const f = hangingFetch();
    const controller = new AbortController();
    const pending = client(f).getSession('sess-abc123', { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(f.calls).toHaveLength(1);
  });
  test('an already aborted signal: nothing is sent', async () => {
    const f = scriptedFetch();
    await expect(client(f).health({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(f.calls).toHaveLength(0);
  });
  test('aborting during the wait between retries', async () => {
    const f = scriptedFetch(problem(503, 'internal'), json(200, SESSION));
    const controller = new AbortController();
    // The real sleep, with a long backoff that the abort cuts short.
    const c = new DaemonClient({ baseUrl: 'http://x:1', token: 'tok-123456', fetch: f, retryBaseDelayMs: 60_000, random: () => 1 });
    const pending = c.getSession('sess-abc123', { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(f.calls).toHaveLength(1);
  });
});

describe('backoff bounds (property)', () => {
  test('full jitter stays within [0, min(cap, base·2^(n-1))]; Retry-After ≤ 60 s is obeyed exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 120 })),
        (retry, baseDelayMs, maxDelayMs, r, retryAfter) => {
          const headers = retryAfter === null ? undefined : new Headers({ 'retry-after': String(retryAfter) });
          const delay = retryDelay(retry, { baseDelayMs, maxDelayMs, random: () => r }, headers);
          if (retryAfter !== null) return delay === (retryAfter <= 60 ? retryAfter * 1000 : undefined);
          return delay !== undefined && delay >= 0 && delay <= Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
        },
      ),
    );
  });
});
