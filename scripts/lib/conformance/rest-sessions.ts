/** Session checks of the REST lifecycle: health, create (both modes), list pagination, get, close. */
import { describe, field, type RestClient } from './http.js';
import { stopProblems } from './events.js';
import type { Report } from './report.js';
import { canonical, expectStatus, pollEvents, stopOf } from './rest-assert.js';
import { need, PROMPT, sessionShape, type LifecycleState } from './rest-state.js';

export async function runSessionChecks(client: RestClient, report: Report, state: LifecycleState): Promise<void> {
  await report.run('rest.health', async (c) => {
    const ex = await client.send('GET', '/v3/health', { auth: 'none' });
    if (expectStatus(c, ex, 200)) c.detail = `${describe(ex)} version ${String(field(ex.body, 'version'))}`;
  });

  for (const mode of ['chat', 'do'] as const) {
    await report.run(`rest.create-session.${mode}`, async (c) => {
      const body = mode === 'chat' ? { mode, model: 'conformance-model', title: 'conformance chat' } : { mode, model: 'conformance-model' };
      const ex = await client.send('POST', '/v3/sessions', { body });
      if (!expectStatus(c, ex, 201)) return;
      const id = String(field(ex.body, 'id'));
      state.created.push(id);
      sessionShape(c, ex, { mode, model: 'conformance-model', title: mode === 'chat' ? 'conformance chat' : null, status: 'active', headSeq: 0, turnCount: 0, activeTurnId: null });
      if (mode === 'chat') state.chat = id;
      else state.doSession = id;
      c.detail = `${describe(ex)} ${id}`;
    });
  }

  await report.run('rest.list-sessions.pagination', async (c) => {
    const want = [need(state.doSession, 'create-session.do'), need(state.chat, 'create-session.chat')]; // newest first
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    // Newest first: ours are on the first pages unless other clients create sessions meanwhile.
    while (pages < 25) {
      const ex = await client.send('GET', `/v3/sessions?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pages += 1;
      if (!expectStatus(c, ex, 200)) return;
      const items = (field(ex.body, 'items') ?? []) as unknown[];
      c.expect(items.length <= 1, `${describe(ex)}: ${items.length} items for limit=1`);
      for (const s of items) {
        const id = String(field(s, 'id'));
        c.expect(!seen.includes(id), `${describe(ex)}: ${id} repeated on page ${pages}`);
        seen.push(id);
      }
      cursor = field(ex.body, 'nextCursor') as string | null;
      if (cursor === null || want.every((w) => seen.includes(w))) break;
      c.expect(items.length === 1, `${describe(ex)}: an empty page with a nextCursor`);
    }
    c.expect(pages >= 2, `only ${pages} page(s) with limit=1 although this run created 2 sessions`);
    const order = want.map((w) => seen.indexOf(w));
    c.expect(order.every((i) => i >= 0), () => `created sessions missing from the list: ${want.filter((w) => !seen.includes(w)).join(', ')}`);
    c.expect(order[0]! < order[1]!, `not newest first: ${want[0]} (newer) listed after ${want[1]}`);
    c.detail = `${pages} pages of 1, newest first, no repeats`;
  });

  await report.run('rest.get-session', async (c) => {
    const id = need(state.chat, 'create-session.chat');
    const ex = await client.send('GET', `/v3/sessions/${id}`);
    if (!expectStatus(c, ex, 200)) return;
    sessionShape(c, ex, { id, mode: 'chat', status: 'active' });
    c.detail = describe(ex).replace(id, '{id}');
  });

}

/** Runs last: closing ends the session the other checks use. */
export async function runCloseCheck(client: RestClient, report: Report, timeoutMs: number, state: LifecycleState): Promise<void> {
  await report.run('rest.close', async (c) => {
    const sid = need(state.doSession, 'create-session.do');
    // Close with a turn under way: the contract cancels it first (its stop event is session.cancelled).
    const submit = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: PROMPT } });
    if (!expectStatus(c, submit, 202)) return;
    const tid = String(field(submit.body, 'id'));
    const close = await client.send('POST', `/v3/sessions/${sid}/close`);
    if (!expectStatus(c, close, 200)) return;
    sessionShape(c, close, { id: sid, status: 'closed', activeTurnId: null });
    const turn = await client.send('GET', `/v3/sessions/${sid}/turns/${tid}`);
    if (expectStatus(c, turn, 200)) {
      const status = field(turn.body, 'status');
      c.expect(status === 'cancelled' || status === 'done' || status === 'error', `${describe(turn)}: turn status ${String(status)} after close`);
      const poll = await pollEvents(client, sid, 0, timeoutMs, stopOf(tid));
      for (const p of poll.problems) c.fail(p);
      for (const p of stopProblems(poll.events, [tid], 'events of the closed session')) c.fail(p);
      if (status === 'cancelled') c.expect(poll.stop?.event === 'session.cancelled', `the turn cut by close ended with ${String(poll.stop?.event)}, expected session.cancelled`);
    }
    const again = await client.send('POST', `/v3/sessions/${sid}/close`);
    if (expectStatus(c, again, 200)) {
      c.expect(canonical(again.body) === canonical(close.body), `${describe(again)}: closing a closed session changed it`);
    }
    const refused = await client.send('POST', `/v3/sessions/${sid}/turns`, { body: { content: PROMPT } });
    expectStatus(c, refused, 409, 'session_not_active');
    c.detail = `closed with a turn under way (turn ${String(field(turn.body, 'status'))}, one stop event), idempotent, then 409 session_not_active`;
  });
}
