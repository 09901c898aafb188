import { describe, expect, it } from 'vitest';
import type { ResyncInfo, StreamState, WebSocketConstructor } from '../../src/stream/index.js';
import type { StreamServer } from '../helpers/stream-server.js';
import { range, seqs, perTest, until } from './harness.js';

const { start, cleanup } = perTest();
const open = (es: { state: StreamState }) => es.state.type === 'open';
function burst(server: StreamServer, sid: string, n: number, turn = 'turn-1') {
  for (let i = 0; i < n; i++) server.token_(sid, turn, `t${i} `);
}

describe('EventStream', () => {
  it('follows every session with subscribe_all; new sessions start at seq 1', async () => {
    const { server, es, events } = await start();
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 3);
    burst(server, 'sess-b', 2);
    server.done('sess-a', 'turn-1');
    await until(() => events.length === 6);
    expect(seqs(events, 'sess-a')).toEqual([1, 2, 3, 4]);
    expect(seqs(events, 'sess-b')).toEqual([1, 2]);
    expect(es.cursor('sess-a')).toBe(4);
  });

  it('resumes after a clean close and an abrupt destroy without loss or repeats', async () => {
    const { server, es, events } = await start();
    const reconnects: number[] = [];
    es.on('reconnect', (i) => reconnects.push(i.attempts));
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 5);
    await until(() => events.length === 5);
    server.closeAll(1001);
    burst(server, 'sess-a', 5); // emitted while the client is away
    await until(() => events.length === 10);
    server.destroyAll();
    burst(server, 'sess-a', 5);
    await until(() => events.length === 15);
    expect(seqs(events)).toEqual(range(1, 15));
    expect(reconnects.length).toBe(2);
  });

  it('declares a black-holed link dead by heartbeat and replaces it', async () => {
    const { server, es, events } = await start({ heartbeatIntervalMs: 50 });
    await until(() => open(es) && server.following);
    const conns = server.connections;
    server.blackHole();
    burst(server, 'sess-a', 3);
    await until(() => events.length === 3, 3000, 'resume after black hole');
    expect(server.connections).toBe(conns + 1);
    expect(seqs(events)).toEqual([1, 2, 3]);
  });

  it('survives a frame cut in the middle', async () => {
    const { server, es, events } = await start();
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 2);
    await until(() => events.length === 2);
    server.cutMidFrame();
    burst(server, 'sess-a', 2);
    await until(() => events.length === 4);
    expect(seqs(events)).toEqual([1, 2, 3, 4]);
  });

  it('fills a lost frame from REST (next event reveals the gap)', async () => {
    const { server, es, events } = await start();
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 2);
    server.dropEvents(2);
    burst(server, 'sess-a', 4);
    await until(() => events.length === 6);
    expect(seqs(events)).toEqual(range(1, 6));
    expect(server.restRequests).toBeGreaterThan(0);
  });

  it('fills a lost last frame from REST when a heartbeat shows the head ahead', async () => {
    const { server, es, events } = await start({ heartbeatIntervalMs: 30 });
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 2);
    await until(() => events.length === 2);
    server.dropEvents(1);
    burst(server, 'sess-a', 1);
    await until(() => events.length === 3, 2000, 'heartbeat-driven fill');
    expect(seqs(events)).toEqual([1, 2, 3]);
  });

  it('reports an expired cursor with resync and continues from what is held', async () => {
    const { server, es, events } = await start();
    const resyncs: ResyncInfo[] = [];
    es.on('resync', (r) => resyncs.push(r));
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 3);
    await until(() => events.length === 3);
    server.blackHole();
    burst(server, 'sess-a', 10); // seq 4..13, never sent
    server.expireAll(4); // holds 10..13, drops the connection
    await until(() => events.length === 7);
    expect(seqs(events)).toEqual([1, 2, 3, 10, 11, 12, 13]);
    expect(resyncs).toEqual([expect.objectContaining({ sessionId: 'sess-a', reason: 'cursor_expired', fromSeq: 4, toSeq: 9, cursor: 9 })]);
  });

  it('reports a 410 from the gap filler as a resync', async () => {
    const { server, es, events } = await start();
    const resyncs: ResyncInfo[] = [];
    es.on('resync', (r) => resyncs.push(r));
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 2);
    await until(() => events.length === 2);
    server.dropEvents(5);
    burst(server, 'sess-a', 5); // 3..7 lost on the wire
    server.expire('sess-a', 2); // holds 6..7
    burst(server, 'sess-a', 1); // 8 arrives: gap 3..7, REST says 410
    await until(() => events.length === 5);
    expect(seqs(events)).toEqual([1, 2, 6, 7, 8]);
    expect(resyncs).toMatchObject([{ reason: 'cursor_expired', fromSeq: 3, toSeq: 5 }]);
  });

  it('resets cursors on an epoch change and says so', async () => {
    const { server, es, events } = await start();
    const resyncs: ResyncInfo[] = [];
    es.on('resync', (r) => resyncs.push(r));
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 3);
    await until(() => events.length === 3);
    server.restart();
    await until(() => es.epoch === 'ep-2');
    burst(server, 'sess-a', 2);
    await until(() => events.length === 5);
    expect(seqs(events)).toEqual([1, 2, 3, 1, 2]);
    expect(resyncs).toMatchObject([{ reason: 'epoch_changed', previousCursor: 3, fromSeq: 4, toSeq: null, cursor: 0, epoch: 'ep-2' }]);
  });

  it('passes unknown event names through "unknown", in order, advancing the cursor', async () => {
    const { server, es, events } = await start();
    const unknown: { event: string; seq: number }[] = [];
    es.on('unknown', (u) => unknown.push(u));
    await until(() => open(es) && server.following);
    server.token_('sess-a', 'turn-1', 'a');
    server.append('sess-a', 'turn.hologram', { x: 1 }, 'turn-1');
    server.token_('sess-a', 'turn-1', 'b');
    await until(() => events.length === 2);
    expect(unknown).toMatchObject([{ event: 'turn.hologram', seq: 2 }]);
    expect(es.cursor('sess-a')).toBe(3);
  });

  it("follow 'none' only streams subscribed sessions, resuming from afterSeq", async () => {
    const { server, es, events } = await start({}, { follow: 'none' });
    await until(() => open(es)); // nothing followed yet
    burst(server, 'sess-a', 4);
    burst(server, 'sess-b', 4);
    es.subscribe('sess-b', { afterSeq: 2 });
    await until(() => events.length === 2);
    server.closeAll();
    burst(server, 'sess-b', 1);
    await until(() => events.length === 3);
    expect(events.map((e) => `${e.sessionId}:${e.seq}`)).toEqual(['sess-b:3', 'sess-b:4', 'sess-b:5']);
    es.unsubscribe('sess-b');
    burst(server, 'sess-b', 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.length).toBe(3);
    es.subscribe('sess-b'); // resumes from the kept cursor: seq 6 is not skipped
    await until(() => events.length === 4);
    expect(events.at(-1)!.seq).toBe(6);
    expect(es.cursor('sess-b')).toBe(6);
  });

  it('resumes from persisted cursors of the same epoch', async () => {
    const { server, make } = await start();
    burst(server, 'sess-a', 5);
    const es2 = make({ sessions: { 'sess-a': 3 }, epoch: 'ep-1' });
    cleanup.push(async () => es2.close());
    const got: number[] = [];
    es2.on('event', (e) => got.push(e.seq));
    await until(() => got.length === 2);
    expect(got).toEqual([4, 5]);
  });

  it('reports states: connecting, open, reconnecting with attempt and nextRetryAt, closed', async () => {
    const { server, make } = await start();
    const states: StreamState[] = [];
    const es2 = make({ autoConnect: false });
    es2.on('state', (s) => states.push(s));
    es2.connect();
    await until(() => open(es2));
    server.destroyAll();
    await until(() => states.filter((s) => s.type === 'open').length === 2);
    es2.close();
    expect(states.map((s) => s.type)).toEqual(['connecting', 'open', 'reconnecting', 'open', 'closed']);
    const r = states[2] as Extract<StreamState, { type: 'reconnecting' }>;
    expect(r.attempt).toBe(1);
    expect(r.nextRetryAt).toBeLessThanOrEqual(Date.now() + 100);
  });

  it('retries a failed REST fill through a reconnect, without loss', async () => {
    const { server, es, events } = await start();
    const errors: Error[] = [];
    es.on('error', (e) => errors.push(e));
    await until(() => open(es) && server.following);
    burst(server, 'sess-a', 1);
    server.restFailures = 1;
    server.dropEvents(1);
    burst(server, 'sess-a', 2);
    await until(() => events.length === 3);
    expect(seqs(events)).toEqual([1, 2, 3]);
    expect(errors.map((e) => e.name)).toEqual(['StreamError']);
  });
});

describe('cursors from another life', () => {
  it('persisted cursors above the head (no epoch given) are reset with a resync and replayed from 1', async () => {
    const { server, make } = await start();
    burst(server, 'sess-a', 3);
    const es2 = make({ sessions: { 'sess-a': 40 } }); // from a previous daemon life, epoch unknown
    cleanup.push(async () => es2.close());
    const got: number[] = [];
    const resyncs: ResyncInfo[] = [];
    es2.on('event', (e) => got.push(e.seq)).on('resync', (r) => resyncs.push(r));
    await until(() => got.length === 3);
    expect(got).toEqual([1, 2, 3]);
    expect(resyncs).toMatchObject([{ sessionId: 'sess-a', reason: 'epoch_changed', previousCursor: 40, cursor: 0 }]);
  });

  it('persisted cursors of another epoch are reset at auth_ok', async () => {
    const { server, make } = await start();
    burst(server, 'sess-a', 2);
    const es2 = make({ sessions: { 'sess-a': 1 }, epoch: 'ep-old' });
    cleanup.push(async () => es2.close());
    const got: number[] = [];
    es2.on('event', (e) => got.push(e.seq));
    await until(() => got.length === 2);
    expect(got).toEqual([1, 2]);
  });
});

describe('transports', () => {
  it("runs the same code on Node's global WebSocket (WHATWG API, no terminate())", async () => {
    const { server, make } = await start();
    const es2 = make({ WebSocket: globalThis.WebSocket as unknown as WebSocketConstructor });
    cleanup.push(async () => es2.close());
    const got: number[] = [];
    es2.on('event', (e) => got.push(e.seq));
    await until(() => es2.state.type === 'open');
    burst(server, 'sess-g', 2);
    await until(() => got.length === 2);
    server.destroyAll();
    burst(server, 'sess-g', 2);
    await until(() => got.length === 4);
    server.blackHole();
    burst(server, 'sess-g', 1);
    await until(() => got.length === 5, 3000);
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(server.upgradeUrls.every((u) => !u.includes(server.token))).toBe(true);
  });

  it('a failing url/token source is reported and retried', async () => {
    const { server, make } = await start();
    let calls = 0;
    const es2 = make({
      getToken: () => {
        if (++calls === 1) throw new Error('keyring locked');
        return server.token;
      },
    });
    cleanup.push(async () => es2.close());
    const errors: Error[] = [];
    es2.on('error', (e) => errors.push(e));
    await until(() => es2.state.type === 'open');
    expect(errors.map((e) => e.message)).toEqual(['could not get the stream url or token']);
    expect((errors[0]!.cause as Error).message).toBe('keyring locked');
  });
});
