// Shared bits of the stream tests: a server, a stream on `ws`, and waiting helpers.
import { afterEach } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import { EventStream, type EventStreamOptions } from '../../src/stream/index.js';
import { NodeWebSocket } from '../../src/stream/ws-node.js';
import { restFetcher, StreamServer, type StreamServerOptions } from '../helpers/stream-server.js';

/** The `ws` transport, as the Node entry injects it. */
export const WS = NodeWebSocket;

export async function setup(serverOptions: StreamServerOptions = {}, streamOptions: Partial<EventStreamOptions> = {}) {
  const server = await StreamServer.start({ heartbeatIntervalMs: 100, ...serverOptions });
  const events: EventEnvelope[] = [];
  const make = (o: Partial<EventStreamOptions> = {}) =>
    new EventStream({
      url: () => server.url,
      getToken: () => server.token,
      fetchEvents: restFetcher(server.baseUrl, server.token),
      WebSocket: WS,
      ...streamOptions,
      ...o,
    });
  const es = make();
  es.on('event', (e) => events.push(e));
  return { server, es, events, make };
}

export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const seqs = (events: readonly EventEnvelope[], sid?: string) =>
  events.filter((e) => sid === undefined || e.sessionId === sid).map((e) => e.seq);
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Per-test set-up for a test file: `start()` is setup() whose stream and server are closed after
 * each test; `cleanup` takes more closers. `waitFollowing` also waits for the subscription.
 */
export function perTest(options: { waitFollowing?: boolean } = {}) {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  const start = async (...a: Parameters<typeof setup>) => {
    const t = await setup(...a);
    cleanup.push(async () => {
      t.es.close();
      await t.server.close();
    });
    if (options.waitFollowing) await until(() => t.es.state.type === 'open' && t.server.following);
    return t;
  };
  return { start, cleanup };
}
