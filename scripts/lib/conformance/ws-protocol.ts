/**
 * The stream's protocol rules outside the event flow: wrong token → 4401, a garbage frame or a
 * frame before auth_ok → 4400, a foreign Origin refused at the upgrade, ping/pong, an unknown
 * session answered with an error frame on a connection that stays open. And, last, the schema of
 * every frame every connection of the run received.
 */
import { condenseAjv } from './http.js';
import type { Report } from './report.js';
import type { WsContext } from './ws-stream.js';
import type { WsRecorder } from './ws-client.js';

export async function runProtocolChecks(ctx: WsContext & { forbiddenOrigin: string }): Promise<void> {
  const { report, token } = ctx;

  await report.run('ws.close.wrong-token-4401', async (c) => {
    const rec = ctx.connect();
    await rec.open();
    rec.send({ type: 'auth', token: 'conformance-wrong-token-0000000000' });
    const closed = await rec.waitClose();
    c.expect(!rec.frames().some((f) => f.type === 'auth_ok'), 'auth_ok for a wrong token');
    c.expect(closed?.code === 4401, `wrong token: ${closed ? `closed ${closed.code} ${closed.reason}` : 'not closed'}, expected close 4401`);
    c.detail = `closed 4401 ${closed?.reason ?? ''}`.trim();
  });

  await report.run('ws.close.garbage-frame-4400', async (c) => {
    const after = ctx.connect();
    if (!c.expect((await after.auth(token))?.type === 'auth_ok', 'no auth_ok')) return;
    after.send('this is not JSON {');
    const a = await after.waitClose();
    c.expect(a?.code === 4400, `a non-JSON frame after auth: ${a ? `closed ${a.code}` : 'not closed'}, expected 4400`);
    const before = ctx.connect();
    await before.open();
    before.send({ type: 'subscribe_all', cursors: {} });
    const b = await before.waitClose();
    c.expect(b?.code === 4400, `a frame before auth: ${b ? `closed ${b.code}` : 'not closed'}, expected 4400`);
    c.expect(!before.frames().some((f) => f.type === 'auth_ok' || f.type === 'subscribed'), 'frames answered before auth');
    c.detail = 'non-JSON frame → 4400; subscribe_all before auth → 4400';
  });

  await report.run('ws.upgrade.origin-forbidden', async (c) => {
    const rec = ctx.connect({ origin: ctx.forbiddenOrigin });
    await rec.open().catch(() => undefined);
    c.expect(rec.upgradeStatus === 403, `upgrade with Origin ${ctx.forbiddenOrigin}: ${rec.upgradeStatus !== undefined ? `HTTP ${rec.upgradeStatus}` : 'accepted'}, expected HTTP 403`);
    rec.close();
    c.detail = `HTTP 403 for Origin ${ctx.forbiddenOrigin}`;
  });

  await report.run('ws.ping-and-unknown-session', async (c) => {
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'no auth_ok')) return;
    rec.send({ type: 'subscribe', sessionId: 'sess-conformance-missing', afterSeq: 0 });
    const err = await rec.next((f) => f.type === 'error');
    c.expect(err?.['code'] === 'session_not_found' && err['sessionId'] === 'sess-conformance-missing', `subscribe to an unknown session: ${JSON.stringify(err ?? rec.closed ?? 'nothing')}, expected error session_not_found`);
    rec.send({ type: 'ping', id: 'conformance-1' });
    const pong = await rec.next((f) => f.type === 'pong');
    c.expect(pong?.['id'] === 'conformance-1', `ping: ${JSON.stringify(pong ?? rec.closed ?? 'nothing')}, expected pong with id conformance-1 (connection open)`);
    rec.close();
    c.detail = 'error session_not_found, connection stays open, pong echoes the id';
  });
}

/** Every frame of every connection against the AsyncAPI message schemas. */
export async function runFrameSchemaCheck(report: Report, recorders: readonly WsRecorder[]): Promise<void> {
  await report.run('ws.frames.schema-valid', (c) => {
    let n = 0;
    let bad = 0;
    recorders.forEach((rec, conn) => {
      rec.received.forEach((r, i) => {
        n += 1;
        if (!r.violation) return;
        // The first few name the drift; the count says how widespread it is.
        if (++bad <= 5) c.fail(`connection ${conn + 1} frame ${i + 1} (${String(r.frame.type)}): ${condenseAjv(r.violation)}`);
      });
      for (const g of rec.garbage) c.fail(`connection ${conn + 1}: a frame that is not a JSON object: ${JSON.stringify(g)}`);
    });
    if (bad > 5) c.fail(`${bad} invalid frames in all (first 5 shown)`);
    c.detail = `${n} frames on ${recorders.length} connections match the AsyncAPI messages`;
  });
}
