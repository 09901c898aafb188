/**
 * The inspector's HTTP side: the daemon's own Host/Origin policy applies to /_mock/ too, the
 * control API and feed need the token (in the Authorization header, never a query string), bad
 * input gets a clear 4xx, the REST faults do not reach the inspector, and both launchers print
 * the inspector's URL.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { call, turnEnded, waitFor, type Json } from './helpers.js';

const run = promisify(execFile);
let m: MockDaemon;
const origin = 'http://localhost:5173';

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, paceMs: 0, statePath: null, allowedOrigins: [origin] });
});

afterAll(async () => {
  await m?.close();
});

/** A raw request, so Host and Origin can be anything. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: m.port, method, path, headers, setHost: headers['host'] === undefined }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = (): Record<string, string> => ({ authorization: `Bearer ${m.token}` });
const post = (path: string, body: unknown, headers: Record<string, string> = auth()) =>
  raw('POST', path, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));

describe('inspector: same Host/Origin policy as the daemon, token for the API', () => {
  it('serves the page without the token, with no token in it, not frameable, loading nothing from elsewhere', async () => {
    const page = await raw('GET', '/_mock/', {});
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.text).not.toContain(m.token);
    expect((await raw('GET', '/_mock/inspector.js', {})).headers['content-type']).toMatch(/^text\/javascript/);
    const redirect = await raw('GET', '/_mock', {});
    expect([redirect.status, redirect.headers['location']]).toEqual([308, '/_mock/']);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with the daemon’s own 403s', async () => {
    for (const path of ['/_mock/', '/_mock/api/state']) {
      const rebound = await raw('GET', path, { ...auth(), host: `evil.example:${m.port}` });
      expect([rebound.status, (JSON.parse(rebound.text) as Json)['code']]).toEqual([403, 'host_forbidden']);
    }
    const crossSite = await post('/_mock/api/drop', {}, { ...auth(), host: `127.0.0.1:${m.port}`, origin: 'https://evil.example' });
    expect([crossSite.status, (JSON.parse(crossSite.text) as Json)['code']]).toEqual([403, 'origin_forbidden']);
    // The page's own origin, and an origin the daemon allows, may use the API.
    expect((await raw('GET', '/_mock/api/state', { ...auth(), origin: `http://127.0.0.1:${m.port}` })).status).toBe(200);
    expect((await raw('GET', '/_mock/api/state', { ...auth(), origin })).status).toBe(200);
  });

  it('needs the token in the Authorization header: none, a wrong one, or one in the query string get 401', async () => {
    expect((await raw('GET', '/_mock/api/state', {})).status).toBe(401);
    expect((await raw('GET', '/_mock/api/state', { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await raw('GET', `/_mock/api/state?token=${m.token}`, {})).status).toBe(401);
    const refused = await post('/_mock/api/restart', {}, {});
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain(m.token);
  });

  it('answers bad control input with 400/404/405 and a message, and changes nothing', async () => {
    const epoch = m.epoch;
    const cases: [string, unknown, number, RegExp][] = [
      ['/_mock/api/blackhole', { seconds: 'soon' }, 400, /seconds must be a number/],
      ['/_mock/api/faults', { latency: 5 }, 400, /unknown fault latency/],
      ['/_mock/api/faults', { restErrorRate: 2 }, 400, /between 0 and 1/],
      ['/_mock/api/scenario', { name: 'nope' }, 400, /unknown scenario "nope"; known: error, long, plain/],
      ['/_mock/api/sessions/sess-nope/expire', {}, 404, /No session sess-nope/],
      ['/_mock/api/everything', {}, 404, /No control POST/],
    ];
    for (const [path, body, status, message] of cases) {
      const answer = await post(path, body);
      expect([path, answer.status]).toEqual([path, status]);
      expect((JSON.parse(answer.text) as Json)['message']).toMatch(message);
    }
    expect((await raw('DELETE', '/_mock/api/state', auth())).status).toBe(405);
    expect((await raw('POST', '/_mock/api/drop', { ...auth(), 'content-type': 'application/json' }, '{not json')).status).toBe(400);
    expect(m.epoch).toBe(epoch);
    expect(m.faults.restErrorRate).toBe(0);
  });

  it('stays usable while REST faults are on (they apply to /v3 only)', async () => {
    m.setFaults({ restErrorRate: 1, latencyMs: 2_000 });
    try {
      const t0 = performance.now();
      const state = await raw('GET', '/_mock/api/state', auth());
      expect(state.status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect((JSON.parse(state.text) as Json)['faults']).toMatchObject({ restErrorRate: 1, latencyMs: 2_000 });
      expect((await post('/_mock/api/faults', { restErrorRate: 0, latencyMs: 0 })).status).toBe(200);
      expect(m.faults).toMatchObject({ restErrorRate: 0, latencyMs: 0 });
    } finally {
      m.setFaults({ restErrorRate: 0, latencyMs: 0 });
    }
  });

  it('the feed starts with a snapshot and then carries events as they are stored', async () => {
    const controller = new AbortController();
    const res = await fetch(`${m.url}/_mock/api/feed`, { headers: auth(), signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines: Json[] = [];
    const reading = (async () => {
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) lines.push(JSON.parse(part) as Json);
      }
    })().catch(() => undefined);
    await waitFor(() => lines[0]);
    expect(lines[0]?.['type']).toBe('snapshot');
    const id = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
    await call(m.url, m, 'POST', `/v3/sessions/${id}/turns`, { body: { content: 'hi' } });
    await turnEnded(m, id);
    const done = await waitFor(() => lines.find((l) => l['type'] === 'event' && l['envelope']['sessionId'] === id && l['envelope']['event'] === 'turn.done'));
    expect(done['envelope']['seq']).toBe(42);
    const seqs = lines.filter((l) => l['type'] === 'event' && l['envelope']['sessionId'] === id).map((l) => l['envelope']['seq'] as number);
    expect(seqs).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(lines.some((l) => l['type'] === 'state' && (l['state']['sessions'] as Json[]).some((s) => s['id'] === id))).toBe(true);
    controller.abort();
    await reading;
  });
});

describe('the page script', () => {
  it('type-checks (strict, checkJs, DOM types) although it is served as plain JS', async () => {
    const { stdout } = await run('npx', ['tsc', '-p', 'src/mock/inspector/page/tsconfig.json'], { cwd: new URL('../..', import.meta.url) }).catch((e: { stdout: string }) => e);
    expect(stdout).toBe('');
  });
});

describe('launchers print the inspector URL', () => {
  it('npm run mock prints http://127.0.0.1:PORT/_mock/ and the page answers there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opta-inspector-cli-'));
    const child = spawn('npx', ['tsx', 'scripts/mock.ts', '--port', '0', '--state', join(dir, 'state.json')], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      const url = await waitFor(() => /inspector (http:\/\/127\.0\.0\.1:\d+\/_mock\/)/.exec(out)?.[1], 20_000, 'inspector URL');
      expect((await fetch(url)).status).toBe(200);
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm start prints the inspector URL', async () => {
    const child = spawn('npx', ['tsx', 'scripts/demo.ts'], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toMatch(/inspector: http:\/\/127\.0\.0\.1:\d+\/_mock\//);
    expect(code).toBe(0);
  });
});
