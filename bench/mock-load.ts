/**
 * Mock daemon under load: N WebSocket clients (default 50) follow every session with
 * subscribe_all while S sessions (default 10) stream long turns as fast as the mock can
 * (paceMs 0). Reports the sustained events/s delivered (sum over clients) and checks that every
 * client received every event of every session, in seq order, exactly once.
 *
 * The mock runs in a worker thread so it does not share the clients' event loop.
 *
 *   npx tsx bench/mock-load.ts            (CLIENTS=50 SESSIONS=10 SCENARIO=long by default)
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const CLIENTS = Number(process.env['CLIENTS'] ?? 50);
const SESSIONS = Number(process.env['SESSIONS'] ?? 10);
const SCENARIO = process.env['SCENARIO'] ?? 'long';
const PACE_MS = Number(process.env['PACE_MS'] ?? 0);

interface Ready {
  url: string;
  wsUrl: string;
  token: string;
}

if (!isMainThread) {
  // Worker: the mock itself.
  const { startMockDaemon } = await import('../src/mock/index.js');
  const m = await startMockDaemon({
    port: 0,
    paceMs: (workerData as { paceMs: number }).paceMs,
    scenario: (workerData as { scenario: string }).scenario,
    maxConnectionsPerToken: (workerData as { clients: number }).clients + 10,
    heartbeatIntervalMs: 1_000,
    statePath: null,
    strict: false,
  });
  parentPort?.postMessage({ url: m.url, wsUrl: m.wsUrl, token: m.token } satisfies Ready);
  parentPort?.on('message', (msg: string) => {
    if (msg === 'violations') parentPort?.postMessage({ violations: m.violations.length });
    if (msg === 'close') void m.close().then(() => process.exit(0));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { paceMs: PACE_MS, scenario: SCENARIO, clients: CLIENTS } });
  const ready = await new Promise<Ready>((resolve) => worker.once('message', resolve));
  const headers = { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' };

  // Clients: per session, the last seq seen and any ordering fault.
  const seen: Map<string, number>[] = [];
  let delivered = 0;
  let faults = 0;
  const sockets: WebSocket[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const cursors = new Map<string, number>();
      seen[i] = cursors;
      const ws = new WebSocket(ready.wsUrl);
      sockets.push(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as { type: string; envelope?: { sessionId: string; seq: number }; sessionId?: string; afterSeq?: number };
          if (f.type === 'auth_ok') {
            ws.send(JSON.stringify({ type: 'subscribe_all', cursors: {} }));
            resolve();
          } else if (f.type === 'subscribed' && f.sessionId !== undefined) {
            cursors.set(f.sessionId, f.afterSeq ?? 0);
          } else if (f.type === 'event' && f.envelope) {
            const last = cursors.get(f.envelope.sessionId);
            if (last === undefined || f.envelope.seq !== last + 1) faults++;
            cursors.set(f.envelope.sessionId, f.envelope.seq);
            delivered++;
          }
        });
        ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token: ready.token })));
      });
    }),
  );

  const t0 = performance.now();
  const ids: string[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const res = await fetch(`${ready.url}/v3/sessions`, { method: 'POST', headers, body: JSON.stringify({ mode: 'chat', model: 'bench' }) });
    ids.push(((await res.json()) as { id: string }).id);
  }
  await Promise.all(ids.map((id) => fetch(`${ready.url}/v3/sessions/${id}/turns`, { method: 'POST', headers, body: JSON.stringify({ content: 'load' }) })));

  // Wait for every turn to end, then for every client to have every event.
  const heads = new Map<string, number>();
  for (;;) {
    let running = 0;
    for (const id of ids) {
      const s = (await (await fetch(`${ready.url}/v3/sessions/${id}`, { headers })).json()) as { headSeq: number; activeTurnId: string | null };
      heads.set(id, s.headSeq);
      if (s.activeTurnId !== null) running++;
    }
    if (running === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const produced = [...heads.values()].reduce((a, b) => a + b, 0);
  const expected = produced * CLIENTS;
  const deadline = Date.now() + 60_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - t0) / 1000;

  let complete = 0;
  for (const cursors of seen) if (ids.every((id) => cursors.get(id) === heads.get(id))) complete++;
  worker.postMessage('violations');
  const { violations } = await new Promise<{ violations: number }>((resolve) => worker.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && 'violations' in m) resolve(m as { violations: number });
  }));
  for (const ws of sockets) ws.terminate();
  worker.postMessage('close');

  console.log(`mock-load: ${CLIENTS} clients × ${SESSIONS} sessions (scenario ${SCENARIO}, pace ${PACE_MS} ms), ${availableParallelism()} CPUs`);
  console.log(`  events produced   ${produced} (${(produced / seconds).toFixed(0)}/s per client)`);
  console.log(`  frames delivered  ${delivered} of ${expected} in ${seconds.toFixed(2)} s → ${(delivered / seconds).toFixed(0)} events/s sustained`);
  console.log(`  complete clients  ${complete}/${CLIENTS}; order faults ${faults}; contract violations ${violations}`);
  const ok = complete === CLIENTS && faults === 0 && delivered === expected && violations === 0;
  console.log(ok ? '  OK: every client got every event, in order, once' : '  FAILED');
  await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  process.exitCode = ok ? 0 : 1;
}
