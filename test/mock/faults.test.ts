/** Fault injection: socket drops, latency, 500s and 429s with Retry-After, tiny buffers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { Recorder, call, checkSeqs, turnEnded, waitFor } from './helpers.js';

let m: MockDaemon;
let sid: string;

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, paceMs: 0, strict: true });
  sid = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
  await call(m.url, m, 'POST', `/v3/sessions/${sid}/turns`, { body: { content: 'hi' } });
  await turnEnded(m, sid);
});

afterAll(async () => {
  await m?.close();
});

describe('faults', () => {
  it('drops the socket (1006, no close frame) after every N events; resuming from the cursor loses nothing', async () => {
    m.setFaults({ dropEveryNEvents: 7 });
    try {
      const head = (await call(m.url, m, 'GET', `/v3/sessions/${sid}`)).body['headSeq'] as number;
      const got: number[] = [];
      let drops = 0;
      while (got.length < head) {
        const r = await Recorder.authed(m);
        r.send({ type: 'subscribe', sessionId: sid, afterSeq: got.length });
        await waitFor(() => r.closed ?? (got.length + r.events(sid).length === head));
        const evs = r.events(sid).map((e) => e['seq'] as number);
        if (evs.length === 7) await r.waitClose();
        if (r.closed) {
          drops++;
          expect(r.closed.code).toBe(1006);
          expect(evs).toHaveLength(7); // the Nth event is delivered, then the drop
        }
        got.push(...evs);
        r.close();
      }
      expect(got).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      expect(drops).toBe(Math.floor(head / 7));
    } finally {
      m.setFaults({ dropEveryNEvents: 0 });
    }
  });

  it('drops at random with dropProbability', async () => {
    m.setFaults({ dropProbability: 1 });
    const r = await Recorder.authed(m);
    r.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
    expect((await r.waitClose()).code).toBe(1006);
    expect(r.events(sid)).toHaveLength(1);
    m.setFaults({ dropProbability: 0 });
  });

  it('adds latency to REST answers and WebSocket frames, keeping frame order', async () => {
    m.setFaults({ latencyMs: 150 });
    try {
      const t0 = performance.now();
      expect((await call(m.url, m, 'GET', '/v3/health', { token: null })).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      const r = new Recorder(m.wsUrl);
      await r.opened;
      const t1 = performance.now();
      r.send({ type: 'auth', token: m.token });
      await r.next((f) => f['type'] === 'auth_ok');
      expect(performance.now() - t1).toBeGreaterThanOrEqual(140);
      r.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
      const head = (await call(m.url, m, 'GET', `/v3/sessions/${sid}`)).body['headSeq'] as number;
      await waitFor(() => r.events(sid).length === head);
      checkSeqs(r.events(sid), 1);
      r.close();
    } finally {
      m.setFaults({ latencyMs: 0 });
    }
  });

  it('answers a share of REST requests 500 internal or 429 rate_limited with Retry-After', async () => {
    m.setFaults({ restErrorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await call(m.url, m, 'GET', '/v3/sessions')).status);
    const errors = statuses.filter((s) => s === 500).length;
    expect(errors).toBeGreaterThan(10);
    expect(errors).toBeLessThan(50);
    m.setFaults({ restErrorRate: 0, rateLimitRate: 1, retryAfterSeconds: 3 });
    const a = await call(m.url, m, 'GET', '/v3/sessions');
    expect(a.status).toBe(429);
    expect(a.body['code']).toBe('rate_limited');
    expect(a.headers.get('retry-after')).toBe('3');
    m.setFaults({ rateLimitRate: 0 });
    expect((await call(m.url, m, 'GET', '/v3/sessions')).status).toBe(200);
    expect(m.faults).toMatchObject({ restErrorRate: 0, rateLimitRate: 0, retryAfterSeconds: 3 });
  });

  it('rejects invalid fault settings', () => {
    expect(() => m.setFaults({ dropProbability: 2 })).toThrow(RangeError);
    expect(() => m.setFaults({ latencyMs: -1 })).toThrow(RangeError);
    expect(m.violations).toEqual([]);
  });
});
