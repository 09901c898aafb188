/**
 * Turn and event checks of the REST lifecycle: idempotent submit, get, polling to the stop
 * event, seq and stop-event rules, head/oldest consistency, afterSeq in the middle, an expired
 * cursor (optional), cancel.
 */
import { describe, field, type RestClient } from './http.js';
import { isStop, seqProblems, stopProblems, type Envelope } from './events.js';
import type { Report } from './report.js';
import { asPage, canonical, expectStatus, pageProblems, pollEvents, sleep, stopOf } from './rest-assert.js';
import { need, PROMPT, sessionShape, type LifecycleState } from './rest-state.js';

export async function runTurnChecks(client: RestClient, report: Report, timeoutMs: number, state: LifecycleState): Promise<void> {
  await report.run('rest.submit-turn.idempotency-key', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const key = `conformance-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const first = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: PROMPT }, headers: { 'idempotency-key': key } });
    if (!expectStatus(c, first, 202)) return;
    const tid = String(field(first.body, 'id'));
    state.turnId = tid;
    sessionShape(c, first, { sessionId: sid, content: PROMPT });
    const again = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: PROMPT }, headers: { 'idempotency-key': key } });
    if (expectStatus(c, again, 202)) c.expect(field(again.body, 'id') === tid, `${describe(again)}: the same Idempotency-Key gave turn ${String(field(again.body, 'id'))}, first gave ${tid}`);
    const reused = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: `${PROMPT} (changed)` }, headers: { 'idempotency-key': key } });
    expectStatus(c, reused, 409, 'idempotency_key_reused');
    c.detail = `202 ${tid}, same key → same turn, other body → 409`;
  });

  await report.run('rest.get-turn', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const tid = need(state.turnId, 'submit-turn');
    const ex = await client.send('GET', `/v3/sessions/${sid}/turns/${tid}`);
    if (!expectStatus(c, ex, 200)) return;
    sessionShape(c, ex, { id: tid, sessionId: sid, content: PROMPT });
    c.detail = `200 status ${String(field(ex.body, 'status'))}`;
  });

  await report.run('rest.poll-events.until-stop', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const tid = need(state.turnId, 'submit-turn');
    const poll = await pollEvents(client, sid, 0, timeoutMs, stopOf(tid));
    state.poll = poll;
    for (const p of poll.problems) c.fail(p);
    c.expect(poll.stop !== undefined, `no stop event for ${tid}`);
    c.detail = `${poll.events.length} events in ${poll.pages.length} polls, stop ${String(poll.stop?.event)}@${String(poll.stop?.seq)}`;
  });

  await report.run('rest.seq.plus-one-from-1', async (c) => {
    const poll = need(state.poll, 'poll-events');
    // After a 410 the buffer no longer holds the start; continuity is then checked from where it resumed.
    const first = poll.expiredFrom === undefined ? 1 : Number(poll.events[0]?.seq ?? 1);
    for (const p of seqProblems(poll.events, first, 'getEvents')) c.fail(p);
    c.detail = `seq ${first}..${String(poll.events[poll.events.length - 1]?.seq)} without gaps or repeats`;
  });

  await report.run('rest.stop-event.exactly-one-per-turn', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const tid = need(state.turnId, 'submit-turn');
    const poll = need(state.poll, 'poll-events');
    for (const p of stopProblems(poll.events, [tid], 'getEvents')) c.fail(p);
    if (!poll.stop) return; // said above; comparing the turn with a missing stop event adds only noise
    // Nothing may follow the stop event: look once more, a moment later.
    await sleep(50);
    const last = Number(poll.stop?.seq ?? 0);
    const after = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${last}`);
    if (expectStatus(c, after, 200)) c.expect(asPage(after.body).events.length === 0, `${describe(after)}: events after the stop event of the only turn`);
    const turn = await client.send('GET', `/v3/sessions/${sid}/turns/${tid}`);
    if (expectStatus(c, turn, 200)) {
      const ours = poll.events.filter((e) => e.turnId === tid);
      const status = field(turn.body, 'status');
      c.expect(status === 'done' || status === 'error', `${describe(turn)}: status ${String(status)} after ${String(poll.stop?.event)}`);
      c.expect(field(turn.body, 'lastSeq') === poll.stop?.seq, `${describe(turn)}: lastSeq ${String(field(turn.body, 'lastSeq'))}, stop event seq ${String(poll.stop?.seq)}`);
      if (poll.expiredFrom === undefined) c.expect(field(turn.body, 'firstSeq') === ours[0]?.seq, `${describe(turn)}: firstSeq ${String(field(turn.body, 'firstSeq'))}, first event seq ${String(ours[0]?.seq)}`);
      c.expect(field(turn.body, 'completedAt') !== null, `${describe(turn)}: completedAt null after the stop event`);
      if (status === 'done') c.expect(field(turn.body, 'stats') !== null, `${describe(turn)}: stats null on a done turn`);
    }
    c.detail = `${String(poll.stop?.event)} once, last; turn lastSeq matches`;
  });

  await report.run('rest.head-oldest-seq.consistent', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const poll = need(state.poll, 'poll-events');
    const head = Number(need(poll.stop, 'poll-events').seq);
    const epochs = new Set(poll.pages.filter((p) => p.status === 200).map((p) => asPage(p.body).epoch));
    c.expect(epochs.size === 1, `epoch changed between polls: ${[...epochs].join(', ')}`);
    const session = await client.send('GET', `/v3/sessions/${sid}`);
    if (expectStatus(c, session, 200)) {
      sessionShape(c, session, { headSeq: head, activeTurnId: null, turnCount: 1 });
    }
    const page = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${head}`);
    if (expectStatus(c, page, 200)) {
      const p = asPage(page.body);
      c.expect(p.headSeq === head, `${describe(page)}: headSeq ${p.headSeq}, stop event seq ${head}`);
      c.expect(p.oldestSeq >= 1 && p.oldestSeq <= head + 1, `${describe(page)}: oldestSeq ${p.oldestSeq} outside 1..headSeq+1`);
      c.expect(!p.hasMore, `${describe(page)}: hasMore at the head`);
    }
    c.detail = `session.headSeq = page.headSeq = ${head}, one epoch`;
  });

  await report.run('rest.events.after-seq-middle', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const poll = need(state.poll, 'poll-events');
    const head = Number(need(poll.stop, 'poll-events').seq);
    // The middle of what the daemon still holds (all of it unless its buffer is small).
    const now = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${head}`);
    if (!expectStatus(c, now, 200)) return;
    const oldest = asPage(now.body).oldestSeq;
    const held = poll.events.filter((e) => Number(e.seq) >= oldest);
    const mid = Math.floor((oldest - 1 + head) / 2);
    const byKey = (list: readonly Envelope[]): string => list.map(canonical).join('\n');
    const wantAll = held.filter((e) => Number(e.seq) > mid);
    const all = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${mid}`);
    if (expectStatus(c, all, 200)) {
      for (const p of pageProblems(all, mid, 500)) c.fail(p);
      c.expect(byKey(asPage(all.body).events) === byKey(wantAll), `${describe(all)}: not exactly the ${wantAll.length} events after seq ${mid} seen while polling`);
    }
    const few = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${mid}&limit=2`);
    if (expectStatus(c, few, 200)) {
      for (const p of pageProblems(few, mid, 2)) c.fail(p);
      c.expect(byKey(asPage(few.body).events) === byKey(wantAll.slice(0, 2)), `${describe(few)}: not the 2 events after seq ${mid}`);
    }
    const above = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${head + 1000}`);
    if (expectStatus(c, above, 200)) c.expect(asPage(above.body).events.length === 0 && !asPage(above.body).hasMore, `${describe(above)}: events above the head`);
    c.detail = `afterSeq=${mid} of ${head}: exactly the ${wantAll.length} later events; limit=2 pages; above head empty`;
  });

  await report.run('rest.cursor-expired', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const ex = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=0&limit=1`);
    if (ex.status === 200) {
      for (const p of pageProblems(ex, 0, 1)) c.fail(p);
      for (const v of ex.violations) c.fail(`${describe(ex)}: ${v}`);
      if (asPage(ex.body).oldestSeq === 1) c.skipped = `optional: the buffer still holds seq 1 (${asPage(ex.body).headSeq} events), no cursor can be too old`;
      return;
    }
    if (!expectStatus(c, ex, 410, 'cursor_expired')) return;
    const oldest = Number(field(ex.body, 'oldestSeq'));
    c.expect(field(ex.body, 'afterSeq') === 0, `${describe(ex)}: afterSeq ${String(field(ex.body, 'afterSeq'))}, asked 0`);
    c.expect(oldest > 1 && oldest <= Number(field(ex.body, 'headSeq')) + 1, `${describe(ex)}: oldestSeq ${oldest} does not make afterSeq=0 too old`);
    const resume = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${oldest - 1}&limit=1`);
    expectStatus(c, resume, 200);
    c.detail = `410 with oldestSeq ${oldest}; resuming from ${oldest - 1} works`;
  });

  await report.run('rest.cancel', async (c) => {
    const sid = need(state.chat, 'create-session.chat');
    const before = Number(need(need(state.poll, 'poll-events').stop, 'poll-events').seq);
    const submit = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: `${PROMPT} Then go on at length.` } });
    if (!expectStatus(c, submit, 202)) return;
    const tid = String(field(submit.body, 'id'));
    const cancel = await client.send('POST', `/v3/sessions/${sid}/cancel`);
    if (!expectStatus(c, cancel, 200)) return;
    sessionShape(c, cancel, { status: 'cancelled', activeTurnId: null });
    const poll = await pollEvents(client, sid, before, timeoutMs, (e) => e.event === 'session.cancelled');
    for (const p of poll.problems) c.fail(p);
    for (const p of seqProblems(poll.events, before + 1, 'events after cancel')) c.fail(p);
    for (const p of stopProblems(poll.events, [], 'events after cancel')) c.fail(p);
    const cancelled = poll.events.filter((e) => e.event === 'session.cancelled');
    c.expect(cancelled.length === 1, `${cancelled.length} session.cancelled events after one cancel`);
    const turn = await client.send('GET', `/v3/sessions/${sid}/turns/${tid}`);
    if (expectStatus(c, turn, 200)) {
      const status = field(turn.body, 'status');
      // Either the cancel stopped the turn (its stop event is session.cancelled) or the turn had
      // already ended and session.cancelled belongs to no turn.
      if (status === 'cancelled') c.expect(cancelled[0]?.turnId === tid, `session.cancelled has turnId ${String(cancelled[0]?.turnId)}, the cancelled turn is ${tid}`);
      else c.expect(cancelled[0]?.turnId === null && (status === 'done' || status === 'error'), `turn status ${String(status)} after cancel; session.cancelled turnId ${String(cancelled[0]?.turnId)}`);
      c.expect(field(turn.body, 'lastSeq') === (poll.events.filter((e) => e.turnId === tid && isStop(e))[0]?.seq ?? null), `${describe(turn)}: lastSeq ${String(field(turn.body, 'lastSeq'))} is not its stop event's seq`);
    }
    const head = Number(poll.stop?.seq);
    const again = await client.send('POST', `/v3/sessions/${sid}/cancel`);
    if (expectStatus(c, again, 200)) sessionShape(c, again, { status: 'cancelled', headSeq: head });
    await sleep(30);
    const quiet = await client.send('GET', `/v3/sessions/${sid}/events?afterSeq=${head}`);
    if (expectStatus(c, quiet, 200)) c.expect(asPage(quiet.body).events.length === 0, `${describe(quiet)}: a second cancel emitted events`);
    const refused = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: PROMPT } });
    expectStatus(c, refused, 409, 'session_not_active');
    c.detail = `status cancelled, one session.cancelled (turn ${String(field(turn.body, 'status'))}), idempotent, then 409 session_not_active`;
  });
}
