/**
 * A hostile daemon mixes thousands of bad frames into a valid stream: broken JSON, wrong shapes,
 * an array where an event's data belongs (right before the real event of that seq: the old
 * displacement), 50,000-deep nesting, unknown types, frames that echo the token. Nothing valid
 * is lost, repeated, reordered or replaced; every error is a typed ProtocolError; the token is in
 * none of them.
 */
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { EventEnvelope } from '../../generated/events.js';
import { EventStream, ProtocolError, type StreamError } from '../../src/stream/index.js';
import { range, until, WS } from './harness.js';

const TOKEN = 'hostile-6b1f0c2d9e8a7b3c4d5e6f708192a3b4';
const VALID = 2000;
const SESSION = 'sess-hostile';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function envelope(seq: number): EventEnvelope {
  return { event: 'turn.token', seq, sessionId: SESSION, turnId: 'turn-1', time: '2026-11-24T09:30:00.120Z', data: { token: `t${seq} ` } };
}

/** Bad frames of every kind, several per valid event; some carry the token, some claim the next seq. */
function badFrames(seq: number, k: number): string[] {
  const real = envelope(seq);
  const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
  const all = [
    `{"type":"event","envelope":${JSON.stringify({ ...real, data: [] })}}`, // the displacement attempt
    `{"type":"event","envelope":${JSON.stringify({ ...real, data: { token: 7 } })}}`,
    `{"type":"event","envelope":${JSON.stringify({ ...real, seq: -seq })}}`,
    `{"type":"event","envelope":${JSON.stringify({ ...real, sessionId: `bad ${TOKEN}` })}}`,
    `{"type":"event","envelope":${JSON.stringify({ ...real, time: TOKEN })}}`,
    `{"type":"error","code":"${TOKEN}","message":"${TOKEN}"}`,
    `{"type":"${TOKEN}"}`,
    `${TOKEN}{`,
    '[1,2,3]',
    'null',
    `{"type":"heartbeat","time":"2026-11-24T09:30:00.000Z","epoch":"ep-h","heads":${deep}}`,
    `{"type":"event","envelope":{"event":"turn.token","seq":${seq},"sessionId":"${SESSION}","turnId":"turn-1","time":"2026-11-24T09:30:00.120Z","data":${deep}}}`,
    `{"type":"subscribed","sessionId":"${SESSION}","afterSeq":"${TOKEN}"}`,
    '{"type":"event"}',
    `{"type":"constructor","envelope":{}}`,
  ];
  return [all[k % all.length]!, all[(k * 7 + 3) % all.length]!];
}

it(`${VALID} valid events among ${VALID * 2} bad frames: nothing valid lost, repeated, reordered or replaced`, async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v3/ws' });
  await new Promise((resolve) => wss.once('listening', resolve));
  cleanup.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  let connections = 0;
  wss.on('connection', (socket) => {
    connections++;
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { type: string; token?: string };
      if (frame.type === 'auth' && frame.token === TOKEN) {
        socket.send(JSON.stringify({ type: 'auth_ok', connectionId: 'conn-h', epoch: 'ep-h', heartbeatIntervalMs: 60_000, limits: { maxClientFrameBytes: 65536, maxSubscriptions: 256 } }));
      } else if (frame.type === 'subscribe_all') {
        socket.send(JSON.stringify({ type: 'subscribed', sessionId: SESSION, afterSeq: 0, headSeq: 0, oldestSeq: 1, epoch: 'ep-h' }));
        for (let seq = 1; seq <= VALID; seq++) {
          for (const bad of badFrames(seq, seq)) socket.send(bad);
          socket.send(JSON.stringify({ type: 'event', envelope: envelope(seq) }));
        }
      }
    });
  });
  const port = (wss.address() as { port: number }).port;
  const es = new EventStream({
    url: () => `ws://127.0.0.1:${port}/v3/ws`,
    getToken: () => TOKEN,
    fetchEvents: () => Promise.reject(new Error('no gap expected: every valid event arrives')),
    WebSocket: WS,
  });
  cleanup.push(() => es.close());
  const delivered: EventEnvelope[] = [];
  const errors: StreamError[] = [];
  es.on('event', (e) => delivered.push(e)).on('error', (e) => errors.push(e));
  await until(() => delivered.length === VALID, 30_000, 'every valid event');
  expect(delivered.map((e) => e.seq)).toEqual(range(1, VALID));
  expect(delivered).toEqual(range(1, VALID).map(envelope)); // the real ones, not the decoys
  expect(errors).toHaveLength(VALID * 2);
  expect(errors.every((e) => e instanceof ProtocolError)).toBe(true);
  for (const error of errors) {
    const everything = `${error.message} ${(error as ProtocolError).frame} ${JSON.stringify(error)} ${String(error.cause ?? '')}`;
    expect(everything).not.toContain(TOKEN);
  }
  expect(connections).toBe(1); // bad frames do not cost the connection
  expect(es.state.type).toBe('open');
}, 60_000);
