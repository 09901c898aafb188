/**
 * The stream against real servers where the network matters (a plain TCP forwarder, Host
 * forwarded as is): a black hole mid-turn, a refused upgrade, a dead daemon, a daemon that
 * moved, a fill that never answers. Each asserts on events, with generous ceilings for a loaded
 * machine; bench/stream.ts measures the figures.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import { DaemonClient } from '../../src/node.js';
import {
  EventStream,
  StreamConnectionError,
  StreamError,
  StreamForbiddenError,
  type DisconnectInfo,
  type StreamEventPage,
} from '../../src/stream/index.js';
import { startMockDaemon, type MockDaemon } from '../../src/mock/index.js';
import { restFetcher, StreamServer } from '../helpers/stream-server.js';
import { TcpForwarder } from '../helpers/tcp-forwarder.js';
import { range, seqs, until, WS } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  vi.unstubAllEnvs();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const portOf = (url: string): number => Number(new URL(url).port);

describe('liveness through a TCP forwarder', () => {
  it('a black hole in the middle of a turn is noticed within 3 s and the turn resumes without loss', async () => {
    const server = await StreamServer.start({ heartbeatIntervalMs: 10_000 }); // heartbeats would take 20 s
    const forwarder = await TcpForwarder.start({ targetPort: server.port });
    const es = new EventStream({
      url: () => `ws://127.0.0.1:${forwarder.port}/v3/ws`,
      getToken: () => server.token,
      fetchEvents: restFetcher(server.baseUrl, server.token),
      WebSocket: WS,
    });
    cleanup.push(async () => {
      es.close();
      await forwarder.close();
      await server.close();
    });
    const events: EventEnvelope[] = [];
    const disconnects: { at: number; info: DisconnectInfo }[] = [];
    es.on('event', (e) => events.push(e)).on('disconnect', (info) => disconnects.push({ at: Date.now(), info }));
    await until(() => es.state.type === 'open' && server.following);
    const streaming = setInterval(() => server.token_('sess-bh', 'turn-1', 'x '), 20);
    cleanup.push(() => clearInterval(streaming));
    await until(() => events.length >= 10);
    const holedAt = Date.now();
    forwarder.blackHole();
    await until(() => disconnects.length === 1, 6000, 'the dead link to be noticed');
    const noticedMs = disconnects[0]!.at - holedAt;
    console.log(`black hole mid-turn noticed after ${noticedMs} ms (${disconnects[0]!.info.reason})`);
    expect(disconnects[0]!.info.reason).toMatch(/^dead link: no frame for \d+ ms, ping unanswered$/);
    expect(noticedMs).toBeLessThan(3000 + 1000); // ≤ 3 s, with room for a loaded machine's late timers
    clearInterval(streaming);
    server.done('sess-bh', 'turn-1');
    const head = server.sessions.get('sess-bh')!.head;
    await until(() => es.cursor('sess-bh') === head, 5000, 'the turn to resume');
    expect(seqs(events)).toEqual(range(1, head));
  });
});

describe('self-diagnosis (the REST probe of connectWebSocket)', () => {
  it('a refused upgrade (403 host_forbidden: a tunnel under a name the daemon does not accept) stops with the cause and the fix within 3 s', async () => {
    const mock = await startMockDaemon({ port: 0, paceMs: 0 });
    // 127.0.0.2 is loopback too, but not a name the Host check accepts (as a rebinding name would not be).
    const forwarder = await TcpForwarder.start({ host: '127.0.0.2', targetPort: portOf(mock.url) });
    cleanup.push(async () => {
      await forwarder.close();
      await mock.close();
    });
    const client = new DaemonClient({ baseUrl: `http://127.0.0.2:${forwarder.port}`, token: mock.token, maxRetries: 0 });
    const started = Date.now();
    const ws = client.connectWebSocket();
    cleanup.push(() => ws.close());
    const errors: StreamError[] = [];
    ws.on('error', (e) => errors.push(e));
    await until(() => ws.state.type === 'closed', 5000, 'a fatal error');
    const elapsed = Date.now() - started;
    console.log(`refused upgrade: ${errors[0]?.name} after ${elapsed} ms: ${errors[0]?.message}`);
    expect(elapsed).toBeLessThan(3000);
    expect(errors).toHaveLength(1);
    const error = errors[0] as StreamForbiddenError;
    expect(error).toBeInstanceOf(StreamForbiddenError);
    expect(error.reason).toBe('host_forbidden');
    expect(error.fix).toMatch(/--allowed-host/);
    expect(ws.state).toMatchObject({ type: 'closed', error });
    expect(`${error.message} ${String(error.cause)}`).not.toContain(mock.token);
    expect(forwarder.connections).toBeLessThanOrEqual(4); // one upgrade and the probe: no endless handshakes
  });

  it('no daemon at all: a typed, non-fatal error within 3 s, then rate-limited while it retries', async () => {
    const port = await freePort();
    const token = 'a-token-of-thirty-two-characters';
    const client = new DaemonClient({ baseUrl: `http://127.0.0.1:${port}`, token, maxRetries: 0 });
    const started = Date.now();
    const ws = client.connectWebSocket();
    cleanup.push(() => ws.close());
    const errors: { at: number; error: StreamError }[] = [];
    const attempts: number[] = [];
    ws.on('error', (error) => errors.push({ at: Date.now(), error }));
    ws.on('state', (s) => s.type === 'reconnecting' && attempts.push(s.attempt));
    await until(() => errors.length > 0, 5000, 'an error event');
    const elapsed = errors[0]!.at - started;
    console.log(`dead daemon: ${errors[0]!.error.name} after ${elapsed} ms: ${errors[0]!.error.message}`);
    expect(elapsed).toBeLessThan(3000);
    expect(errors[0]!.error).toBeInstanceOf(StreamConnectionError);
    expect(errors[0]!.error.message).toMatch(/not reachable/);
    expect((errors[0]!.error as StreamConnectionError).url).toBe(`ws://127.0.0.1:${port}/v3/ws`);
    await until(() => attempts.length >= 4, 10_000, 'more retries');
    expect(ws.state.type).toBe('reconnecting');
    expect(errors).toHaveLength(1); // the same cause is not repeated on every retry
    expect(errors[0]!.error.message).not.toContain(token);
  });

  it('a stream-only client follows a daemon restarted on another port (state.json names it)', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'opta-moved-')), 'state.json');
    const first = await startMockDaemon({ port: 0, paceMs: 1, statePath });
    let second: MockDaemon | undefined;
    cleanup.push(async () => {
      await first.close().catch(() => undefined);
      await second?.close();
    });
    vi.stubEnv('OPTA_DAEMON_STATE', statePath);
    vi.stubEnv('OPTA_DAEMON_URL', '');
    vi.stubEnv('OPTA_DAEMON_TOKEN', '');
    const client = new DaemonClient({ maxRetries: 0 });
    const ws = client.connectWebSocket(); // the only thing this client does
    cleanup.push(() => ws.close());
    const events: EventEnvelope[] = [];
    ws.on('event', (e) => events.push(e));
    await until(() => ws.state.type === 'open', 5000);
    await first.close();
    second = await startMockDaemon({ port: 0, paceMs: 1, statePath, token: first.token });
    expect(second.url).not.toBe(first.url);
    // Someone else starts a turn on the moved daemon.
    const headers = { authorization: `Bearer ${second.token}`, 'content-type': 'application/json' };
    const session = (await (await fetch(`${second.url}/v3/sessions`, { method: 'POST', headers, body: '{"mode":"chat","model":"m"}' })).json()) as { id: string };
    await fetch(`${second.url}/v3/sessions/${session.id}/turns`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'moved-daemon-1' }, body: '{"content":"hi"}' });
    await until(() => events.some((e) => e.sessionId === session.id && e.event === 'turn.done'), 15_000, 'the turn on the moved daemon');
    expect(ws.epoch).toBe(second.epoch);
    expect(seqs(events, session.id)).toEqual(range(1, 42));
  });
});

describe('gap fills with their own deadline', () => {
  it('a fill that never answers is given up after fillTimeoutMs: reconnect and replay, nothing lost', async () => {
    const server = await StreamServer.start({ heartbeatIntervalMs: 100 });
    const es = new EventStream({
      url: () => server.url, getToken: () => server.token, fetchEvents: restFetcher(server.baseUrl, server.token), WebSocket: WS, fillTimeoutMs: 300,
    });
    cleanup.push(async () => {
      es.close();
      await server.close();
    });
    const events: EventEnvelope[] = [];
    const errors: StreamError[] = [];
    es.on('event', (e) => events.push(e)).on('error', (e) => errors.push(e));
    await until(() => es.state.type === 'open' && server.following);
    server.token_('sess-f', 'turn-1', 'a');
    await until(() => events.length === 1);
    server.restHangs = 1;
    server.dropEvents(1);
    server.token_('sess-f', 'turn-1', 'b'); // lost on the wire
    server.token_('sess-f', 'turn-1', 'c'); // reveals the gap: the fill hangs
    await until(() => events.length === 3, 5000, 'the replay after the stalled fill');
    expect(seqs(events)).toEqual([1, 2, 3]);
    expect(errors.map((e) => e.message)).toEqual(['filling a gap of sess-f over REST timed out after 300 ms']);
  });

  it('close(), unsubscribe() and a reconnect abort a running fill', async () => {
    const server = await StreamServer.start({ heartbeatIntervalMs: 100 });
    const signals: AbortSignal[] = [];
    const es = new EventStream({
      url: () => server.url,
      getToken: () => server.token,
      fetchEvents: (_sessionId, _afterSeq, _limit, request) => {
        signals.push(request!.signal!);
        return new Promise<StreamEventPage>(() => undefined); // never answers
      },
      WebSocket: WS,
    });
    cleanup.push(async () => {
      es.close();
      await server.close();
    });
    await until(() => es.state.type === 'open' && server.following);
    const gap = (sid: string) => {
      server.dropEvents(1);
      server.token_(sid, 'turn-1', 'lost');
      server.token_(sid, 'turn-1', 'reveals');
    };
    gap('sess-u');
    await until(() => signals.length === 1);
    es.unsubscribe('sess-u');
    expect(signals[0]!.aborted).toBe(true);
    gap('sess-r');
    await until(() => signals.length === 2);
    server.destroyAll();
    await until(() => signals[1]!.aborted, 2000, 'the reconnect to abort the fill');
    await until(() => es.state.type === 'open' && server.following);
    gap('sess-c');
    await until(() => signals.length >= 3);
    es.close();
    expect(signals.every((s) => s.aborted)).toBe(true);
  });
});
