/**
 * Issue 8's first two failures, as a new user meets them: a bare `connectWebSocket()` against the
 * mock daemon. A session born while the socket is cut is replayed whole (it was 0 of 42 events);
 * one bad cursor among good ones no longer blinds the stream.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import { DaemonClient } from '../../src/node.js';
import { startMockDaemon, type MockDaemon } from '../../src/mock/index.js';
import { StreamServerError, type StreamError } from '../../src/stream/index.js';
import { TcpForwarder } from '../helpers/tcp-forwarder.js';
import { range, seqs, until } from './harness.js';

let mock: MockDaemon;
let forwarder: TcpForwarder;
let port: number;

beforeAll(async () => {
  mock = await startMockDaemon({ port: 0, paceMs: 1, heartbeatIntervalMs: 200 });
  port = Number(new URL(mock.url).port);
  // The same port on [::1]: the Host the mock sees is its own, and the link can be cut.
  forwarder = await TcpForwarder.start({ host: '::1', port, targetPort: port });
});
afterAll(async () => {
  await forwarder?.close();
  await mock?.close();
});

async function rest(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { authorization: `Bearer ${mock.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (path.endsWith('/turns')) headers['idempotency-key'] = `key-${Math.random().toString(36).slice(2)}`;
  const response = await fetch(`${mock.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return (await response.json()) as Record<string, unknown>;
}
async function turnToStop(sessionId: string): Promise<void> {
  await rest('POST', `/v3/sessions/${sessionId}/turns`, { content: 'Explain how unified memory works on Apple Silicon' });
  for (let i = 0; i < 500; i++) {
    if ((await rest('GET', `/v3/sessions/${sessionId}`))['activeTurnId'] === null) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('turn did not end');
}

it('a session created and finished while the socket is cut arrives whole: 42 of 42 events, once, in order', async () => {
  const client = new DaemonClient({ baseUrl: `http://[::1]:${port}`, token: mock.token });
  const ws = client.connectWebSocket();
  const events: EventEnvelope[] = [];
  const errors: StreamError[] = [];
  ws.on('event', (e) => events.push(e)).on('error', (e) => errors.push(e));
  try {
    await until(() => ws.state.type === 'open' && ws.sessionsSeq !== undefined, 5000);
    forwarder.refuseNew = true;
    forwarder.destroyAll(); // cut: and no way back for now
    await until(() => ws.state.type === 'reconnecting');
    const { id } = (await rest('POST', '/v3/sessions', { mode: 'chat', model: 'qwen3-72b' })) as { id: string };
    await turnToStop(id); // born, ran and finished in the gap
    forwarder.refuseNew = false;
    await until(() => events.some((e) => e.sessionId === id && e.event === 'turn.done'), 10_000, 'the session born in the gap');
    expect(seqs(events, id)).toEqual(range(1, 42));
    expect(errors.every((e) => e.name === 'StreamConnectionError')).toBe(true); // the cut was reported, nothing else
  } finally {
    ws.close();
  }
});

it('one bad cursor among good ones gets its own error; every other session streams', async () => {
  const { id: good } = (await rest('POST', '/v3/sessions', { mode: 'chat', model: 'm' })) as { id: string };
  await turnToStop(good);
  const client = new DaemonClient({ baseUrl: mock.url, token: mock.token });
  const ws = client.connectWebSocket({ sessions: { 'sess-ok1': -1, [good]: 0 }, epoch: mock.epoch });
  const events: EventEnvelope[] = [];
  const errors: StreamError[] = [];
  ws.on('event', (e) => events.push(e)).on('error', (e) => errors.push(e));
  try {
    await until(() => events.some((e) => e.sessionId === good && e.event === 'turn.done'), 10_000, 'the good session');
    expect(seqs(events, good)).toEqual(range(1, 42));
    expect(errors).toEqual([expect.any(StreamServerError)]);
    expect(errors[0]).toMatchObject({ code: 'bad_frame', entry: 'sess-ok1' });
    expect(ws.cursor('sess-ok1')).toBeUndefined(); // refused: not sent again

    // A bad id given to subscribe() is refused at once, by the contract's validator; the stream goes on.
    expect(() => ws.subscribe('bad id')).toThrow('not a session id: "bad id" (expected string matching /^sess-[A-Za-z0-9_-]{1,64}$/)');
    expect(() => ws.subscribe(good, { afterSeq: -1 })).toThrow('afterSeq must be integer >= 0');
    await mock.restart();
    await until(() => ws.state.type === 'open' && ws.epoch === mock.epoch, 10_000);
    await turnToStop(good);
    await until(() => events.filter((e) => e.sessionId === good && e.event === 'turn.done').length === 2, 10_000, 'the next turn');
    expect(seqs(events, good)).toEqual([...range(1, 42), ...range(1, 42)]);
  } finally {
    ws.close();
  }
});
