/**
 * Bad clients get the contract's answers (close codes, error frames) while a well-behaved
 * client on the same mock keeps receiving every event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { Recorder, call, checkSeqs, turnEnded, waitFor } from './helpers.js';

let m: MockDaemon;
let good: Recorder;
let sid: string;

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, paceMs: 5, authTimeoutMs: 300, maxConnectionsPerToken: 6, strict: true });
  sid = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
  good = await Recorder.authed(m);
  good.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
  await good.next((f) => f['type'] === 'subscribed');
  await call(m.url, m, 'POST', `/v3/sessions/${sid}/turns`, { body: { content: '[mock:long] keep streaming while others misbehave' } });
});

afterAll(async () => {
  good?.close();
  await m?.close();
});

async function closedWith(send: (r: Recorder) => void, opts: { auth?: boolean } = {}): Promise<{ code: number; reason: string }> {
  const r = opts.auth ? await Recorder.authed(m) : new Recorder(m.wsUrl);
  await r.opened;
  send(r);
  const c = await r.waitClose();
  return c;
}

describe('WebSocket protocol errors', () => {
  it('malformed JSON closes 4400, before and after auth', async () => {
    expect((await closedWith((r) => r.send('{not json'))).code).toBe(4400);
    expect((await closedWith((r) => r.send('{not json'), { auth: true })).code).toBe(4400);
    expect((await closedWith((r) => r.send('[1,2]'), { auth: true })).code).toBe(4400);
  });

  it('a frame before auth closes 4400; binary frames close 4400', async () => {
    expect((await closedWith((r) => r.send({ type: 'ping' }))).code).toBe(4400);
    expect((await closedWith((r) => r.ws.send(Buffer.from([1, 2, 3])), { auth: true })).code).toBe(4400);
  });

  it('an unknown frame type closes 4400 (close-code table)', async () => {
    expect((await closedWith((r) => r.send({ type: 'subscribe_everything' }), { auth: true })).code).toBe(4400);
  });

  it('a wrong token closes 4401; no auth in time closes 4408', async () => {
    expect((await closedWith((r) => r.send({ type: 'auth', token: 'wrong' }))).code).toBe(4401);
    const t0 = Date.now();
    const timeout = await closedWith(() => undefined);
    expect(timeout.code).toBe(4408);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('a client frame over 64 KiB closes 4413; one just under is accepted', async () => {
    const r = await Recorder.authed(m);
    const frameOf = (bytes: number): string => {
      const head = '{"type":"ping","pad":"';
      return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
    };
    expect(Buffer.byteLength(frameOf(65_536))).toBe(65_536);
    r.send(frameOf(65_536)); // at the limit: read and answered (bad_frame: ping has no `pad`)
    await r.next((f) => f['type'] === 'error' && f['code'] === 'bad_frame');
    expect(r.closed).toBeUndefined();
    r.send(frameOf(65_537));
    expect((await r.waitClose()).code).toBe(4413);
  });

  it('malformed known frames and unknown sessions get error frames and the connection stays open', async () => {
    const r = await Recorder.authed(m);
    r.send({ type: 'subscribe', sessionId: 'sess-nope1', afterSeq: 0 });
    expect(await r.next((f) => f['type'] === 'error')).toMatchObject({ code: 'session_not_found', sessionId: 'sess-nope1' });
    r.send({ type: 'subscribe', sessionId: sid });
    expect(await r.next((f) => f['type'] === 'error' && f['code'] === 'bad_frame')).toMatchObject({ sessionId: sid });
    r.send({ type: 'subscribe_all', cursors: { 'sess-gone1': 3 } });
    expect(await r.next((f) => f['type'] === 'error' && f['sessionId'] === 'sess-gone1')).toMatchObject({ code: 'session_not_found' });
    r.send({ type: 'auth', token: m.token });
    await r.next((f) => f['type'] === 'error' && f['message'] === 'Already authenticated');
    r.send({ type: 'ping', id: 'still-here' });
    await r.next((f) => f['type'] === 'pong' && f['id'] === 'still-here');
    expect(r.closed).toBeUndefined();
    r.close();
  });

  it('the 257th single-session subscription gets too_many_subscriptions and the connection stays open', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 257; i++) ids.push((await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string);
    const r = await Recorder.authed(m);
    for (const id of ids) r.send({ type: 'subscribe', sessionId: id, afterSeq: 0 });
    const err = await r.next((f) => f['type'] === 'error');
    expect(err).toMatchObject({ code: 'too_many_subscriptions', sessionId: ids[256] });
    expect(r.frames.filter((f) => f['type'] === 'subscribed')).toHaveLength(256);
    r.send({ type: 'subscribe', sessionId: ids[0], afterSeq: 0 }); // re-subscribing is not a new one
    await r.next((f) => f['type'] === 'subscribed' && f['sessionId'] === ids[0], 5_000, r.frames.indexOf(err) + 1);
    r.send({ type: 'ping', id: 'p' });
    await r.next((f) => f['type'] === 'pong');
    expect(r.closed).toBeUndefined();
    r.close();
  });

  it('more connections than allowed per token close 4429', async () => {
    const open: Recorder[] = [];
    for (let i = 0; i < 5; i++) open.push(await Recorder.authed(m)); // + `good` = 6
    const extra = new Recorder(m.wsUrl);
    await extra.opened;
    extra.send({ type: 'auth', token: m.token });
    expect((await extra.waitClose()).code).toBe(4429);
    for (const r of open) r.close();
    await waitFor(() => m.connectionCount() <= 1);
  });

  it('the well-behaved client got every event of the turn, in order', async () => {
    await call(m.url, m, 'POST', `/v3/sessions/${sid}/cancel`);
    await turnEnded(m, sid);
    await waitFor(() => good.events(sid).at(-1)?.['event'] === 'session.cancelled');
    checkSeqs(good.events(sid), 1);
    expect(good.closed).toBeUndefined();
    expect(m.violations).toEqual([]);
  });
});
