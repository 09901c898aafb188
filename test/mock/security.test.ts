/**
 * The contract's security section: Host and Origin checks (REST and WebSocket upgrade), CORS
 * for allowed origins only, the token, and the size limits. Raw node:http requests so the
 * Host and Origin headers are exactly what the test says.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { Recorder, type Json } from './helpers.js';

const ALLOWED = 'http://localhost:5173';
let m: MockDaemon;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Json;
}

function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: m.port, method, path, headers: { host: `127.0.0.1:${m.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = (): Record<string, string> => ({ authorization: `Bearer ${m.token}` });

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, allowedOrigins: [ALLOWED], strict: true });
});

afterAll(async () => {
  await m?.close();
});

describe('Host check (DNS rebinding)', () => {
  it('accepts loopback names with the daemon port, refuses others with 403 host_forbidden', async () => {
    for (const host of [`127.0.0.1:${m.port}`, `localhost:${m.port}`, `[::1]:${m.port}`, `LOCALHOST:${m.port}`]) {
      expect((await raw('GET', '/v3/health', { host })).status, host).toBe(200);
    }
    for (const host of ['evil.example', `evil.example:${m.port}`, '127.0.0.1', `127.0.0.1:${m.port + 1}`, `127.0.0.1.nip.io:${m.port}`]) {
      const a = await raw('GET', '/v3/sessions', { host, ...auth() });
      expect(a.status, host).toBe(403);
      expect(a.body['code']).toBe('host_forbidden');
      expect(a.headers['x-request-id']).toBe(a.body['requestId']);
    }
  });

  it('refuses a WebSocket upgrade with a foreign Host with HTTP 403', async () => {
    const r = new Recorder(m.wsUrl, { host: `evil.example:${m.port}` });
    await expect(r.opened).rejects.toThrow(/403/);
    expect(r.upgradeStatus).toBe(403);
  });
});

describe('Origin check and CORS', () => {
  it('refuses foreign origins with 403 origin_forbidden and no CORS headers', async () => {
    const a = await raw('GET', '/v3/sessions', { origin: 'https://evil.example', ...auth() });
    expect(a.status).toBe(403);
    expect(a.body['code']).toBe('origin_forbidden');
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    const health = await raw('GET', '/v3/health', { origin: 'https://evil.example' });
    expect(health.status).toBe(403);
  });

  it('answers an allowed origin with the contract CORS headers, echoing the origin', async () => {
    const a = await raw('GET', '/v3/sessions', { origin: ALLOWED, ...auth() });
    expect(a.status).toBe(200);
    expect(a.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(a.headers['vary']).toBe('Origin');
    expect(a.headers['access-control-expose-headers']).toBe('X-Request-Id, Retry-After');
    expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    const none = await raw('GET', '/v3/sessions', auth());
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('preflight: allowed origin gets 204 with methods and headers; others 403', async () => {
    const pre = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' };
    const ok = await raw('OPTIONS', '/v3/sessions', { origin: ALLOWED, ...pre });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(ok.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(ok.headers['access-control-allow-headers']).toBe('Authorization, Content-Type, Idempotency-Key');
    expect(ok.headers['vary']).toBe('Origin');
    const bad = await raw('OPTIONS', '/v3/sessions', { origin: 'https://evil.example', ...pre });
    expect(bad.status).toBe(403);
    expect(bad.body['code']).toBe('origin_forbidden');
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('WebSocket upgrade: foreign Origin refused with 403, allowed Origin accepted (the token is still required)', async () => {
    const evil = new Recorder(m.wsUrl, { origin: 'https://evil.example' });
    await expect(evil.opened).rejects.toThrow(/403/);
    const ok = new Recorder(m.wsUrl, { origin: ALLOWED });
    await ok.opened;
    ok.send({ type: 'auth', token: 'not-the-token' });
    expect((await ok.waitClose()).code).toBe(4401);
  });
});

describe('token', () => {
  it('401 without or with a wrong token; health needs none; never from the URL', async () => {
    expect((await raw('GET', '/v3/health')).status).toBe(200);
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${m.token}` }, { authorization: m.token }]) {
      const a = await raw('GET', '/v3/sessions', headers);
      expect(a.status).toBe(401);
      expect(a.body['code']).toBe('unauthorized');
      expect(a.headers['content-type']).toBe('application/problem+json');
    }
    expect((await raw('GET', `/v3/sessions?token=${m.token}`)).status).toBe(401);
    expect((await raw('POST', '/v3/sessions', { 'content-type': 'application/json' }, '{"mode":"chat","model":"m"}')).status).toBe(401);
  });
});

describe('limits and request validation', () => {
  it('a body over 1 MiB gets 413 payload_too_large; at 1 MiB it is read', async () => {
    const big = Buffer.alloc(1_048_577, 0x20);
    const a = await raw('POST', '/v3/sessions', { ...auth(), 'content-type': 'application/json' }, big);
    expect(a.status).toBe(413);
    expect(a.body['code']).toBe('payload_too_large');
    const json = JSON.stringify({ mode: 'chat', model: 'm' });
    const exact = Buffer.concat([Buffer.from(json), Buffer.alloc(1_048_576 - json.length, 0x20)]);
    expect((await raw('POST', '/v3/sessions', { ...auth(), 'content-type': 'application/json' }, exact)).status).toBe(201);
  });

  it('turn content over 100,000 characters, bad bodies and bad queries get 400 with details', async () => {
    const s = await raw('POST', '/v3/sessions', { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ mode: 'chat', model: 'm' }));
    const sid = s.body['id'] as string;
    const long = await raw('POST', `/v3/sessions/${sid}/turns`, { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ content: 'x'.repeat(100_001) }));
    expect(long.status).toBe(400);
    expect(long.body['code']).toBe('validation_failed');
    expect(long.body['details'][0]['path']).toBe('body.content');
    const badMode = await raw('POST', '/v3/sessions', { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ mode: 'talk', model: 'm', extra: 1 }));
    expect(badMode.body['code']).toBe('validation_failed');
    expect((badMode.body['details'] as Json[]).map((d) => d['path'])).toEqual(['body.mode']); // the first violation (generated validators)
    expect((await raw('POST', '/v3/sessions', { ...auth(), 'content-type': 'application/json' }, '{nope')).body['code']).toBe('bad_request');
    const q = await raw('GET', `/v3/sessions/${sid}/events?limit=1001&afterSeq=-1`, auth());
    expect(q.status).toBe(400);
    expect((q.body['details'] as Json[]).map((d) => d['path']).sort()).toEqual(['query.afterSeq', 'query.limit']);
    const key = await raw('POST', `/v3/sessions/${sid}/turns`, { ...auth(), 'content-type': 'application/json', 'idempotency-key': 'short' }, JSON.stringify({ content: 'hi' }));
    expect(key.status).toBe(400);
    expect((await raw('GET', '/v3/nothing-here', auth())).body['code']).toBe('not_found');
    expect((await raw('GET', '/v3/sessions/sess-%E0%A4%A', auth())).body['code']).toBe('session_not_found');
    expect(m.violations).toEqual([]);
  });

  it('every response carries X-Request-Id, echoing a well-formed incoming one', async () => {
    const a = await raw('GET', '/v3/health', { 'x-request-id': 'req-from-client-1' });
    expect(a.headers['x-request-id']).toBe('req-from-client-1');
    const b = await raw('GET', '/v3/sessions', { 'x-request-id': 'bad id with spaces' });
    expect(b.headers['x-request-id']).toMatch(/^req-/);
    expect(b.body['requestId']).toBe(b.headers['x-request-id']);
  });
});
