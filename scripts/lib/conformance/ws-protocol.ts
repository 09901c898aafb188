/**
 * The stream's protocol rules outside the event flow: wrong token → 4401, a garbage frame or a
 * frame before auth_ok → 4400, a foreign Host or Origin refused at the upgrade and loopback
 * ones accepted on any port, ping/pong, an unknown
 * session answered with an error frame on a connection that stays open. And, last, the schema of
 * every frame every connection of the run received.
 */
import { condenseAjv } from './http.js';
import type { Check, Report } from './report.js';
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

  await report.run('ws.close.bad-frames-4400', async (c) => {
    // Each on its own connection, since each must close it.
    const cases: [string, unknown, boolean][] = [
      ['a non-JSON frame after auth', 'this is not JSON {', true],
      ['an unknown frame type after auth', { type: 'conformance_bogus' }, true],
      ['subscribe_all before auth', { type: 'subscribe_all', cursors: {} }, false],
    ];
    for (const [what, frame, authFirst] of cases) {
      const rec = ctx.connect();
      if (authFirst) {
        if (!c.expect((await rec.auth(token))?.type === 'auth_ok', `${what}: no auth_ok first`)) continue;
      } else {
        await rec.open();
      }
      rec.send(frame);
      const closed = await rec.waitClose();
      c.expect(closed?.code === 4400, `${what}: ${closed ? `closed ${closed.code}` : 'not closed'}, expected close 4400`);
      if (!authFirst) c.expect(!rec.frames().some((f) => f.type === 'auth_ok' || f.type === 'subscribed'), `${what}: answered before auth`);
    }
    c.detail = 'non-JSON, unknown type, and a frame before auth each close 4400';
  });

  await report.run('ws.upgrade.origin-forbidden', async (c) => {
    const origins = [...new Set([ctx.forbiddenOrigin, 'https://evil.example'])];
    for (const origin of origins) await expectUpgradeRefused(ctx, c, { origin }, `Origin ${origin}`);
    c.detail = `refused at the upgrade for Origin ${origins.join(', ')}`;
  });

  await report.run('ws.upgrade.host-forbidden', async (c) => {
    // DNS rebinding: the page's Host names the attacker's hostname, whatever the port.
    const hosts = ['attacker.test', 'attacker.test:5173', 'localhost.attacker.test'];
    for (const host of hosts) await expectUpgradeRefused(ctx, c, { host }, `Host ${host}`);
    c.detail = `refused at the upgrade for Host ${hosts.join(', ')}`;
  });

  await report.run('ws.upgrade.loopback-host-any-port', async (c) => {
    // A dev-server proxy, an SSH tunnel or a port mapping forwards the Host of its own port.
    const hosts = ['localhost:5173', '127.0.0.1:1', '[::1]:8080', 'localhost'];
    for (const host of hosts) await expectUpgradeAccepted(ctx, c, { host }, `Host ${host}`);
    c.detail = `auth_ok through an upgrade with Host ${hosts.join(', ')}`;
  });

  await report.run('ws.upgrade.loopback-origin-any-port', async (c) => {
    const origins = ['http://localhost:5173', 'http://127.0.0.1:1', 'https://[::1]:8443'];
    for (const origin of origins) await expectUpgradeAccepted(ctx, c, { origin }, `Origin ${origin}`);
    c.detail = `auth_ok through an upgrade with Origin ${origins.join(', ')}`;
  });

  await report.run('ws.error-frames.connection-stays-open', async (c) => {
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'no auth_ok')) return;
    const errorAfter = async (frame: unknown, code: string, what: string): Promise<void> => {
      const from = rec.received.length;
      rec.send(frame);
      const err = await rec.next((f) => f.type === 'error', undefined, from);
      c.expect(err?.['code'] === code, `${what}: ${JSON.stringify(err ?? rec.closed ?? 'nothing')}, expected error ${code}`);
    };
    await errorAfter({ type: 'subscribe', sessionId: 'sess-conformance-missing', afterSeq: 0 }, 'session_not_found', 'subscribe to an unknown session');
    await errorAfter({ type: 'subscribe_all', cursors: { 'sess-conformance-missing': 3 } }, 'session_not_found', 'subscribe_all with an unknown session in cursors');
    await errorAfter({ type: 'subscribe', sessionId: 'sess-conformance-missing' }, 'bad_frame', 'subscribe without afterSeq');
    const from = rec.received.length;
    rec.send({ type: 'ping', id: 'conformance-1' });
    const pong = await rec.next((f) => f.type === 'pong', undefined, from);
    c.expect(pong?.['id'] === 'conformance-1', `ping after the errors: ${JSON.stringify(pong ?? rec.closed ?? 'nothing')}, expected pong with id conformance-1 (connection open)`);
    rec.close();
    c.detail = 'session_not_found (subscribe, subscribe_all cursors), bad_frame; still open: pong echoes the id';
  });
}

/**
 * An upgrade the daemon must refuse: HTTP 403; the contract allows a daemon that checks after
 * the upgrade, which must then close 4403 and never authorise.
 */
async function expectUpgradeRefused(ctx: WsContext, c: Check, headers: Readonly<Record<string, string>>, what: string): Promise<void> {
  const rec = ctx.connect(headers);
  const opened = await rec.open().then(() => true, () => false);
  if (rec.upgradeStatus !== undefined) {
    c.expect(rec.upgradeStatus === 403, `upgrade with ${what}: HTTP ${rec.upgradeStatus}, expected 403`);
    return;
  }
  if (!c.expect(opened, `upgrade with ${what}: ${JSON.stringify(rec.closed ?? 'no answer')}, expected HTTP 403`)) return;
  rec.send({ type: 'auth', token: ctx.token });
  const closed = await rec.waitClose();
  c.expect(!rec.frames().some((f) => f.type === 'auth_ok'), `upgrade with ${what} accepted and authorised (auth_ok)`);
  c.expect(closed?.code === 4403, `upgrade with ${what} accepted, then ${closed ? `closed ${closed.code}` : 'not closed'}; expected HTTP 403 or close 4403`);
}

/** An upgrade the daemon must accept: open, and auth_ok for the token. */
async function expectUpgradeAccepted(ctx: WsContext, c: Check, headers: Readonly<Record<string, string>>, what: string): Promise<void> {
  const rec = ctx.connect(headers);
  const first = await rec.auth(ctx.token).catch(() => undefined);
  const refusal = rec.upgradeStatus !== undefined ? `HTTP ${rec.upgradeStatus}` : JSON.stringify(first ?? rec.closed ?? 'nothing');
  c.expect(first?.type === 'auth_ok', `upgrade with ${what}: ${refusal}, expected auth_ok (loopback is allowed on any port)`);
  rec.close();
}

/**
 * subscribe_all answers each cursor entry on its own and closes its answer with a heartbeat
 * carrying the collection cursor; ping is answered within the contract's pongWithinMs.
 */
export async function runSubscribeAllChecks(ctx: WsContext & { pongWithinMs: number }): Promise<void> {
  const { report, token } = ctx;

  await report.run('ws.subscribe-all.per-entry-answers', async (c) => {
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'no auth_ok')) return;
    const from = rec.received.length;
    rec.send({ type: 'subscribe_all', cursors: { 'sess-conformance-bad1': -1, 'conformance bad id': 3, 'sess-conformance-missing': 2 } });
    const closing = await rec.next((f) => f.type === 'heartbeat' && typeof f['sessionsSeq'] === 'number', undefined, from);
    c.expect(closing !== undefined, `subscribe_all: ${JSON.stringify(rec.closed ?? 'no heartbeat with sessionsSeq')}, expected its answer to end with a heartbeat carrying sessionsSeq`);
    const errors = rec.frames().slice(from).filter((f) => f.type === 'error');
    const answered = (entry: string, code: string): boolean => errors.some((e) => e['entry'] === entry && e['code'] === code);
    c.expect(answered('sess-conformance-bad1', 'bad_frame'), `a negative cursor: ${JSON.stringify(errors)}, expected bad_frame with entry sess-conformance-bad1`);
    c.expect(answered('conformance bad id', 'bad_frame'), `a key that is no session id: ${JSON.stringify(errors)}, expected bad_frame with entry "conformance bad id"`);
    c.expect(answered('sess-conformance-missing', 'session_not_found'), `an unknown session: ${JSON.stringify(errors)}, expected session_not_found with its entry`);
    c.expect(rec.closed === undefined, `the connection closed (${JSON.stringify(rec.closed)}) instead of answering per entry`);
    rec.close();
    c.detail = 'one error per bad entry (bad_frame, bad_frame, session_not_found); answer closed by a heartbeat with sessionsSeq';
  });

  await report.run('ws.ping.pong-within', async (c) => {
    const rec = ctx.connect();
    if (!c.expect((await rec.auth(token))?.type === 'auth_ok', 'no auth_ok')) return;
    let worst = 0;
    for (let i = 0; i < 5; i++) {
      const from = rec.received.length;
      const started = Date.now();
      rec.send({ type: 'ping', id: `conformance-pong-${i}` });
      const pong = await rec.next((f) => f.type === 'pong' && f['id'] === `conformance-pong-${i}`, undefined, from);
      if (!c.expect(pong !== undefined, `ping ${i}: no pong`)) break;
      worst = Math.max(worst, Date.now() - started);
    }
    c.expect(worst <= ctx.pongWithinMs, `slowest pong ${worst} ms, the contract says within ${ctx.pongWithinMs} ms`);
    rec.close();
    c.detail = `slowest of 5 pongs ${worst} ms (contract: ≤ ${ctx.pongWithinMs} ms)`;
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
