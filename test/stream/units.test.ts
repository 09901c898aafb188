import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from '../../src/stream/backoff.js';
import type { StreamState } from '../../src/stream/index.js';
import { setup, until } from './harness.js';

describe('backoff', () => {
  const b = {};
  it('documents its defaults', () => {
    // initialDelayMaxMs 50, baseMs 100, capMs 1000 (healthyAfterMs 3000 is applied by the stream)
    expect(backoffDelay(b, 0, () => 1)).toBe(50);
    expect(backoffDelay(b, 1, () => 1)).toBe(100);
    expect(backoffDelay(b, 99, () => 1)).toBe(1000);
    expect(backoffDelay({ initialDelayMaxMs: 500 }, 0, () => 1)).toBe(100);
  });
  it('first retry within initialDelayMaxMs, then full jitter up to base·2^(n-1), capped', () => {
    expect(backoffDelay(b, 0, () => 0.999)).toBeLessThan(50);
    expect(backoffDelay(b, 1, () => 1)).toBe(100);
    expect(backoffDelay(b, 3, () => 1)).toBe(400);
    expect(backoffDelay(b, 30, () => 1)).toBe(1000);
    expect(backoffDelay(b, 5, () => 0)).toBe(0); // full jitter: anywhere from 0
  });
});

describe('dead-link watchdog (wall clock)', () => {
  afterEach(() => void vi.useRealTimers());
  /** A stream on a fake socket, open with heartbeatIntervalMs 40 (dead after 100 ms without a frame). */
  async function openStream() {
    vi.useFakeTimers();
    const { EventStream } = await import('../../src/stream/index.js');
    let socket: { onopen: (() => void) | null; onmessage: ((ev: { data: unknown }) => void) | null } | undefined;
    class FakeSocket {
      onopen = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      constructor() {
        socket = this;
      }
      send() {}
      close() {}
    }
    const es = new EventStream({
      url: () => 'ws://127.0.0.1:1/v3/ws',
      getToken: () => 'tok',
      fetchEvents: () => Promise.reject(new Error('unused')),
      WebSocket: FakeSocket,
    });
    const dead: number[] = [];
    es.on('disconnect', (d) => dead.push(Number(/no frame for (\d+) ms/.exec(d.reason)?.[1])));
    await vi.advanceTimersByTimeAsync(0); // url and token
    socket!.onopen!();
    socket!.onmessage!({ data: '{"type":"auth_ok","connectionId":"c","epoch":"e","heartbeatIntervalMs":40,"limits":{}}' });
    return { es, frame: () => socket!.onmessage!({ data: '{"type":"pong"}' }), dead };
  }
  it('declares the link dead by wall clock even when its timer fires late (throttled)', async () => {
    const { es, dead } = await openStream();
    vi.setSystemTime(Date.now() + 60_000); // a sleeping tab: time moved, no timer ran
    vi.advanceTimersToNextTimer(); // the first (late) tick
    expect(dead.length).toBe(1);
    expect(dead[0]).toBeGreaterThanOrEqual(60_000);
    es.close();
  });
  it('stays quiet while frames arrive', async () => {
    const { es, frame, dead } = await openStream();
    for (let i = 0; i < 50; i++) {
      frame();
      vi.advanceTimersByTime(25);
    }
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(dead.length).toBe(1);
    es.close();
  });
});

describe('reconnect backoff under flapping', () => {
  it('grows while connections die young, and only resets after a healthy connection', async () => {
    const { server, es } = await setup({ dropAfterMs: 20 }, { backoff: { baseMs: 5, capMs: 40, healthyAfterMs: 300 } });
    const attempts: number[] = [];
    es.on('state', (s: StreamState) => s.type === 'reconnecting' && attempts.push(s.attempt));
    await until(() => attempts.length >= 5, 5000);
    expect(attempts.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    server.dropAfterMs = 400; // now connections live longer than healthyAfterMs
    await until(() => attempts.length >= 8 && attempts.at(-1) === 1, 5000);
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

describe('retired sockets and single flight (fake transport)', () => {
  it('detaches every handler from a retired socket and opens exactly one replacement', async () => {
    const { EventStream } = await import('../../src/stream/index.js');
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
    const es = new EventStream({
      url: () => 'ws://127.0.0.1:1/v3/ws',
      getToken: () => 'tok',
      fetchEvents: () => Promise.reject(new Error('unused')),
      WebSocket: FakeSocket,
      backoff: { initialDelayMaxMs: 1 },
    });
    await until(() => sockets.length === 1);
    const first = sockets[0]!;
    (first.onopen as () => void)();
    expect(first.sent).toEqual(['{"type":"auth","token":"tok"}']);
    first.onmessage!({ data: '{"type":"auth_ok","connectionId":"c","epoch":"e","heartbeatIntervalMs":1000,"limits":{}}' });
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
});
