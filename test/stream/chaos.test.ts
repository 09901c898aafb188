/**
 * Chaos: 50 sessions × 2,000 events through 200 injected faults of every kind. The application
 * must see every event exactly once and in order per session, except ranges the stream announced
 * with `resync` (expired buffer, daemon restart) — never a silent skip — and every turn's stop
 * event once.
 */
import { expect, it } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import { isStopEvent, SessionStream, type ResyncInfo, type StreamError } from '../../src/stream/index.js';
import { setup, until } from './harness.js';

const SESSIONS = 50;
const PER_SESSION = 2000;
const FAULTS = 200;
const TOTAL = SESSIONS * PER_SESSION;

type Entry =
  | { k: 'ev'; sid: string; seq: number; epoch: string; env: EventEnvelope | { event: string; seq: number } }
  | { k: 'resync'; r: ResyncInfo; epochBefore: string };

function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

it(`${SESSIONS} sessions × ${PER_SESSION} events, ${FAULTS} faults: exactly once, in order, gaps announced`, async () => {
  const started = Date.now();
  const rnd = prng(42);
  // Short backoff: this test is about correctness, and every fault must hit a live connection.
  const { server, es } = await setup({ heartbeatIntervalMs: 20 }, { fillPageSize: 200, backoff: { baseMs: 10, capMs: 60 } });
  const log: Entry[] = [];
  const errors: StreamError[] = [];
  es.on('event', (env) => log.push({ k: 'ev', sid: env.sessionId, seq: env.seq, epoch: es.epoch!, env }));
  es.on('unknown', (env) => log.push({ k: 'ev', sid: env.sessionId, seq: env.seq, epoch: es.epoch!, env }));
  es.on('resync', (r) => log.push({ k: 'resync', r, epochBefore: es.epoch! }));
  es.on('error', (e) => errors.push(e));
  await until(() => es.state.type === 'open');

  // Truth: every envelope the daemon emitted, per epoch and session.
  const truth = new Map<string, Map<string, EventEnvelope[]>>();
  const record = (env: EventEnvelope) => {
    let byS = truth.get(server.epoch);
    if (!byS) truth.set(server.epoch, (byS = new Map()));
    let list = byS.get(env.sessionId);
    if (!list) byS.set(env.sessionId, (list = []));
    list.push(env);
  };

  // Two iterators ride along to check they see what the stream delivers.
  const iters = ['sess-0', 'sess-1'].map((sid) => {
    const it = new SessionStream(es, sid, { afterSeq: 0 });
    const got: number[] = [];
    const done = (async () => {
      for await (const ev of it) got.push(ev.seq);
    })();
    return { sid, got, done };
  });

  // Generator: turns of random length ending with a stop event, some tools/thinking/unknown names.
  const emitted = new Array<number>(SESSIONS).fill(0);
  const turnLeft = new Array<number>(SESSIONS).fill(0);
  const turnNo = new Array<number>(SESSIONS).fill(0);
  const emitOne = (i: number) => {
    const sid = `sess-${i}`;
    if (turnLeft[i] === 0) {
      turnLeft[i] = 3 + Math.floor(rnd() * 40);
      turnNo[i]!++;
    }
    const turn = `turn-${i}-${turnNo[i]}`;
    const left = --turnLeft[i]!;
    const last = emitted[i] === PER_SESSION - 1;
    let env: EventEnvelope;
    if (left === 0 || last) {
      const r = rnd();
      env = r < 0.8 ? server.done(sid, turn)
        : r < 0.9 ? server.append(sid, 'turn.error', { code: 'tool_failed', message: 'boom' }, turn)
        : server.append(sid, 'session.cancelled', { reason: 'user' }, turn);
      turnLeft[i] = 0;
    } else {
      const r = rnd();
      env = r < 0.85 ? server.token_(sid, turn, `t${emitted[i]} `)
        : r < 0.9 ? server.append(sid, 'turn.thinking', { token: 'hm' }, turn)
        : r < 0.94 ? server.append(sid, 'turn.tool_call', { callId: 'c', toolName: 'ls', args: {} }, turn)
        : r < 0.98 ? server.append(sid, 'turn.tool_result', { callId: 'c', toolName: 'ls', result: 'x'.repeat(4096), isError: false }, turn)
        : server.append(sid, 'turn.hologram', { shape: 'cube' }, turn); // unknown to this SDK
    }
    emitted[i]!++;
    record(env);
  };

  const kinds = ['close1001', 'close1011', 'close1012', 'close1013', 'close4429', 'close4408', 'destroy', 'blackhole', 'cut', 'garbage', 'garble', 'drop', 'rest500', 'expire', 'restart'] as const;
  const faultsDone: Record<string, number> = {};
  const inject = (n: number) => {
    // Restarts and expiries lose data by design: fewer of them, so most of the log is checkable.
    const kind = n % 40 === 39 ? 'restart' : n % 20 === 9 ? 'expire' : kinds[n % (kinds.length - 2)]!;
    faultsDone[kind] = (faultsDone[kind] ?? 0) + 1;
    switch (kind) {
      case 'close1001': return server.closeAll(1001);
      case 'close1011': return server.closeAll(1011, 'internal');
      case 'close1012': return server.closeAll(1012, 'restart');
      case 'close1013': return server.closeAll(1013, 'busy');
      case 'close4429': return server.closeAll(4429, 'too many');
      case 'close4408': return server.closeAll(4408, 'auth timeout');
      case 'destroy': return server.destroyAll();
      case 'blackhole': return server.blackHole();
      case 'cut': return server.cutMidFrame();
      case 'garbage': return server.sendRaw(rnd() < 0.5 ? '{"type":"event","envelope":{"seq":-1}}' : '\u0000garbage');
      case 'garble': return server.garbleEvents(1 + Math.floor(rnd() * 3));
      case 'drop': return server.dropEvents(1 + Math.floor(rnd() * 5));
      case 'rest500': server.restFailures++; return server.dropEvents(1);
      case 'expire': server.blackHole(); return setTimeout(() => server.expireAll(1), 30);
      case 'restart': return server.restart();
    }
  };

  // ~100k events over ~15 s with a fault every ~75 ms.
  const batch = Math.ceil(TOTAL / 3000);
  let produced = 0;
  let faults = 0;
  let nextFaultAt = produced + 300;
  while (produced < TOTAL) {
    for (let k = 0; k < batch && produced < TOTAL; k++) {
      let i = Math.floor(rnd() * SESSIONS);
      while (emitted[i]! >= PER_SESSION) i = (i + 1) % SESSIONS;
      emitOne(i);
      produced++;
      // A fault only when a connection is up, so each one hits something.
      if (produced >= nextFaultAt && faults < FAULTS && es.state.type === 'open' && server.conns.size > 0) {
        inject(faults++);
        nextFaultAt += Math.floor(TOTAL / (FAULTS + 10));
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(faults).toBe(FAULTS);

  // Catch up: every session's cursor at the final epoch's head.
  const finalEpoch = server.epoch;
  const finalTruth = truth.get(finalEpoch)!;
  await until(() => es.epoch === finalEpoch && [...finalTruth].every(([sid, list]) => es.cursor(sid) === list.length), 30_000, 'catch-up');

  // Walk the application's log per (epoch, session).
  const expected = new Map<string, number>(); // `${epoch} ${sid}` -> next seq
  const key = (epoch: string, sid: string) => `${epoch} ${sid}`;
  let delivered = 0;
  let lostKnown = 0;
  const stopsPerTurn = new Map<string, number>();
  for (const e of log) {
    if (e.k === 'ev') {
      const k = key(e.epoch, e.sid);
      const next = expected.get(k) ?? 1;
      expect(e.seq, `${k}: in order, once`).toBe(next);
      expect(e.env).toEqual(truth.get(e.epoch)!.get(e.sid)![e.seq - 1]);
      expected.set(k, next + 1);
      delivered++;
      const env = e.env as EventEnvelope;
      if (isStopEvent(env)) stopsPerTurn.set(`${e.epoch} ${env.turnId}`, (stopsPerTurn.get(`${e.epoch} ${env.turnId}`) ?? 0) + 1);
    } else if (e.r.reason === 'cursor_expired') {
      const k = key(e.r.epoch, e.r.sessionId);
      const next = expected.get(k) ?? 1;
      expect(e.r.fromSeq, `${k}: resync starts at the cursor`).toBe(next);
      expect(e.r.toSeq!).toBeGreaterThanOrEqual(e.r.fromSeq);
      lostKnown += e.r.toSeq! - e.r.fromSeq + 1;
      expected.set(k, e.r.toSeq! + 1);
    } else {
      // epoch change: whatever the old life held past the cursor must be announced here.
      const k = key(e.epochBefore, e.r.sessionId);
      expect(e.r.fromSeq).toBe(expected.get(k) ?? 1);
      expected.set(k, Infinity); // closed: nothing more may arrive for the old life
    }
  }
  // Every session of every epoch: delivered or announced up to its head (old lives: announced at the switch).
  for (const [epoch, byS] of truth) {
    for (const [sid, list] of byS) {
      const next = expected.get(key(epoch, sid)) ?? 1;
      if (epoch === finalEpoch) expect(next, `${epoch} ${sid} complete`).toBe(list.length + 1);
      else expect(next, `${epoch} ${sid} closed by a resync`).toBe(Infinity);
    }
  }
  for (const [turn, n] of stopsPerTurn) expect(n, `${turn}: one stop event`).toBe(1);
  for (const [, list] of finalTruth) {
    for (const env of list) if (isStopEvent(env)) expect(stopsPerTurn.get(`${finalEpoch} ${env.turnId}`)).toBe(1);
  }
  // Errors were reported (garbage frames, failed fills) but none was fatal.
  expect(errors.every((e) => e.name === 'ProtocolError' || e.name === 'StreamError')).toBe(true);
  expect(es.state.type).toBe('open');

  // The iterators yielded exactly what the stream delivered for their sessions, across epochs.
  es.close();
  for (const it of iters) {
    await it.done;
    const mine = log.filter((e): e is Extract<Entry, { k: 'ev' }> => e.k === 'ev' && e.sid === it.sid && (e.env.event as string) !== 'turn.hologram');
    expect(it.got).toEqual(mine.map((e) => e.seq));
  }
  await server.close();

  const seconds = (Date.now() - started) / 1000;
  console.log(
    `chaos: ${delivered} delivered, ${lostKnown} announced lost (expired), ${FAULTS} faults ${JSON.stringify(faultsDone)}, ` +
      `${server.connections} connections, ${server.restRequests} REST fills, ${errors.length} errors reported, ${seconds.toFixed(1)} s`,
  );
  expect(seconds).toBeLessThan(60);
}, 90_000);
