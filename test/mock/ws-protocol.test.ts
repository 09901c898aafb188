/**
 * Every frame the mock sends during a full WebSocket lifecycle validates against the AsyncAPI
 * message schemas. The oracle is independent of the mock's own validator: the schemas come from
 * @asyncapi/parser (which resolves the document and its external refs itself).
 */
import { Parser, fromFile } from '@asyncapi/parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { Recorder, call, turnEnded, waitFor, type Json } from './helpers.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => Ajv2020;
const SPEC = fileURLToPath(new URL('../../specs/daemon-v3.asyncapi.yaml', import.meta.url));

let m: MockDaemon;
const validators = new Map<string, ValidateFunction>();
const serverTypes = new Set<string>();

beforeAll(async () => {
  const { document, diagnostics } = await fromFile(new Parser(), SPEC).parse();
  expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const op of document?.operations().all() ?? []) {
    for (const msg of op.messages().all()) {
      const payload = msg.payload()?.json() as Json;
      const type = payload['properties']['type']['const'] as string;
      validators.set(type, ajv.compile(payload));
      if (op.action() === 'send') serverTypes.add(type);
    }
  }
  m = await startMockDaemon({ port: 0, paceMs: 2, bufferSize: 25, heartbeatIntervalMs: 100, strict: true });
});

afterAll(async () => {
  await m?.close();
});

describe('WebSocket frames of a full lifecycle', () => {
  it('all validate against the AsyncAPI messages, and every server message type occurs', async () => {
    const clients: Recorder[] = [];
    const all = await Recorder.authed(m);
    clients.push(all);
    all.send({ type: 'subscribe_all', cursors: {} });
    all.send({ type: 'ping', id: 'p-1' });
    await all.next((f) => f['type'] === 'pong' && f['id'] === 'p-1');

    const s = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'do', model: 'qwen3-72b' } })).body;
    await call(m.url, m, 'POST', `/v3/sessions/${String(s['id'])}/turns`, { body: { content: '[mock:tools] find the figures' } });
    await turnEnded(m, s['id'] as string);
    await all.next((f) => f['type'] === 'event' && f['envelope']['event'] === 'turn.done');
    await all.next((f) => f['type'] === 'heartbeat' && f['heads'][s['id'] as string] > 0);

    // Another client: replay from an expired cursor, errors, unsubscribe.
    const late = await Recorder.authed(m);
    clients.push(late);
    late.send({ type: 'subscribe', sessionId: s['id'], afterSeq: 0 });
    await late.next((f) => f['type'] === 'cursor_expired');
    late.send({ type: 'subscribe', sessionId: 'sess-nope1', afterSeq: 0 });
    await late.next((f) => f['type'] === 'error' && f['code'] === 'session_not_found');
    late.send({ type: 'subscribe', sessionId: 'not-a-session', afterSeq: -1 });
    await late.next((f) => f['type'] === 'error' && f['code'] === 'bad_frame');
    late.send({ type: 'unsubscribe', sessionId: s['id'] });
    await late.next((f) => f['type'] === 'unsubscribed');
    late.send({ type: 'ping' });
    await late.next((f) => f['type'] === 'pong');

    // A cancelled turn and an error turn: their stop events travel too.
    const s2 = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body;
    const sid2 = s2['id'] as string;
    await call(m.url, m, 'POST', `/v3/sessions/${sid2}/turns`, { body: { content: '[mock:error] hi' } });
    await turnEnded(m, sid2);
    await call(m.url, m, 'POST', `/v3/sessions/${sid2}/turns`, { body: { content: '[mock:long] hi' } });
    await waitFor(() => all.events(sid2).length > 20);
    await call(m.url, m, 'POST', `/v3/sessions/${sid2}/cancel`);
    await all.next((f) => f['type'] === 'event' && f['envelope']['event'] === 'session.cancelled');

    const types = new Set<string>();
    for (const c of clients) {
      for (const f of c.frames) {
        const v = validators.get(f['type'] as string);
        expect(v, `unknown frame type ${String(f['type'])}`).toBeDefined();
        expect(v?.(f), `${JSON.stringify(f)}: ${JSON.stringify(v?.errors)}`).toBe(true);
        types.add(f['type'] as string);
      }
      c.close();
    }
    expect([...types].sort()).toEqual([...serverTypes].sort());
    const eventNames = new Set(all.events().map((e) => e['event']));
    expect([...eventNames].sort()).toEqual(['session.cancelled', 'turn.done', 'turn.error', 'turn.thinking', 'turn.token', 'turn.tool_call', 'turn.tool_result']);
    expect(m.violations).toEqual([]);
  });
});
