import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import { backoffDelay } from '../../src/stream/backoff.js';
import { createState, step, type CoreOptions, type Effect } from '../../src/stream/core.js';
import { setup, until } from './harness.js';

describe('backoff', () => {
  const b = {};
  it('documents its defaults', () => {
    // initialDelayMaxMs 0 (at once), baseMs 100, capMs 1000 (healthyAfterMs 3000 is applied by the core)
    expect(backoffDelay(b, 0, () => 1)).toBe(0);
    expect(backoffDelay(b, 1, () => 1)).toBe(100);
    expect(backoffDelay(b, 99, () => 1)).toBe(1000);
    expect(backoffDelay({ initialDelayMaxMs: 500 }, 0, () => 1)).toBe(100);
  });
  it('first retry within initialDelayMaxMs, then full jitter up to base·2^(n-1), capped', () => {
    expect(backoffDelay({ initialDelayMaxMs: 50 }, 0, () => 0.999)).toBeLessThan(50);
    expect(backoffDelay(b, 1, () => 1)).toBe(100);
    expect(backoffDelay(b, 3, () => 1)).toBe(400);
    expect(backoffDelay(b, 30, () => 1)).toBe(1000);
    expect(backoffDelay(b, 5, () => 0)).toBe(0); // full jitter: anywhere from 0
  });
});

describe('liveness (the production core, by wall clock)', () => {
  const options: CoreOptions = {
    follow: 'all', connectTimeoutMs: 10_000, pingAfterSilenceMs: 1000, pongTimeoutMs: 1200, deadLinkFactor: 2,
    fillPageSize: 500, fillTimeoutMs: 5000, backoff: {}, healthyAfterMs: 3000, canDiagnose: false, diagnoseTimeoutMs: 2500, errorEveryMs: 30_000,
  };
  /** A core that is open at time 0 with the given heartbeat. */
  function openCore(heartbeatIntervalMs: number) {
    const state = createState(options);
    step(state, { type: 'connect', now: 0 });
    step(state, { type: 'socketOpened', connection: state.connection });
    step(state, { type: 'frame', connection: state.connection, now: 0, frame: { type: 'auth_ok', connectionId: 'c', epoch: 'e', heartbeatIntervalMs, limits: { maxClientFrameBytes: 1, maxSubscriptions: 1 } } });
    expect(state.phase).toBe('open');
    return state;
  }
  const tick = (state: ReturnType<typeof openCore>, now: number) => step(state, { type: 'tick', now, random: 0.5 }).effects;
  const pings = (effects: readonly Effect[]) => effects.filter((e) => e.type === 'send' && e.frame.type === 'ping').length;
  const dead = (effects: readonly Effect[]) => effects.some((e) => e.type === 'disconnected' && /dead link/.test(e.info.reason));
  /** Ticks whenever the core asks until the link is declared dead: when the ping went out and when it died. */
  function silence(state: ReturnType<typeof openCore>, limit: number) {
    let now = 0;
    let pingAt = -1;
    let deadAt = -1;
    while (deadAt < 0 && now < limit) {
      now = state.wakeAt!;
      const effects = tick(state, now);
      if (pings(effects)) pingAt = now;
      if (dead(effects)) deadAt = now;
    }
    return { pingAt, deadAt };
  }
  const token = (seq: number): EventEnvelope => ({ event: 'turn.token', seq, sessionId: 'sess-a', turnId: 'turn-1', time: 't', data: { token: 'x' } });

  it('a timer that fires late (throttled tab, sleeping laptop) sees the whole silence at once: ping, then dead', () => {
    const state = openCore(10_000);
    expect(pings(tick(state, 60_000))).toBe(1);
    expect(dead(tick(state, 61_000))).toBe(false);
    const effects = tick(state, 61_200);
    expect(dead(effects)).toBe(true);
    expect(effects.find((e) => e.type === 'disconnected')).toMatchObject({ info: { code: 1006, reason: 'dead link: no frame for 61200 ms, ping unanswered' } });
  });

  it('stays quiet while frames arrive; any frame answers a ping', () => {
    const state = openCore(40);
    for (let now = 25; now < 5000; now += 25) {
      step(state, { type: 'frame', connection: state.connection, now, frame: { type: 'pong' } });
      const effects = tick(state, now);
      expect(pings(effects) + Number(dead(effects))).toBe(0);
    }
    expect(pings(tick(state, 6000))).toBe(1);
    step(state, { type: 'event', connection: state.connection, envelope: token(1) });
    expect(dead(tick(state, 7000))).toBe(false);
  });

  it('while a turn streams, a silence of pingAfterSilenceMs is probed; unanswered, the link is dead within 3 s', () => {
    const state = openCore(10_000);
    step(state, { type: 'event', connection: state.connection, envelope: token(1) }); // a turn is open
    const { pingAt, deadAt } = silence(state, 10_000);
    expect(pingAt).toBeGreaterThanOrEqual(1000);
    expect(pingAt).toBeLessThanOrEqual(1400);
    expect(deadAt).toBeLessThanOrEqual(3000);
  });

  it('idle, the probe waits for about two heartbeats and the link is declared dead by then', () => {
    const { pingAt, deadAt } = silence(openCore(10_000), 60_000);
    expect(pingAt).toBeGreaterThanOrEqual(20_000 - 1200);
    expect(deadAt).toBeLessThanOrEqual(20_000 + 200);
  });
});

describe('reconnect delays (the production core)', () => {
  const options: CoreOptions = {
    follow: 'all', connectTimeoutMs: 10_000, pingAfterSilenceMs: 1000, pongTimeoutMs: 1200, deadLinkFactor: 2,
    fillPageSize: 500, fillTimeoutMs: 5000, backoff: { baseMs: 100, capMs: 1000 }, healthyAfterMs: 3000, canDiagnose: false, diagnoseTimeoutMs: 2500, errorEveryMs: 30_000,
  };
  const authOk = (state: ReturnType<typeof createState>, now: number) =>
    step(state, { type: 'frame', connection: state.connection, now, frame: { type: 'auth_ok', connectionId: 'c', epoch: 'e', heartbeatIntervalMs: 10_000, limits: { maxClientFrameBytes: 1, maxSubscriptions: 1 } } });
  /** Drops the open link at `now` (random 1: the longest jitter) and returns the delay of the retry. */
  const dropAt = (state: ReturnType<typeof createState>, now: number) => {
    const effects = step(state, { type: 'socketClosed', connection: state.connection, code: 1006, reason: '', now, random: 1 }).effects;
    const reconnecting = effects.find((e) => e.type === 'state' && e.state.type === 'reconnecting');
    return reconnecting && reconnecting.type === 'state' && reconnecting.state.type === 'reconnecting' ? reconnecting.state.nextRetryAt - now : -1;
  };
  const retryAt = (state: ReturnType<typeof createState>, now: number) => step(state, { type: 'tick', now, random: 1 });

  it('the first reconnect after a healthy connection goes out at once, in the same step', () => {
    const state = createState(options);
    step(state, { type: 'connect', now: 0 });
    authOk(state, 0);
    const effects = step(state, { type: 'socketClosed', connection: state.connection, code: 1006, reason: '', now: 5000, random: 1 }).effects;
    expect(effects.map((e) => e.type)).toEqual(['closeSocket', 'disconnected', 'state', 'open']);
  });

  it('a connection that dies young keeps a short backoff (flapping); failures before auth_ok grow it to the cap', () => {
    const state = createState(options);
    step(state, { type: 'connect', now: 0 });
    authOk(state, 0);
    let now = 0;
    const flapping: number[] = [];
    for (let i = 0; i < 6; i++) {
      now += 200;
      flapping.push(dropAt(state, now));
      retryAt(state, (now += flapping.at(-1)!));
      authOk(state, now);
    }
    expect(flapping).toEqual([0, 100, 200, 200, 200, 200]);
    const failing: number[] = [];
    for (let i = 0; i < 6; i++) {
      const effects = step(state, { type: 'socketClosed', connection: state.connection, code: 1006, reason: '', now, random: 1 }).effects;
      const s = effects.find((e) => e.type === 'state');
      failing.push(s?.type === 'state' && s.state.type === 'reconnecting' ? s.state.nextRetryAt - now : -1);
      retryAt(state, (now += failing.at(-1)!)); // and fails again before auth_ok
    }
    expect(failing).toEqual([200, 400, 800, 1000, 1000, 1000]); // the young link's drop, then failures
  });
});

describe('reconnect over a real socket under flapping', () => {
  it('keeps reconnecting quickly while connections die young', async () => {
    const { server, es } = await setup({ dropAfterMs: 20 }, { backoff: { baseMs: 5, capMs: 40, healthyAfterMs: 300 } });
    const opens: number[] = [];
    es.on('connect', () => opens.push(Date.now()));
    await until(() => opens.length >= 6, 5000);
    es.close();
    await server.close();
  });
});

describe('browser safety', () => {
  it('nothing reachable from src/stream/index.ts or src/protocol.ts imports node:* or ws', async () => {
    for (const entry of ['src/stream/index.ts', 'src/protocol.ts']) {
      const r = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, minify: true, logLevel: 'silent' });
      const inputs = Object.keys(r.metafile.inputs);
      expect(inputs.filter((i) => i.startsWith('node:') || i.includes('node_modules/ws'))).toEqual([]);
    }
  });
});

/** A WebSocket the test drives by hand: every socket the stream creates lands in `sockets`. */
function fakeTransport() {
  const sockets: FakeSocket[] = [];
  class FakeSocket {
    onopen: ((ev: never) => void) | null = null;
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onclose: ((ev: { code: number; reason: string }) => void) | null = null;
    onerror: ((ev: never) => void) | null = null;
    sent: string[] = [];
    closed = false;
    constructor(readonly url: string) {
      sockets.push(this);
    }
    send(d: string) {
      this.sent.push(d);
    }
    close() {
      this.closed = true;
    }
  }
  return { sockets, FakeSocket };
}

/** An EventStream over a fake transport (token `tok`, first retry within 1 ms). */
async function streamOnFakeTransport() {
  const { EventStream } = await import('../../src/stream/index.js');
  const { sockets, FakeSocket } = fakeTransport();
  const es = new EventStream({
    url: () => 'ws://127.0.0.1:1/v3/ws',
    getToken: () => 'tok',
    fetchEvents: () => Promise.reject(new Error('unused')),
    WebSocket: FakeSocket,
    backoff: { initialDelayMaxMs: 1 },
  });
  return { sockets, es };
}

describe('retired sockets and single flight (fake transport)', () => {
  it('detaches every handler from a retired socket and opens exactly one replacement', async () => {
    const { sockets, es } = await streamOnFakeTransport();
    await until(() => sockets.length === 1);
    const first = sockets[0]!;
    (first.onopen as () => void)();
    expect(first.sent).toEqual(['{"type":"auth","token":"tok"}']);
    first.onmessage!({ data: '{"type":"auth_ok","connectionId":"c","epoch":"e","heartbeatIntervalMs":1000,"limits":{"maxClientFrameBytes":65536,"maxSubscriptions":256}}' });
    expect(es.state.type).toBe('open');
    const onclose = first.onclose!;
    onclose({ code: 1006, reason: '' });
    onclose({ code: 1006, reason: '' }); // a late duplicate: ignored
    expect([first.onopen, first.onmessage, first.onclose]).toEqual([null, null, null]);
    expect(first.closed).toBe(true);
    await until(() => sockets.length === 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(sockets.length).toBe(2);
    es.close();
    expect(sockets[1]!.onmessage).toBeNull();
  });

  it('a socket that fires only `error` (the WebSocket of Node 22 on a failed handshake) counts as closed and is replaced', async () => {
    const { sockets, es } = await streamOnFakeTransport();
    await until(() => sockets.length === 1);
    (sockets[0]!.onerror as () => void)(); // and no close event ever
    await until(() => sockets.length === 2, 3000, 'a replacement socket');
    expect(sockets[0]!.onclose).toBeNull(); // retired
    es.close();
  });
});

describe('classifyProbe (why a connection failed, from the REST probe)', () => {
  it('reads the REST client errors: 403 by its contract code with the fix, 401, unreachable, anything else', async () => {
    const { classifyProbe } = await import('../../src/stream/diagnose.js');
    expect(classifyProbe({ ok: true })).toEqual({ kind: 'reachable' });
    const origin = classifyProbe({ ok: false, error: { name: 'PermissionDeniedError', status: 403, code: 'origin_forbidden' } });
    expect(origin).toMatchObject({ kind: 'forbidden', reason: 'origin_forbidden', fix: expect.stringMatching(/allowed origins/) });
    const host = classifyProbe({ ok: false, error: { name: 'PermissionDeniedError', status: 403, code: 'host_forbidden' } });
    expect(host).toMatchObject({ kind: 'forbidden', reason: 'host_forbidden', fix: expect.stringMatching(/--allowed-host/) });
    expect(classifyProbe({ ok: false, error: { status: 403 } })).toMatchObject({ kind: 'forbidden', reason: 'forbidden' });
    expect(classifyProbe({ ok: false, error: { name: 'AuthenticationError', status: 401 } })).toMatchObject({ kind: 'unauthorized' });
    for (const name of ['APIConnectionError', 'APITimeoutError']) expect(classifyProbe({ ok: false, error: { name } })).toMatchObject({ kind: 'unreachable' });
    expect(classifyProbe({ ok: false, error: { name: 'InternalServerError', status: 500 } })).toMatchObject({ kind: 'unknown' });
  });

  it('a 401 probe re-reads the token once, then stops with StreamAuthError; forbidden stops at once', () => {
    const options: CoreOptions = {
      follow: 'all', connectTimeoutMs: 10_000, pingAfterSilenceMs: 750, pongTimeoutMs: 1200, deadLinkFactor: 2,
      fillPageSize: 500, fillTimeoutMs: 5000, backoff: {}, healthyAfterMs: 3000, canDiagnose: true, diagnoseTimeoutMs: 2500, errorEveryMs: 30_000,
    };
    const state = createState(options);
    step(state, { type: 'connect', now: 0 });
    const failOnce = (now: number) => {
      const closed = step(state, { type: 'socketClosed', connection: state.connection, code: 1006, reason: '', now, random: 0 }).effects;
      const diagnose = closed.find((e) => e.type === 'diagnose');
      expect(diagnose, 'the probe runs before the retry').toBeDefined();
      expect(closed.some((e) => e.type === 'open')).toBe(false); // the retry waits for the probe
      return step(state, { type: 'diagnosis', connection: diagnose!.type === 'diagnose' ? diagnose!.connection : -1, finding: { kind: 'unauthorized', cause: undefined }, now }).effects;
    };
    expect(failOnce(10)).toContainEqual({ type: 'open', connection: state.connection, refreshToken: true });
    const second = failOnce(20);
    expect(second.find((e) => e.type === 'error')).toMatchObject({ error: { name: 'StreamAuthError' } });
    expect(state.phase).toBe('closed');
  });
});
