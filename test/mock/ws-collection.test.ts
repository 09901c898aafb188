/**
 * Stream v2 contract on the mock: the collection cursor (sessions born while a client was away
 * replay from seq 1), answers per subscribe_all entry, bounded replay (no double queue, 4460 for
 * a consumer that stops reading) and how fast `ping` is answered.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { STREAM_LIMITS } from '../../generated/stream-protocol.js';
import { Recorder, STOP_EVENTS, call, checkSeqs, turnEnded, waitFor, type Json } from './helpers.js';

let m: MockDaemon;

async function session(daemon = m): Promise<string> {
  return (await call(daemon.url, daemon, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'qwen3-72b' } })).body['id'] as string;
}
async function runTurn(sid: string, content = 'Explain how unified memory works on Apple Silicon', daemon = m): Promise<void> {
  await call(daemon.url, daemon, 'POST', `/v3/sessions/${sid}/turns`, { body: { content } });
  await turnEnded(daemon, sid);
}
/** A subscribe_all connection's collection cursor, from the heartbeat that closes its answer. */
async function collectionCursor(r: Recorder, from = 0): Promise<number> {
  const hb = await r.next((f) => f['type'] === 'heartbeat' && typeof f['sessionsSeq'] === 'number', 5_000, from);
  return hb['sessionsSeq'] as number;
}

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, paceMs: 0, heartbeatIntervalMs: 60_000, strict: true });
});
afterAll(async () => {
  await m?.close();
});

describe('collection cursor', () => {
  it('a session created and finished while the client was away replays whole (42 of 42 events)', async () => {
    await session(); // an older session: the collection is not empty
    const first = await Recorder.authed(m);
    first.send({ type: 'subscribe_all', cursors: {} });
    const seen = await collectionCursor(first);
    first.close();

    // While the client is away: a new session runs a turn to its stop event.
    const sid = await session();
    await runTurn(sid);

    // Without the collection cursor the daemon cannot tell this session was born in the gap.
    const blind = await Recorder.authed(m);
    blind.send({ type: 'subscribe_all', cursors: {} });
    await collectionCursor(blind);
    expect(blind.events(sid)).toEqual([]);
    blind.close();

    const back = await Recorder.authed(m);
    back.send({ type: 'subscribe_all', cursors: {}, afterSessionsSeq: seen });
    expect(await back.next((f) => f['type'] === 'subscribed' && f['sessionId'] === sid)).toMatchObject({ afterSeq: 0 });
    await waitFor(() => back.events(sid).some((e) => STOP_EVENTS.has(e['event'] as string)));
    expect(back.events(sid)).toHaveLength(42);
    checkSeqs(back.events(sid), 1);
    expect(await collectionCursor(back)).toBe(seen + 1);
    back.close();
  });

  it('auth_ok carries the collection cursor of the upgrade: a session born before auth replays whole', async () => {
    const probe = await Recorder.authed(m);
    const count = probe.frames[0]?.['sessionsSeq'] as number;
    probe.close();
    const r = new Recorder(m.wsUrl);
    await r.opened;
    const sid = await session(); // created after the upgrade, before auth
    r.send({ type: 'auth', token: m.token });
    const ok = await r.next((f) => f['type'] === 'auth_ok');
    expect(ok['sessionsSeq']).toBe(count);
    r.send({ type: 'subscribe_all', cursors: {}, afterSessionsSeq: ok['sessionsSeq'] });
    expect(await r.next((f) => f['type'] === 'subscribed' && f['sessionId'] === sid)).toMatchObject({ afterSeq: 0, headSeq: 0 });
    expect(await collectionCursor(r)).toBe(count + 1);
    r.close();
  });

  it('carries the collection cursor in the subscribed of a session created later and in heartbeats', async () => {
    const r = await Recorder.authed(m);
    r.send({ type: 'subscribe_all', cursors: {} });
    const before = await collectionCursor(r);
    const sid = await session();
    expect(await r.next((f) => f['type'] === 'subscribed' && f['sessionId'] === sid)).toMatchObject({ afterSeq: 0, sessionsSeq: before + 1 });
    r.close();
    // A single-session connection gets no collection cursor: there it would mean nothing.
    const single = await startMockDaemon({ port: 0, paceMs: 0, heartbeatIntervalMs: 30, strict: true });
    try {
      const s = await session(single);
      const one = await Recorder.authed(single);
      one.send({ type: 'subscribe', sessionId: s, afterSeq: 0 });
      const hb = await one.next((f) => f['type'] === 'heartbeat');
      expect(hb['sessionsSeq']).toBeUndefined();
      one.close();
    } finally {
      await single.close();
    }
  });

  it('a new epoch numbers the surviving sessions first: after the change, 0 replays every session of the new life', async () => {
    const r2 = await startMockDaemon({ port: 0, paceMs: 0, heartbeatIntervalMs: 60_000, strict: true });
    try {
      const old = await session(r2);
      await r2.restart();
      await runTurn(old, 'hi', r2); // events of the new life in a session the client never saw
      const born = await session(r2);
      const c = await Recorder.authed(r2);
      expect(c.frames[0]).toMatchObject({ type: 'auth_ok', sessionsSeq: 2 });
      c.send({ type: 'subscribe_all', cursors: {}, afterSessionsSeq: 0 });
      expect(await collectionCursor(c)).toBe(2);
      await c.next((f) => f['type'] === 'subscribed' && f['sessionId'] === born && f['afterSeq'] === 0);
      await c.next((f) => f['type'] === 'subscribed' && f['sessionId'] === old && f['afterSeq'] === 0);
      await waitFor(() => c.events(old).some((e) => STOP_EVENTS.has(e['event'] as string)));
      checkSeqs(c.events(old), 1);
      c.close();
    } finally {
      await r2.close();
    }
  });
});

describe('answers per subscribe_all entry', () => {
  it('a bad cursor, a bad id and an unknown session each get their own error; the good entries stream', async () => {
    const ok1 = await session();
    const ok2 = await session();
    await runTurn(ok2, 'hi');
    const r = await Recorder.authed(m);
    r.send({ type: 'subscribe_all', cursors: { [ok1]: -1, 'bad id': 3, 'sess-nope1': 2, [ok2]: 0 } });
    await collectionCursor(r);
    const errors = r.frames.filter((f) => f['type'] === 'error');
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'bad_frame', sessionId: ok1, entry: ok1 }),
      expect.objectContaining({ code: 'bad_frame', entry: 'bad id' }),
      expect.objectContaining({ code: 'session_not_found', sessionId: 'sess-nope1', entry: 'sess-nope1' }),
    ]));
    expect(errors).toHaveLength(3);
    // ok2 replays from 0; ok1 (bad cursor) is still followed like any unlisted session.
    await waitFor(() => r.events(ok2).some((e) => STOP_EVENTS.has(e['event'] as string)));
    checkSeqs(r.events(ok2), 1);
    expect(r.frames.some((f) => f['type'] === 'subscribed' && f['sessionId'] === ok1)).toBe(true);
    expect(r.closed).toBeUndefined();
    r.close();
    expect(m.violations).toEqual([]);
  });
});

describe('bounded replay', () => {
  it('200 re-subscribes of a session already followed queue its events once', async () => {
    const sid = await session();
    await runTurn(sid);
    const r = await Recorder.authed(m);
    for (let i = 0; i < 200; i++) r.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
    r.send({ type: 'ping', id: 'end' });
    await r.next((f) => f['type'] === 'pong' && f['id'] === 'end');
    expect(r.frames.filter((f) => f['type'] === 'subscribed')).toHaveLength(200);
    expect(r.events(sid)).toHaveLength(42);
    checkSeqs(r.events(sid), 1);
    const acks = r.frames.filter((f) => f['type'] === 'subscribed');
    expect(acks[0]).toMatchObject({ afterSeq: 0 });
    expect(acks.slice(1).every((f) => f['afterSeq'] === 42)).toBe(true);
    r.close();
  });

  it('a consumer that stops reading is closed with 4460 slow_consumer instead of an unbounded queue', async () => {
    const big = await startMockDaemon({ port: 0, paceMs: 0, heartbeatIntervalMs: 60_000, strict: true, scenario: 'tools' });
    try {
      const sid = await session(big);
      for (let i = 0; i < 3; i++) await runTurn(sid, '[mock:tools] read everything', big);
      const r = await Recorder.authed(big);
      const socket = (r.ws as unknown as { _socket: Socket })._socket;
      socket.pause(); // stops reading: the daemon's queue grows
      // Each unsubscribe + subscribe is a fresh replay of the whole session.
      for (let i = 0; i < 400; i++) {
        r.send({ type: 'unsubscribe', sessionId: sid });
        r.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
      }
      await waitFor(() => big.connectionCount() === 0 || undefined, 20_000, 'the daemon to drop the slow consumer');
      socket.resume();
      const closed = await r.waitClose();
      // The close frame waits behind the queue; a client that read it sees 4460, else an abrupt end.
      expect([4460, 1006]).toContain(closed.code);
      expect(big.violations).toEqual([]);
    } finally {
      await big.close();
    }
  }, 40_000);
});

describe('liveness', () => {
  it(`answers ping within pongWithinMs (${STREAM_LIMITS.pongWithinMs} ms)`, async () => {
    const r = await Recorder.authed(m);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      r.send({ type: 'ping', id: `p${i}` });
      await r.next((f: Json) => f['type'] === 'pong' && f['id'] === `p${i}`);
      times.push(performance.now() - t0);
    }
    expect(Math.max(...times)).toBeLessThan(STREAM_LIMITS.pongWithinMs);
    r.close();
  });
});
