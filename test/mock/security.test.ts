/**
 * The contract's security section: Host check by hostname and Origin check (REST, preflight and
 * the WebSocket upgrade), CORS for allowed origins only, the token, and the size limits. Raw node:http requests so the
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

function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer, options: { noHost?: boolean } = {}): Promise<Raw> {
  return rawTo(m.port, method, path, headers, body, options);
}

function rawTo(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer, options: { noHost?: boolean } = {}): Promise<Raw> {
  const allHeaders: Record<string, string> = { host: `127.0.0.1:${port}`, ...headers };
  if (options.noHost) delete allHeaders['host'];
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: allHeaders, setHost: !options.noHost }, (res) => {
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

describe('Host check by hostname (DNS rebinding)', () => {
  it('accepts loopback hostnames on any port or none (proxies, tunnels, port mappings)', async () => {
    for (const host of [`127.0.0.1:${m.port}`, `localhost:${m.port}`, `[::1]:${m.port}`, `LOCALHOST:${m.port}`, 'localhost:5173', '127.0.0.1', '[::1]:8080', 'localhost']) {
      const answer = await raw('GET', '/v3/sessions', { host, ...auth() });
      expect(answer.status, host).toBe(200);
    }
  });

  it('refuses foreign hostnames whatever the port with 403 host_forbidden naming the Host check', async () => {
    for (const host of ['evil.example', `evil.example:${m.port}`, `127.0.0.1.nip.io:${m.port}`, 'localhost.evil.example', 'attacker.test:5173', 'localhost:abc', 'user@localhost']) {
      const a = await raw('GET', '/v3/sessions', { host, ...auth() });
      expect(a.status, host).toBe(403);
      expect(a.body['code']).toBe('host_forbidden');
      expect(a.body['message']).toMatch(/Host check/);
      expect(a.headers['x-request-id']).toBe(a.body['requestId']);
    }
  });

  it('answers a request without Host with 400 bad_request (a Problem, not a bare 400)', async () => {
    const a = await raw('GET', '/v3/health', { host: '' }, undefined, { noHost: true });
    expect(a.status).toBe(400);
    expect(a.body['code']).toBe('bad_request');
    expect(a.body['message']).toMatch(/no Host/);
  });

  it('configured allowedHosts are accepted on any port; others stay refused', async () => {
    const devbox = await startMockDaemon({ port: 0, allowedHosts: ['devbox.test'], statePath: null, strict: true });
    try {
      const ok = await rawTo(devbox.port, 'GET', '/v3/health', { host: 'devbox.test:5173' });
      expect(ok.status).toBe(200);
      const other = await rawTo(devbox.port, 'GET', '/v3/health', { host: 'evil.test:5173' });
      expect(other.status).toBe(403);
    } finally {
      await devbox.close();
    }
    await expect(startMockDaemon({ port: 0, allowedHosts: ['devbox.test:80'], statePath: null })).rejects.toThrow(/hostnames without a port/);
  });

  it('WebSocket upgrade: a foreign Host is refused with HTTP 403, a loopback Host on another port is accepted', async () => {
    const r = new Recorder(m.wsUrl, { host: `evil.example:${m.port}` });
    await expect(r.opened).rejects.toThrow(/403/);
    expect(r.upgradeStatus).toBe(403);
    const proxied = new Recorder(m.wsUrl, { host: 'localhost:5173' });
    await proxied.opened;
    proxied.send({ type: 'auth', token: m.token });
    await proxied.next((f) => f['type'] === 'auth_ok', 5_000);
    proxied.close();
  });
});

describe('Origin check and CORS', () => {
  it('refuses foreign origins with 403 origin_forbidden naming the Origin check, and no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null', 'tauri://localhost', 'http://127.0.0.1.nip.io:5173']) {
      const a = await raw('GET', '/v3/sessions', { origin, ...auth() });
      expect(a.status, origin).toBe(403);
      expect(a.body['code']).toBe('origin_forbidden');
      expect(a.body['message']).toMatch(/Origin check/);
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
    }
    const health = await raw('GET', '/v3/health', { origin: 'https://evil.example' });
    expect(health.status).toBe(403);
  });

  it('loopback origins on any port are allowed by default, with the contract CORS headers echoing the origin', async () => {
    for (const origin of [ALLOWED, 'http://127.0.0.1:3000', 'http://[::1]:8080', 'https://localhost', 'http://localhost:4173']) {
      const a = await raw('GET', '/v3/sessions', { origin, ...auth() });
      expect(a.status, origin).toBe(200);
      expect(a.headers['access-control-allow-origin']).toBe(origin);
      expect(a.headers['vary']).toBe('Origin');
      expect(a.headers['access-control-expose-headers']).toBe('X-Request-Id, Retry-After');
      expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    }
    const none = await raw('GET', '/v3/sessions', auth());
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('configured origins: exact, any port, a desktop shell scheme; malformed patterns are refused at start', async () => {
    const shell = await startMockDaemon({ port: 0, allowedOrigins: ['app://*', 'https://studio.example', 'http://devbox.test:*'], statePath: null, strict: true });
    try {
      for (const origin of ['app://opta', 'app://-', 'https://studio.example', 'http://devbox.test:5173']) {
        const a = await rawTo(shell.port, 'GET', '/v3/health', { origin });
        expect(a.status, origin).toBe(200);
        expect(a.headers['access-control-allow-origin']).toBe(origin);
      }
      for (const origin of ['https://studio.example:8443', 'http://studio.example', 'tauri://localhost', 'https://devbox.test:5173']) {
        expect((await rawTo(shell.port, 'GET', '/v3/health', { origin })).status, origin).toBe(403);
      }
    } finally {
      await shell.close();
    }
    await expect(startMockDaemon({ port: 0, allowedOrigins: ['localhost:5173'], statePath: null })).rejects.toThrow(/scheme:\/\/host/);
  });

  it('preflight: an allowed origin gets 204 with methods and headers; others 403', async () => {
    const pre = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' };
    for (const origin of [ALLOWED, 'http://127.0.0.1:41234']) {
      const ok = await raw('OPTIONS', '/v3/sessions', { origin, ...pre });
      expect(ok.status).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe(origin);
      expect(ok.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
      expect(ok.headers['access-control-allow-headers']).toBe('Authorization, Content-Type, Idempotency-Key');
      expect(ok.headers['vary']).toBe('Origin');
    }
    const bad = await raw('OPTIONS', '/v3/sessions', { origin: 'https://evil.example', ...pre });
    expect(bad.status).toBe(403);
    expect(bad.body['code']).toBe('origin_forbidden');
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('WebSocket upgrade: foreign Origin refused with 403, a loopback Origin accepted (the token is still required)', async () => {
    const evil = new Recorder(m.wsUrl, { origin: 'https://evil.example' });
    await expect(evil.opened).rejects.toThrow(/403/);
    const ok = new Recorder(m.wsUrl, { origin: 'http://localhost:5173' });
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
