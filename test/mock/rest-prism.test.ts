/**
 * Prism is the oracle: the full REST lifecycle of the mock is driven through
 * `prism proxy specs/daemon-v3.openapi.yaml <mock> --errors`, which answers a violation of the
 * contract (request or response) with an error and an `sl-violations` header instead of the
 * mock's answer. Every expected status must come back untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { spawnPrism, type PrismProcess } from '../../src/mock/prism.js';
import { call, turnEnded, waitFor, type Answer } from './helpers.js';

let m: MockDaemon;
let prism: PrismProcess;
const seen = new Map<string, Set<number>>();

async function viaPrism(method: string, path: string, opts: Parameters<typeof call>[4] = {}): Promise<Answer> {
  const a = await call(prism.url, m, method, path, opts);
  expect(a.headers.get('sl-violations'), `${method} ${path} → ${a.status} ${JSON.stringify(a.body)}`).toBeNull();
  expect(a.headers.get('x-request-id')).toBeTruthy();
  const key = `${method} ${path.replace(/sess-[\w-]+/, '{s}').replace(/turn-[\w-]+/, '{t}').split('?')[0] ?? ''}`;
  seen.set(key, (seen.get(key) ?? new Set()).add(a.status));
  return a;
}

beforeAll(async () => {
  // A small buffer so the 410 cursor_expired answer is part of the lifecycle.
  m = await startMockDaemon({ port: 0, paceMs: 2, bufferSize: 40, strict: true });
  prism = await spawnPrism({ mode: 'proxy', upstream: m.url, errors: true });
});

afterAll(async () => {
  await prism?.close();
  await m?.close();
});

describe('REST through prism proxy --errors', () => {
  it('the whole lifecycle passes the contract', async () => {
    const health = await viaPrism('GET', '/v3/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body['status']).toBe('ok');

    const created = await viaPrism('POST', '/v3/sessions', { body: { mode: 'chat', model: 'qwen3-72b', title: 'Apple Silicon memory' } });
    expect(created.status).toBe(201);
    const sid = created.body['id'] as string;
    expect(sid).toMatch(/^sess-/);
    expect(created.body['status']).toBe('active');
    await viaPrism('POST', '/v3/sessions', { body: { mode: 'do', model: 'm2' } });

    const list = await viaPrism('GET', '/v3/sessions?limit=1');
    expect(list.status).toBe(200);
    expect(list.body['items']).toHaveLength(1);
    const page2 = await viaPrism('GET', `/v3/sessions?limit=1&cursor=${String(list.body['nextCursor'])}`);
    expect(page2.body['items'][0]['id']).toBe(sid);
    expect(page2.body['nextCursor']).toBeNull();
    expect((await viaPrism('GET', '/v3/sessions?status=active')).body['items']).toHaveLength(2);
    expect((await viaPrism('GET', '/v3/sessions?cursor=bm9wZQ')).status).toBe(400);

    const key = { 'idempotency-key': 'key-0001-lifecycle' };
    const turn = await viaPrism('POST', `/v3/sessions/${sid}/turns`, { body: { content: 'Explain how unified memory works on Apple Silicon' }, headers: key });
    expect(turn.status).toBe(202);
    const tid = turn.body['id'] as string;
    expect(tid).toMatch(/^turn-/);
    const again = await viaPrism('POST', `/v3/sessions/${sid}/turns`, { body: { content: 'Explain how unified memory works on Apple Silicon' }, headers: key });
    expect(again.status).toBe(202);
    expect(again.body['id']).toBe(tid);
    const reused = await viaPrism('POST', `/v3/sessions/${sid}/turns`, { body: { content: 'something else' }, headers: key });
    expect(reused.status).toBe(409);
    expect(reused.body['code']).toBe('idempotency_key_reused');
    const busy = await viaPrism('POST', `/v3/sessions/${sid}/turns`, { body: { content: 'second' } });
    expect(busy.status).toBe(409);
    expect(busy.body['code']).toBe('turn_in_progress');

    expect((await viaPrism('GET', `/v3/sessions/${sid}/turns/${tid}`)).status).toBe(200);
    expect((await viaPrism('GET', `/v3/sessions/${sid}`)).status).toBe(200);
    await turnEnded(m, sid);
    const done = await viaPrism('GET', `/v3/sessions/${sid}/turns/${tid}`);
    expect(done.body['status']).toBe('done');
    expect(done.body['stats']['outputTokens']).toBeGreaterThan(0);

    const head = done.body['lastSeq'] as number;
    expect(head).toBeGreaterThan(40);
    const recent = await viaPrism('GET', `/v3/sessions/${sid}/events?afterSeq=${head - 10}&limit=5`);
    expect(recent.status).toBe(200);
    expect(recent.body['events']).toHaveLength(5);
    expect(recent.body['hasMore']).toBe(true);
    const expired = await viaPrism('GET', `/v3/sessions/${sid}/events?afterSeq=0`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'cursor_expired', afterSeq: 0, oldestSeq: head - 39, headSeq: head, epoch: m.epoch });

    const second = await viaPrism('POST', `/v3/sessions/${sid}/turns`, { body: { content: '[mock:long] go on' } });
    expect(second.status).toBe(202);
    await waitFor(async () => (await call(m.url, m, 'GET', `/v3/sessions/${sid}/turns/${String(second.body['id'])}`)).body['firstSeq'] !== null);
    const cancelled = await viaPrism('POST', `/v3/sessions/${sid}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body['status']).toBe('cancelled');
    expect((await viaPrism('POST', `/v3/sessions/${sid}/cancel`)).body['headSeq']).toBe(cancelled.body['headSeq']);
    const refused = await viaPrism('POST', `/v3/sessions/${sid}/turns`, { body: { content: 'more' } });
    expect(refused.body['code']).toBe('session_not_active');
    const closed = await viaPrism('POST', `/v3/sessions/${sid}/close`);
    expect(closed.body['status']).toBe('closed');
    expect((await viaPrism('POST', `/v3/sessions/${sid}/close`)).status).toBe(200);

    expect((await viaPrism('GET', '/v3/sessions/sess-nope1')).body['code']).toBe('session_not_found');
    expect((await viaPrism('GET', '/v3/sessions/sess-nope1/events')).status).toBe(404);
    expect((await viaPrism('POST', '/v3/sessions/sess-nope1/close')).status).toBe(404);
    expect((await viaPrism('POST', '/v3/sessions/sess-nope1/cancel')).status).toBe(404);
    expect((await viaPrism('POST', '/v3/sessions/sess-nope1/turns', { body: { content: 'x' } })).status).toBe(404);
    expect((await viaPrism('GET', `/v3/sessions/${sid}/turns/turn-nope1`)).body['code']).toBe('turn_not_found');
    // Prism forwards a wrong token (it only checks that one is present): the mock's 401 must conform.
    expect((await viaPrism('GET', '/v3/sessions', { token: 'wrong-token' })).status).toBe(401);

    m.setFaults({ rateLimitRate: 1, retryAfterSeconds: 2 });
    const limited = await viaPrism('GET', '/v3/sessions');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    m.setFaults({ rateLimitRate: 0, restErrorRate: 1 });
    expect((await viaPrism('GET', '/v3/health', { token: null })).status).toBe(500);
    m.setFaults({ restErrorRate: 0 });

    // Every operation of the spec went through Prism.
    const ops = ['GET /v3/health', 'POST /v3/sessions', 'GET /v3/sessions', 'GET /v3/sessions/{s}', 'POST /v3/sessions/{s}/close',
      'POST /v3/sessions/{s}/cancel', 'POST /v3/sessions/{s}/turns', 'GET /v3/sessions/{s}/turns/{t}', 'GET /v3/sessions/{s}/events'];
    for (const op of ops) expect(seen.has(op), op).toBe(true);
    expect(m.violations).toEqual([]);
    expect(prism.output.filter((l) => /violation/i.test(l))).toEqual([]);
  });
});
