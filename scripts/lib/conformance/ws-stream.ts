/**
 * The /v3/ws stream against a real turn: first-frame auth, `subscribe_all` and `subscribe`
 * recording every frame until the stop event, replay from a cursor in the middle, a cursor above
 * the head, and heartbeats carrying heads. Frames are judged for order and content here; their
 * schemas are judged once for every connection of the run (ws.frames.schema-valid).
 */
import { isStop, seqProblems, stopProblems, type Envelope } from './events.js';
import { describe, field, type RestClient } from './http.js';
import type { Report } from './report.js';
import { asPage, canonical, expectStatus, sleep } from './rest-assert.js';
import type { Frame, WsRecorder } from './ws-client.js';

export interface WsContext {
  readonly client: RestClient;
  readonly report: Report;
  readonly token: string;
  readonly timeoutMs: number;
  readonly heartbeatWaitMs: number | undefined;
  readonly connect: (headers?: Readonly<Record<string, string>>) => WsRecorder;
  readonly created: string[];
}

const envelopeOf = (f: Frame): Envelope => (f['envelope'] ?? {}) as Envelope;
const isEventOf = (sid: string) => (f: Frame): boolean => f.type === 'event' && envelopeOf(f).sessionId === sid;
const isSubscribedTo = (sid: string) => (f: Frame): boolean => f.type === 'subscribed' && f['sessionId'] === sid;

/**
 * Order rules of one connection for one session: `subscribed` before its first event, then
 * (`cursor_expired`) and events from `subscribed.afterSeq + 1` on, +1 each, no gaps or repeats.
 */
export function orderProblems(frames: readonly Frame[], sid: string, where: string): string[] {
  const sub = frames.findIndex(isSubscribedTo(sid));
  const firstEvent = frames.findIndex(isEventOf(sid));
  if (firstEvent === -1) return [];
  if (sub === -1 || sub > firstEvent) return [`${where}: event seq ${String(envelopeOf(frames[firstEvent]!).seq)} of ${sid} before its subscribed frame`];
  const afterSeq = Number(frames[sub]!['afterSeq']);
  const events = frames.filter(isEventOf(sid)).map(envelopeOf);
  return seqProblems(events, afterSeq + 1, `${where} ${sid}`);
}

/** Sessions that appear in a connection's event frames. */
function sessionsIn(frames: readonly Frame[]): string[] {
  return [...new Set(frames.filter((f) => f.type === 'event').map((f) => String(envelopeOf(f).sessionId)))];
}

export async function runStreamChecks(ctx: WsContext): Promise<void> {
  const { client, report, token, timeoutMs } = ctx;
  let all: WsRecorder | undefined;
  let one: WsRecorder | undefined;
  let epoch: unknown;
  let heartbeatIntervalMs = 0;
  let sid: string | undefined;
  let tid: string | undefined;
  let head: number | undefined;

  await report.run('ws.auth.first-frame', async (c) => {
    all = ctx.connect();
    const first = await all.auth(token);
    if (!c.expect(first?.type === 'auth_ok', `first frame after auth is ${JSON.stringify(first ?? all.closed ?? 'nothing')}, expected auth_ok`)) return;
    epoch = first?.['epoch'];
    heartbeatIntervalMs = Number(first?.['heartbeatIntervalMs']);
    c.detail = `auth_ok first; token only in the auth frame (URL /v3/ws without query, no header); heartbeat ${heartbeatIntervalMs} ms`;
  });

  await report.run('ws.subscribe.turn-until-stop', async (c) => {
    if (!all || all.closed) throw new Error('cannot run: ws.auth.first-frame failed');
    all.send({ type: 'subscribe_all', cursors: {} });
    const created = await client.send('POST', '/v3/sessions', { via: 'direct', body: { mode: 'chat', model: 'conformance-model', title: 'conformance ws' } });
    if (!expectStatus(c, created, 201)) return;
    sid = String(field(created.body, 'id'));
    ctx.created.push(sid);
    one = ctx.connect();
    const ok = await one.auth(token);
    if (!c.expect(ok?.type === 'auth_ok', `second connection: ${JSON.stringify(ok ?? one.closed ?? 'nothing')} instead of auth_ok`)) return;
    one.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
    const subscribed = await one.next(isSubscribedTo(sid));
    if (!c.expect(subscribed !== undefined, `subscribe ${sid}: no subscribed frame within ${timeoutMs} ms`)) return;
    c.expect(subscribed?.['afterSeq'] === 0 && subscribed['epoch'] === epoch, `subscribed ${JSON.stringify(subscribed)}: expected afterSeq 0 and epoch ${String(epoch)}`);
    const turn = await client.send('POST', `/v3/sessions/${sid}/turns`, { via: 'direct', body: { content: 'Conformance check over the WebSocket: answer briefly.' } });
    if (!expectStatus(c, turn, 202)) return;
    tid = String(field(turn.body, 'id'));
    const isOurStop = (f: Frame): boolean => f.type === 'event' && envelopeOf(f).turnId === tid && isStop(envelopeOf(f));
    const [stopAll, stopOne] = await Promise.all([all.next(isOurStop), one.next(isOurStop)]);
    c.expect(stopAll !== undefined, `subscribe_all: no stop event of ${tid} within ${timeoutMs} ms (${all.frames().filter(isEventOf(sid)).length} events of ${sid})`);
    c.expect(stopOne !== undefined, `subscribe: no stop event of ${tid} within ${timeoutMs} ms (${one.frames().filter(isEventOf(sid)).length} events)`);
    head = Number(envelopeOf(stopOne ?? stopAll ?? {}).seq);
    // A later session starts from seq 1 for subscribe_all.
    const subAll = all.frames().find(isSubscribedTo(sid));
    c.expect(subAll?.['afterSeq'] === 0, `subscribe_all: subscribed for the new session ${sid} has afterSeq ${String(subAll?.['afterSeq'])}, expected 0`);
    c.detail = `subscribe_all and subscribe both saw ${tid} to ${String(envelopeOf(stopOne ?? {}).event)}@${head}`;
  });

  await report.run('ws.order.subscribed-then-seq-without-gaps', async (c) => {
    if (!all || !one || !sid || !tid) throw new Error('cannot run: ws.subscribe.turn-until-stop failed');
    for (const [name, rec] of [['subscribe_all', all], ['subscribe', one]] as const) {
      const frames = rec.frames();
      for (const s of sessionsIn(frames)) for (const p of orderProblems(frames, s, name)) c.fail(p);
      for (const p of stopProblems(frames.filter(isEventOf(sid)).map(envelopeOf), [tid], name)) c.fail(p);
    }
    c.detail = 'subscribed before each session\'s first event; seq +1 from afterSeq + 1; one stop event';
  });

  await report.run('ws.events.match-rest', async (c) => {
    if (!one || !sid || head === undefined) throw new Error('cannot run: ws.subscribe.turn-until-stop failed');
    let ex = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=0&limit=1000`, { via: 'direct' });
    // A small buffer may no longer hold seq 1: compare what it still holds.
    const oldest = Number(field(ex.body, 'oldestSeq'));
    if (ex.status === 410 && oldest > 1) ex = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${oldest - 1}&limit=1000`, { via: 'direct' });
    if (!expectStatus(c, ex, 200)) return;
    const rest = asPage(ex.body).events.map(canonical);
    const from = ex.status === 200 ? asPage(ex.body).oldestSeq : 1;
    const ws = one.frames().filter(isEventOf(sid)).map(envelopeOf).filter((e) => Number(e.seq) >= from).map(canonical);
    const firstDiff = rest.findIndex((e, i) => e !== ws[i]);
    c.expect(rest.length === ws.length && firstDiff === -1, () => `${describe(ex)}: REST has ${rest.length} events, the stream sent ${ws.length}; first difference at index ${firstDiff === -1 ? Math.min(rest.length, ws.length) : firstDiff}`);
    c.detail = `${ws.length} envelopes identical on the stream and in getEvents`;
  });

  await report.run('ws.replay.from-after-seq', async (c) => {
    if (!one || !sid || head === undefined) throw new Error('cannot run: ws.subscribe.turn-until-stop failed');
    const now = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${head}`, { via: 'direct' });
    if (!expectStatus(c, now, 200)) return;
    // The middle of what the daemon still holds, so the replay is complete, not a cursor_expired.
    const mid = Math.floor((asPage(now.body).oldestSeq - 1 + head) / 2);
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'replay connection: no auth_ok')) return;
    rec.send({ type: 'subscribe', sessionId: sid, afterSeq: mid });
    const headNow = head;
    await rec.until(() => rec.frames().some((f) => isEventOf(sid!)(f) && envelopeOf(f).seq === headNow));
    await sleep(100); // anything extra (a repeat, an event past the stop) would arrive now
    const frames = rec.frames();
    const sub = frames.find(isSubscribedTo(sid));
    c.expect(sub?.['afterSeq'] === mid && sub['headSeq'] === head && sub['epoch'] === epoch, `subscribed ${JSON.stringify(sub)}: expected afterSeq ${mid}, headSeq ${head}, epoch ${String(epoch)}`);
    for (const p of orderProblems(frames, sid, 'replay')) c.fail(p);
    const want = one.frames().filter(isEventOf(sid)).map(envelopeOf).filter((e) => Number(e.seq) > mid).map(canonical);
    const got = frames.filter(isEventOf(sid)).map((f) => canonical(envelopeOf(f)));
    c.expect(got.length === want.length && got.every((g, i) => g === want[i]), `replay after seq ${mid} sent ${got.length} events, expected exactly the ${want.length} events ${mid + 1}..${head}`);
    rec.close();
    c.detail = `subscribe afterSeq=${mid}: subscribed, then exactly seq ${mid + 1}..${head}`;
  });

  await report.run('ws.cursor-above-head', async (c) => {
    if (!sid || head === undefined) throw new Error('cannot run: ws.subscribe.turn-until-stop failed');
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'connection: no auth_ok')) return;
    rec.send({ type: 'subscribe', sessionId: sid, afterSeq: head + 1000 });
    const sub = await rec.next(isSubscribedTo(sid));
    c.expect(sub?.['afterSeq'] === head, `a cursor above the head must start at the head (${head}); subscribed ${JSON.stringify(sub)}`);
    await sleep(50);
    c.expect(!rec.frames().some(isEventOf(sid)), 'events sent for a cursor above the head of an idle session');
    rec.close();
    c.detail = `afterSeq ${head + 1000} → subscribed.afterSeq ${head}, no events`;
  });

  await report.run('ws.cursor-expired', async (c) => {
    if (!sid || head === undefined) throw new Error('cannot run: ws.subscribe.turn-until-stop failed');
    const now = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${head}`, { via: 'direct' });
    if (!expectStatus(c, now, 200)) return;
    const oldest = asPage(now.body).oldestSeq;
    if (oldest <= 1) {
      c.skipped = `optional: the buffer still holds seq 1 of ${head}, no cursor can be too old`;
      return;
    }
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'connection: no auth_ok')) return;
    rec.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
    await rec.until(() => rec.frames().some((f) => isEventOf(sid!)(f) && envelopeOf(f).seq === head));
    await sleep(50);
    // The contract's exact order: subscribed (afterSeq = oldestSeq − 1), cursor_expired, the held events.
    const frames = rec.frames().filter((f) => f.type !== 'heartbeat' && f.type !== 'auth_ok');
    const [sub, expired] = frames;
    c.expect(sub?.type === 'subscribed' && sub['afterSeq'] === oldest - 1, `first frame ${JSON.stringify(sub)}: expected subscribed with afterSeq ${oldest - 1}`);
    c.expect(expired?.type === 'cursor_expired' && expired['afterSeq'] === 0 && expired['oldestSeq'] === oldest, `second frame ${JSON.stringify(expired)}: expected cursor_expired with afterSeq 0, oldestSeq ${oldest}`);
    for (const p of orderProblems(frames, sid, 'expired cursor')) c.fail(p);
    const events = frames.filter(isEventOf(sid));
    c.expect(events.length === head - oldest + 1, `${events.length} events after cursor_expired, expected the ${head - oldest + 1} held (${oldest}..${head})`);
    rec.close();
    c.detail = `subscribed(afterSeq ${oldest - 1}), cursor_expired, then seq ${oldest}..${head}`;
  });

  await report.run('ws.heartbeat.heads', async (c) => {
    if (!all || !sid || head === undefined) throw new Error('cannot run: ws.subscribe.turn-until-stop failed');
    const rec = all;
    const waitMs = ctx.heartbeatWaitMs ?? 2 * heartbeatIntervalMs + 1_000;
    const subIndex = rec.frames().findIndex(isSubscribedTo(sid));
    const beat = await rec.next((f) => f.type === 'heartbeat' && typeof f['heads'] === 'object' && f['heads'] !== null && sid! in (f['heads'] as object), waitMs, subIndex + 1);
    if (beat === undefined && waitMs < heartbeatIntervalMs) {
      // The caller capped the wait below the daemon's interval (a quick local run): not checked, said so.
      c.skipped = `not checked: --heartbeat-wait-ms ${waitMs} is below the daemon's heartbeatIntervalMs ${heartbeatIntervalMs}`;
      return;
    }
    if (!c.expect(beat !== undefined, `no heartbeat with the head of ${sid} within ${waitMs} ms (heartbeatIntervalMs ${heartbeatIntervalMs})`)) return;
    // Every heartbeat: the epoch of auth_ok, and each head at least the last seq already sent for it.
    const frames = rec.frames();
    const sent = new Map<string, number>();
    frames.forEach((f, i) => {
      if (f.type === 'event') sent.set(String(envelopeOf(f).sessionId), Number(envelopeOf(f).seq));
      if (f.type !== 'heartbeat') return;
      const heads = (f['heads'] ?? {}) as Record<string, unknown>;
      c.expect(f['epoch'] === epoch, `heartbeat epoch ${String(f['epoch'])}, auth_ok said ${String(epoch)}`);
      for (const [s, h] of Object.entries(heads)) {
        c.expect(Number(h) >= (sent.get(s) ?? 0), `heartbeat head ${String(h)} of ${s} is behind seq ${String(sent.get(s))} already sent`);
      }
      // Only our session is sure to be followed throughout (others may be closed by other clients).
      if (i > subIndex) c.expect(sid! in heads, `heartbeat ${i + 1} without the head of followed session ${sid}`);
    });
    const after = frames.slice(frames.findIndex((f) => isEventOf(sid!)(f) && envelopeOf(f).seq === head) + 1).find((f) => f.type === 'heartbeat');
    if (after) c.expect((after['heads'] as Record<string, unknown>)[sid] === head, `heartbeat after the stop event has head ${String((after['heads'] as Record<string, unknown>)[sid])} for ${sid}, expected ${head}`);
    c.detail = `heads[${sid}] = ${String((beat?.['heads'] as Record<string, unknown>)[sid])}, epoch matches`;
  });
  one?.close();
  all?.close();
}

