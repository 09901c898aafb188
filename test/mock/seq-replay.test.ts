/**
 * The ordering contract: seq +1 per session from 1, exactly one stop event per turn, replay
 * from any cursor returns exactly the missing events (REST and WebSocket), expired cursors get
 * the contract's answer, subscribe_all starts where the AsyncAPI says, restart changes epoch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { Recorder, STOP_EVENTS, call, checkSeqs, turnEnded, waitFor, type Json } from './helpers.js';

let m: MockDaemon;
let all: Recorder;
const created: string[] = [];

async function session(): Promise<string> {
  const id = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'qwen3-72b' } })).body['id'] as string;
  created.push(id);
  return id;
}

async function turn(sid: string, content: string): Promise<string> {
  const a = await call(m.url, m, 'POST', `/v3/sessions/${sid}/turns`, { body: { content } });
  expect(a.status).toBe(202);
  return a.body['id'] as string;
}

async function restEvents(sid: string, afterSeq = 0, limit = 1000): Promise<Json> {
  return (await call(m.url, m, 'GET', `/v3/sessions/${sid}/events?afterSeq=${afterSeq}&limit=${limit}`)).body;
}

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, paceMs: 1, heartbeatIntervalMs: 50, strict: true });
  all = await Recorder.authed(m);
  all.send({ type: 'subscribe_all', cursors: {} });
});

afterAll(async () => {
  all?.close();
  await m?.close();
});

describe('seq and stop events', () => {
  it('every session counts +1 from 1 and every turn ends with exactly one stop event', async () => {
    const a = await session();
    for (const scenario of ['plain', 'tools', 'error']) {
      await turn(a, `[mock:${scenario}] Explain how unified memory works on Apple Silicon`);
      await turnEnded(m, a);
    }
    const b = await session();
    await turn(b, '[mock:long] tell me everything');
    await waitFor(async () => ((await restEvents(b))['headSeq'] as number) > 30);
    await call(m.url, m, 'POST', `/v3/sessions/${b}/cancel`);
    const c = await session();
    await call(m.url, m, 'POST', `/v3/sessions/${c}/cancel`); // idle: session.cancelled with turnId null
    const d = await session();
    await turn(d, '[mock:long] again');
    await waitFor(async () => ((await restEvents(d))['headSeq'] as number) > 5);
    await call(m.url, m, 'POST', `/v3/sessions/${d}/close`); // running: cancelled first

    for (const sid of [a, b, c, d]) {
      const page = await restEvents(sid);
      const events = page['events'] as Json[];
      checkSeqs(events);
      expect(page['headSeq']).toBe(events.length);
      // The WebSocket (subscribe_all from before the session existed) saw exactly the same.
      await waitFor(() => all.events(sid).length === events.length, 5_000, `ws events of ${sid}`);
      expect(all.events(sid)).toEqual(events);
      const subscribedAt = all.frames.findIndex((f) => f['type'] === 'subscribed' && f['sessionId'] === sid);
      const firstEvent = all.frames.findIndex((f) => f['type'] === 'event' && f['envelope']['sessionId'] === sid);
      expect(subscribedAt).toBeGreaterThanOrEqual(0);
      expect(subscribedAt).toBeLessThan(firstEvent);
      expect(all.frames[subscribedAt]?.['afterSeq']).toBe(0);

      const byTurn = new Map<string | null, Json[]>();
      for (const e of events) byTurn.set(e['turnId'] as string | null, [...(byTurn.get(e['turnId'] as string | null) ?? []), e]);
      for (const [turnId, evs] of byTurn) {
        const stops = evs.filter((e) => STOP_EVENTS.has(e['event'] as string));
        expect(stops, `turn ${String(turnId)}`).toHaveLength(1);
        expect(evs.at(-1)).toBe(stops[0]);
        if (turnId !== null) {
          const t = (await call(m.url, m, 'GET', `/v3/sessions/${sid}/turns/${turnId}`)).body;
          expect(t['firstSeq']).toBe(evs[0]?.['seq']);
          expect(t['lastSeq']).toBe(stops[0]?.['seq']);
        }
      }
    }
    const stopsOf = async (sid: string): Promise<string[]> => ((await restEvents(sid))['events'] as Json[]).filter((e) => STOP_EVENTS.has(e['event'] as string)).map((e) => e['event'] as string);
    expect(await stopsOf(a)).toEqual(['turn.done', 'turn.done', 'turn.error']);
    expect(await stopsOf(b)).toEqual(['session.cancelled']);
    expect(await stopsOf(c)).toEqual(['session.cancelled']);
    expect(((await restEvents(c))['events'] as Json[])[0]?.['turnId']).toBeNull();
    expect(await stopsOf(d)).toEqual(['session.cancelled']);
    expect((await call(m.url, m, 'GET', `/v3/sessions/${d}`)).body['status']).toBe('closed');
    const done = ((await restEvents(a))['events'] as Json[]).find((e) => e['event'] === 'turn.done');
    expect(done?.['stats']).toMatchObject({ outputTokens: expect.any(Number), toolCalls: 0 });
    const tools = ((await restEvents(a))['events'] as Json[]).filter((e) => e['event'] === 'turn.done')[1];
    expect(tools?.['stats']['toolCalls']).toBe(2);
  });
});

describe('replay', () => {
  it('REST: every afterSeq returns exactly the events after it; paging with hasMore covers all', async () => {
    const sid = created[0] as string;
    const full = (await restEvents(sid))['events'] as Json[];
    for (let k = 0; k <= full.length + 2; k++) {
      const page = await restEvents(sid, k);
      expect(page['events']).toEqual(full.slice(k));
      expect(page['hasMore']).toBe(false);
    }
    const collected: Json[] = [];
    let cursor = 0;
    for (;;) {
      const page = await restEvents(sid, cursor, 7);
      collected.push(...(page['events'] as Json[]));
      cursor = collected.at(-1)?.['seq'] as number;
      if (!page['hasMore']) break;
      expect(page['events']).toHaveLength(7);
    }
    expect(collected).toEqual(full);
  });

  it('WebSocket: subscribe from any afterSeq replays exactly the missing events', async () => {
    const sid = created[0] as string;
    const full = (await restEvents(sid))['events'] as Json[];
    const client = await Recorder.authed(m);
    for (const k of [0, 1, 2, Math.floor(full.length / 2), full.length - 1, full.length]) {
      // A fresh subscription each time (a re-subscribe of a followed session never replays twice).
      client.send({ type: 'unsubscribe', sessionId: sid });
      await client.next((f) => f['type'] === 'unsubscribed', 5_000, client.frames.length);
      const from = client.frames.length;
      client.send({ type: 'subscribe', sessionId: sid, afterSeq: k });
      const ack = await client.next((f) => f['type'] === 'subscribed', 5_000, from);
      expect(ack).toMatchObject({ afterSeq: k, headSeq: full.length, oldestSeq: 1, epoch: m.epoch });
      client.send({ type: 'ping', id: `after-${k}` });
      await client.next((f) => f['type'] === 'pong' && f['id'] === `after-${k}`, 5_000, from);
      const got = client.frames.slice(from).filter((f) => f['type'] === 'event').map((f) => f['envelope'] as Json);
      expect(got).toEqual(full.slice(k));
    }
    client.close();
  });

  it('subscribing while a turn streams gives every event once, in order, up to its stop event', async () => {
    const sid = await session();
    await turn(sid, '[mock:plain] hello');
    await waitFor(async () => ((await restEvents(sid))['headSeq'] as number) >= 10);
    const client = await Recorder.authed(m);
    client.send({ type: 'subscribe', sessionId: sid, afterSeq: 3 });
    await client.next((f) => f['type'] === 'event' && f['envelope']['event'] === 'turn.done');
    const got = client.events(sid);
    checkSeqs(got, 4);
    expect(got).toEqual(((await restEvents(sid))['events'] as Json[]).slice(3));
    client.close();
  });
});

describe('expired cursors', () => {
  it('REST answers 410 cursor_expired; WebSocket sends cursor_expired then streams from oldestSeq', async () => {
    const small = await startMockDaemon({ port: 0, paceMs: 0, bufferSize: 10, strict: true });
    try {
      const sid = (await call(small.url, small, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
      await call(small.url, small, 'POST', `/v3/sessions/${sid}/turns`, { body: { content: 'hi' } });
      await turnEnded(small, sid);
      const ok = (await call(small.url, small, 'GET', `/v3/sessions/${sid}/events?afterSeq=0`)).body;
      const head = (await call(small.url, small, 'GET', `/v3/sessions/${sid}`)).body['headSeq'] as number;
      const oldest = head - 9;
      expect(ok['code']).toBe('cursor_expired');
      for (const k of [0, 1, oldest - 2]) {
        const a = await call(small.url, small, 'GET', `/v3/sessions/${sid}/events?afterSeq=${k}`);
        expect(a.status).toBe(410);
        expect(a.headers.get('content-type')).toBe('application/problem+json');
        expect(a.body).toMatchObject({ code: 'cursor_expired', afterSeq: k, oldestSeq: oldest, headSeq: head, epoch: small.epoch, requestId: a.headers.get('x-request-id') });
      }
      const edge = await call(small.url, small, 'GET', `/v3/sessions/${sid}/events?afterSeq=${oldest - 1}`);
      expect(edge.status).toBe(200);
      expect(edge.body['oldestSeq']).toBe(oldest);
      expect((edge.body['events'] as Json[]).map((e) => e['seq'])).toEqual(Array.from({ length: 10 }, (_, i) => oldest + i));

      const client = await Recorder.authed(small);
      client.send({ type: 'subscribe', sessionId: sid, afterSeq: 2 });
      await client.next((f) => f['type'] === 'event' && f['envelope']['seq'] === head);
      const frames = client.frames.slice(1);
      expect(frames[0]).toMatchObject({ type: 'subscribed', sessionId: sid, afterSeq: oldest - 1, headSeq: head, oldestSeq: oldest });
      expect(frames[1]).toMatchObject({ type: 'cursor_expired', sessionId: sid, afterSeq: 2, oldestSeq: oldest, headSeq: head, epoch: small.epoch });
      checkSeqs(frames.slice(2).map((f) => f['envelope'] as Json), oldest);
      expect(frames).toHaveLength(12);
      client.close();
      expect(small.violations).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('subscribe_all', () => {
  it('listed cursors resume, running turns start at their first event, idle sessions at head, new sessions at 1', async () => {
    const idle = await session();
    await turn(idle, 'hi');
    await turnEnded(m, idle);
    const listed = await session();
    await turn(listed, 'hi');
    await turnEnded(m, listed);
    const running = await session();
    await turn(running, '[mock:plain] first');
    await turnEnded(m, running);
    const firstTurnHead = (await restEvents(running))['headSeq'] as number;
    await turn(running, '[mock:long] second');
    await waitFor(async () => ((await restEvents(running))['headSeq'] as number) > firstTurnHead + 5);

    const client = await Recorder.authed(m);
    client.send({ type: 'subscribe_all', cursors: { [listed]: 4 } });
    const idleHead = (await restEvents(idle))['headSeq'] as number;
    const ackIdle = await client.next((f) => f['type'] === 'subscribed' && f['sessionId'] === idle);
    expect(ackIdle['afterSeq']).toBe(idleHead);
    const ackListed = await client.next((f) => f['type'] === 'subscribed' && f['sessionId'] === listed);
    expect(ackListed['afterSeq']).toBe(4);
    const ackRunning = await client.next((f) => f['type'] === 'subscribed' && f['sessionId'] === running);
    expect(ackRunning['afterSeq']).toBe(firstTurnHead);
    await waitFor(() => client.events(running).length > 3);
    expect(client.events(running)[0]?.['seq']).toBe(firstTurnHead + 1);
    expect(client.events(idle)).toEqual([]);
    expect(client.events(listed).map((e) => e['seq'])[0]).toBe(5);
    checkSeqs(client.events(listed), 5);

    const later = await session();
    const ackLater = await client.next((f) => f['type'] === 'subscribed' && f['sessionId'] === later);
    expect(ackLater).toMatchObject({ afterSeq: 0, headSeq: 0, oldestSeq: 1 });
    await turn(later, 'hi');
    await turnEnded(m, later);
    await waitFor(() => client.events(later).at(-1)?.['event'] === 'turn.done');
    checkSeqs(client.events(later), 1);
    await call(m.url, m, 'POST', `/v3/sessions/${running}/cancel`);
    const hb = await client.next((f) => f['type'] === 'heartbeat' && f['heads'][later] === client.events(later).length, 5_000, client.frames.length);
    expect(Object.keys(hb['heads'] as Json).sort()).toEqual(expect.arrayContaining([idle, listed, running, later]));
    expect(hb['epoch']).toBe(m.epoch);
    client.close();
  });
});

describe('subscribe_all during connection set-up', () => {
  it('follows from seq 1 a session created and finished between the upgrade and subscribe_all', async () => {
    const client = new Recorder(m.wsUrl);
    await client.opened; // upgraded, not yet authenticated
    const sid = await session();
    await turn(sid, 'hi');
    await turnEnded(m, sid); // idle again before the client subscribes
    client.send({ type: 'auth', token: m.token });
    await client.next((f) => f['type'] === 'auth_ok');
    client.send({ type: 'subscribe_all', cursors: {} });
    const ack = await client.next((f) => f['type'] === 'subscribed' && f['sessionId'] === sid);
    expect(ack['afterSeq']).toBe(0);
    await waitFor(() => client.events(sid).some((e) => STOP_EVENTS.has(e['event'] as string)));
    checkSeqs(client.events(sid), 1);
    client.close();
  });
});

describe('restart', () => {
  it('changes the epoch, closes sockets with 1012, restarts seqs; old cursors are above the head', async () => {
    const r = await startMockDaemon({ port: 0, paceMs: 0, strict: true });
    try {
      const sid = (await call(r.url, r, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
      await call(r.url, r, 'POST', `/v3/sessions/${sid}/turns`, { body: { content: 'hi' } });
      await turnEnded(r, sid);
      const before = (await call(r.url, r, 'GET', `/v3/sessions/${sid}/events`)).body;
      const client = await Recorder.authed(r);
      const epoch = r.epoch;
      await r.restart();
      expect(r.epoch).not.toBe(epoch);
      expect((await client.waitClose()).code).toBe(1012);
      const after = (await call(r.url, r, 'GET', `/v3/sessions/${sid}/events?afterSeq=${String(before['headSeq'])}`)).body;
      expect(after).toMatchObject({ events: [], headSeq: 0, oldestSeq: 1, epoch: r.epoch, hasMore: false });
      const again = await Recorder.authed(r);
      expect(again.frames[0]?.['epoch']).toBe(r.epoch);
      again.send({ type: 'subscribe', sessionId: sid, afterSeq: before['headSeq'] });
      expect(await again.next((f) => f['type'] === 'subscribed')).toMatchObject({ afterSeq: 0, headSeq: 0, epoch: r.epoch });
      await call(r.url, r, 'POST', `/v3/sessions/${sid}/turns`, { body: { content: 'hi again' } });
      await waitFor(() => again.events(sid).at(-1)?.['event'] === 'turn.done');
      checkSeqs(again.events(sid), 1);
      again.close();
      expect(r.violations).toEqual([]);
    } finally {
      await r.close();
    }
  });
});

describe('default scenario', () => {
  it('matches the documented example: turn.token 1 "Unified ", 2 "memory ", …, turn.done 42', async () => {
    const sid = await session();
    await turn(sid, 'Explain how unified memory works on Apple Silicon');
    await turnEnded(m, sid);
    const events = (await restEvents(sid))['events'] as Json[];
    expect(events.map((e) => e['event'])).toEqual([...Array<string>(41).fill('turn.token'), 'turn.done']);
    expect(events.slice(0, 2).map((e) => e['data']['token'])).toEqual(['Unified ', 'memory ']);
    expect(events.at(-1)).toMatchObject({ seq: 42, data: { finishReason: 'stop' }, stats: { outputTokens: 41, toolCalls: 0 } });
    expect(events.slice(0, -1).map((e) => e['data']['token'] as string).join('')).toMatch(/^Unified memory on Apple Silicon .* bandwidth\.$/);
  });
});
