/**
 * Event stream bench: `npx tsx bench/stream.ts`. Every figure is printed next to its target;
 * ratios are measured in one run, alternating the two sides.
 *  1. Delivery: events/s into on("event") vs raw `ws` + JSON.parse on the same server stream
 *     (the server is a separate process blasting precomputed frames, so it is never the bottleneck
 *     of one side only). Small token events and 4 KB tool results, every frame checked by the
 *     generated validators.
 *  2. Resume: clean close / socket destroy → first resumed event (20 clients, default options).
 *  3. Flapping: the server drops every connection 200 ms after it opens → median event gap.
 *  4. Liveness: a black hole (TCP forwarder that stops forwarding, no FIN/RST) in the middle of
 *     a turn → the stream's `disconnect`.
 *  5. Time to an `error` event: a refused upgrade (403 host_forbidden through a tunnel on another
 *     port) and no daemon at all, through DaemonClient.connectWebSocket().
 *  6. Memory: heap growth over 1M events and 1,000 forced reconnects (child with --expose-gc).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { startMockDaemon } from '../src/mock/index.js';
import { DaemonClient } from '../src/node.js';
import { EventStream, type EventStreamOptions, type WebSocketConstructor } from '../src/stream/index.js';
import { restFetcher, StreamServer } from '../test/helpers/stream-server.js';
import { TcpForwarder } from '../test/helpers/tcp-forwarder.js';

const WS = WebSocket as unknown as WebSocketConstructor;
const self = fileURLToPath(import.meta.url);
const mode = process.argv[2] ?? 'main';

// ---- 1. delivery ---------------------------------------------------------------------------------

const TOKEN = 'bench-token';
const PAIRS = 15;
const KINDS = {
  token: { n: 150_000, frame: (seq: number) => `{"type":"event","envelope":{"event":"turn.token","seq":${seq},"sessionId":"sess-bench","turnId":"turn-1","time":"2026-11-24T09:30:00.120Z","data":{"token":"tok${seq % 97} "}}}` },
  tool4k: {
    n: 20_000,
    frame: (seq: number) => `{"type":"event","envelope":{"event":"turn.tool_result","seq":${seq},"sessionId":"sess-bench","turnId":"turn-1","time":"2026-11-24T09:30:00.120Z","data":{"callId":"c${seq}","toolName":"read_file","result":${JSON.stringify('x'.repeat(4000) + seq)},"isError":false}}}`,
  },
} as const;
type Kind = keyof typeof KINDS;

/**
 * Child process: a minimal daemon that, after subscribe_all, writes precomputed WebSocket frames
 * straight to the TCP socket — so the server costs almost nothing and the client is what is measured.
 */
async function blastServer(): Promise<void> {
  const blobs: Record<string, Buffer> = {};
  for (const k of Object.keys(KINDS) as Kind[]) {
    const parts: Buffer[] = [];
    for (let seq = 1; seq <= KINDS[k].n; seq++) {
      const payload = Buffer.from(KINDS[k].frame(seq));
      const len = payload.length;
      const header = len < 126 ? Buffer.from([0x81, len]) : Buffer.from([0x81, 126, len >> 8, len & 255]);
      parts.push(header, payload);
    }
    blobs[k] = Buffer.concat(parts);
  }
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v3/ws' });
  wss.on('connection', (ws, req) => {
    const kind = new URL(req.url ?? '', 'ws://x').searchParams.get('kind') as Kind;
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as { type: string };
      if (f.type === 'auth') {
        ws.send(JSON.stringify({ type: 'auth_ok', connectionId: 'c', epoch: 'ep-b', heartbeatIntervalMs: 60_000, limits: { maxClientFrameBytes: 65536, maxSubscriptions: 256 } }));
      } else if (f.type === 'subscribe_all') {
        ws.send(JSON.stringify({ type: 'subscribed', sessionId: 'sess-bench', afterSeq: 0, headSeq: 0, oldestSeq: 1, epoch: 'ep-b' }), () => {
          const sock = (ws as unknown as { _socket: import('node:net').Socket })._socket;
          const blob = blobs[kind]!;
          let off = 0;
          const pump = (): void => {
            while (off < blob.length) {
              const end = Math.min(blob.length, off + (1 << 20));
              const more = sock.write(blob.subarray(off, end));
              off = end;
              if (!more) return void sock.once('drain', pump);
            }
          };
          pump();
        });
      }
    });
  });
  await new Promise((r) => wss.on('listening', r));
  process.send!({ port: (wss.address() as { port: number }).port });
}

/** One run's rate: events per wall-clock second, and per CPU second of this process (robust to other load). */
interface Rate {
  wall: number;
  cpu: number;
}
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function rawClient(url: string, n: number): Promise<Rate> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let count = 0;
    let t0 = 0;
    let c0 = 0;
    let sink = 0;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: TOKEN }));
    ws.onmessage = (ev) => {
      const f = JSON.parse(ev.data as string) as { type: string; envelope?: { seq: number } };
      if (f.type === 'auth_ok') return ws.send(JSON.stringify({ type: 'subscribe_all', cursors: {} }));
      if (f.type !== 'event') return;
      sink += f.envelope!.seq;
      if (count++ === 0) (t0 = performance.now()), (c0 = cpuNow());
      if (count === n) {
        const rate = { wall: (n - 1) / ((performance.now() - t0) / 1000), cpu: (n - 1) / (cpuNow() - c0) };
        ws.close();
        resolve(sink > 0 ? rate : { wall: 0, cpu: 0 });
      }
    };
  });
}

function sdkClient(url: string, n: number): Promise<Rate> {
  return new Promise((resolve) => {
    let count = 0;
    let t0 = 0;
    let c0 = 0;
    let sink = 0;
    const es = new EventStream({ url: () => url, getToken: () => TOKEN, fetchEvents: () => Promise.reject(new Error('no gaps expected')), WebSocket: WS });
    es.on('event', (env) => {
      sink += env.seq;
      if (count++ === 0) (t0 = performance.now()), (c0 = cpuNow());
      if (count === n) {
        const rate = { wall: (n - 1) / ((performance.now() - t0) / 1000), cpu: (n - 1) / (cpuNow() - c0) };
        es.close();
        resolve(sink > 0 ? rate : { wall: 0, cpu: 0 });
      }
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (name: string, value: string, target: string, ok: boolean) =>
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(46)} ${value.padStart(22)}   target ${target}`);

async function delivery(): Promise<boolean> {
  const child = fork(self, ['blast-server'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as { port: number })));
  let ok = true;
  try {
    for (const kind of Object.keys(KINDS) as Kind[]) {
      const url = `ws://127.0.0.1:${port}/v3/ws?kind=${kind}`;
      const n = KINDS[kind].n;
      await rawClient(url, n); // warm-up both paths (JIT)
      await sdkClient(url, n);
      // Pairs run back to back, alternating which goes first; the median of the pairs' ratios
      // resists noise. CPU time of this process (user+sys) is the per-event cost whatever else
      // runs on the machine; wall-clock throughput is printed beside it.
      const raw: Rate[] = [];
      const sdk: Rate[] = [];
      for (let r = 0; r < PAIRS; r++) {
        const first = r % 2 === 0;
        const a = first ? await rawClient(url, n) : await sdkClient(url, n);
        const b = first ? await sdkClient(url, n) : await rawClient(url, n);
        raw.push(first ? a : b);
        sdk.push(first ? b : a);
      }
      const wallRatio = median(sdk.map((x, i) => x.wall / raw[i]!.wall));
      const ratio = median(sdk.map((x, i) => x.cpu / raw[i]!.cpu));
      if (process.env['BENCH_VERBOSE']) console.log(kind, raw.map((x) => fmt(x.wall)).join(' '), '|', sdk.map((x) => fmt(x.wall)).join(' '));
      console.log(
        `      ${kind}: raw ws+JSON.parse ${fmt(median(raw.map((x) => x.wall)))} ev/s, EventStream ${fmt(median(sdk.map((x) => x.wall)))} ev/s ` +
          `(medians of ${PAIRS} alternating pairs of ${fmt(n)} events); wall-clock ratio ${wallRatio.toFixed(3)}×`,
      );
      line(`delivery ${kind} (EventStream / raw ws, per CPU-s)`, `${ratio.toFixed(3)}×`, '≥ 0.97×', ratio >= 0.97);
      ok &&= ratio >= 0.97;
    }
  } finally {
    child.kill();
  }
  return ok;
}

// ---- 2. resume -----------------------------------------------------------------------------------

function streamOn(server: StreamServer, o: Partial<EventStreamOptions> = {}): EventStream {
  return new EventStream({ url: () => server.url, getToken: () => server.token, fetchEvents: restFetcher(server.baseUrl, server.token), WebSocket: WS, ...o });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('bench timed out');
    await sleep(2);
  }
}

/**
 * Drop → first resumed event. Connections count as healthy after 300 ms here (default 3 s) so
 * rounds can follow each other quickly: every drop is a healthy connection's first drop, whose
 * reconnect goes out at once. One client measures the latency (the targets); twenty at once show
 * the herd on one thread (no target).
 */
async function resumeRun(clients: number, rounds: number, withTargets: boolean): Promise<boolean> {
  const server = await StreamServer.start({ token: TOKEN, heartbeatIntervalMs: 1000 });
  const streams = Array.from({ length: clients }, () => streamOn(server, { backoff: { healthyAfterMs: 300 } }));
  server.token_('sess-r', 'turn-1', 'x');
  let dropAt = 0;
  let target = 0;
  const samples: number[] = [];
  for (const es of streams) es.on('event', (e) => e.seq === target && samples.push(performance.now() - dropAt));
  await until(() => streams.every((c) => c.cursor('sess-r') === 1));
  let ok = true;
  for (const kind of ['warm-up', 'clean close', 'socket destroy'] as const) {
    samples.length = 0;
    for (let round = 0; round < (kind === 'warm-up' ? 3 : rounds); round++) {
      await sleep(350); // healthy again: each drop is a first drop
      dropAt = performance.now();
      if (kind === 'socket destroy') server.destroyAll();
      else server.closeAll(1001);
      target = server.token_('sess-r', 'turn-1', 'y').seq; // emitted while everyone is away
      await until(() => samples.length === clients * (round + 1));
    }
    if (kind === 'warm-up') continue; // first reconnect paths run cold (JIT); not a figure
    const p50 = pct(samples, 50);
    const p99 = pct(samples, 99);
    if (withTargets) {
      line(`resume after ${kind}: p50 (${samples.length} resumes)`, `${p50.toFixed(1)} ms`, '≤ 10 ms', p50 <= 10);
      line(`resume after ${kind}: p99`, `${p99.toFixed(1)} ms`, '≤ 40 ms', p99 <= 40);
      ok &&= p50 <= 10 && p99 <= 40;
    } else {
      console.log(`      ${clients} clients at once, ${kind}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${samples.length} resumes; no target)`);
    }
  }
  for (const c of streams) c.close();
  await server.close();
  return ok;
}

async function resume(): Promise<boolean> {
  const ok = await resumeRun(1, 40, true);
  await resumeRun(20, 5, false);
  return ok;
}

// ---- 3. flapping ---------------------------------------------------------------------------------

async function flapping(): Promise<boolean> {
  const server = await StreamServer.start({ token: TOKEN, heartbeatIntervalMs: 1000, dropAfterMs: 200, maxHeld: 10_000 });
  const CLIENTS = 20;
  const gaps: number[] = [];
  const clients = Array.from({ length: CLIENTS }, () => {
    const es = streamOn(server); // default backoff
    let last = 0;
    es.on('event', () => {
      const now = performance.now();
      if (last && now - last > 25) gaps.push(now - last); // events flow every 5 ms: longer means a drop
      last = now;
    });
    return es;
  });
  const timer = setInterval(() => server.token_('sess-f', 'turn-1', 'x'), 5);
  await sleep(15_000);
  clearInterval(timer);
  for (const c of clients) c.close();
  await server.close();
  const m = median(gaps);
  line(`flapping (drop 200 ms after open): median gap`, `${m.toFixed(0)} ms (${gaps.length} gaps)`, '≤ 400 ms', m <= 400);
  return m <= 400;
}

// ---- 4. liveness ---------------------------------------------------------------------------------

async function blackHole(): Promise<boolean> {
  const server = await StreamServer.start({ token: TOKEN, heartbeatIntervalMs: 10_000 });
  const forwarder = await TcpForwarder.start({ targetPort: server.port });
  const es = streamOn(server, { url: () => `ws://127.0.0.1:${forwarder.port}/v3/ws` });
  let downAt = 0;
  es.on('disconnect', () => (downAt = performance.now()));
  const streaming = setInterval(() => server.token_('sess-bh', 'turn-1', 'x '), 20); // a turn in progress
  const samples: number[] = [];
  try {
    for (let round = 0; round < 5; round++) {
      await until(() => es.state.type === 'open' && server.following);
      await sleep(300);
      downAt = 0;
      const holedAt = performance.now();
      forwarder.blackHole();
      await until(() => downAt > 0);
      samples.push(downAt - holedAt);
    }
  } finally {
    clearInterval(streaming);
    es.close();
    await forwarder.close();
    await server.close();
  }
  const worst = Math.max(...samples);
  line('black hole mid-turn noticed: median (5 holes)', `${median(samples).toFixed(0)} ms`, '≤ 3000 ms', median(samples) <= 3000);
  line('black hole mid-turn noticed: worst', `${worst.toFixed(0)} ms`, '≤ 3000 ms', worst <= 3000);
  return worst <= 3000;
}

// ---- 5. time to error ----------------------------------------------------------------------------

/** From connectWebSocket() to its first `error` event. */
async function firstError(client: DaemonClient): Promise<{ ms: number; name: string }> {
  const started = performance.now();
  const ws = client.connectWebSocket();
  try {
    return await new Promise((resolve) => ws.on('error', (error) => resolve({ ms: performance.now() - started, name: error.name })));
  } finally {
    ws.close();
  }
}

async function timeToError(): Promise<boolean> {
  const mock = await startMockDaemon({ port: 0, paceMs: 0 });
  const forwarder = await TcpForwarder.start({ targetPort: Number(new URL(mock.url).port) }); // Host: another port
  const refused = await firstError(new DaemonClient({ baseUrl: `http://127.0.0.1:${forwarder.port}`, token: mock.token, maxRetries: 0 }));
  await forwarder.close();
  await mock.close();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const freePort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const dead = await firstError(new DaemonClient({ baseUrl: `http://127.0.0.1:${freePort}`, token: TOKEN.repeat(2), maxRetries: 0 }));
  line(`time to error: refused upgrade (${refused.name})`, `${refused.ms.toFixed(0)} ms`, '≤ 3000 ms', refused.ms <= 3000);
  line(`time to error: dead daemon (${dead.name})`, `${dead.ms.toFixed(0)} ms`, '≤ 3000 ms', dead.ms <= 3000);
  return refused.ms <= 3000 && dead.ms <= 3000 && refused.name === 'StreamForbiddenError' && dead.name === 'StreamConnectionError';
}

// ---- 6. memory -----------------------------------------------------------------------------------

async function memory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const server = await StreamServer.start({ token: TOKEN, heartbeatIntervalMs: 1000, maxHeld: 2000 });
  // Tiny backoff: this measures leaks per reconnect, not waiting time.
  const es = streamOn(server, { backoff: { initialDelayMaxMs: 2, baseMs: 2, capMs: 5 } });
  let delivered = 0;
  let reconnects = 0;
  es.on('event', () => delivered++);
  es.on('reconnect', () => reconnects++);
  const round = async (events: number, i: number) => {
    const sid = `sess-m${i % 20}`;
    for (let k = 0; k < events; k++) server.token_(sid, 'turn-1', 'tok ');
    const want = delivered + events;
    await until(() => delivered >= want);
    const r = reconnects;
    if (i % 2) server.destroyAll();
    else server.closeAll(1001);
    await until(() => reconnects > r && es.state.type === 'open');
  };
  await until(() => es.state.type === 'open');
  for (let i = 0; i < 50; i++) await round(1000, i); // warm-up: JIT, 20 sessions known
  const mb = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const before = mb();
  delivered = 0;
  reconnects = 0;
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) await round(1000, i);
  await sleep(50);
  const after = mb();
  es.close();
  await server.close();
  process.send!({ before, after, delivered, reconnects, seconds: (performance.now() - t0) / 1000 });
}

async function memoryChild(): Promise<boolean> {
  const child = fork(self, ['memory'], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: 'inherit' });
  const r = await new Promise<{ before: number; after: number; delivered: number; reconnects: number; seconds: number }>((res) => child.once('message', (m) => res(m as never)));
  const growth = r.after - r.before;
  console.log(`      ${fmt(r.delivered)} events, ${r.reconnects} reconnects in ${r.seconds.toFixed(1)} s; heap ${r.before.toFixed(1)} → ${r.after.toFixed(1)} MB`);
  line('memory growth (1M events, 1,000 reconnects)', `${growth.toFixed(2)} MB`, '< 5 MB', growth < 5);
  return growth < 5;
}

// ---- main ----------------------------------------------------------------------------------------

if (mode === 'blast-server') await blastServer();
else if (mode === 'memory') await memory();
else {
  console.log(`bench/stream.ts on node ${process.version}`);
  const only = process.argv.slice(2);
  const want = (k: string) => only.length === 0 || only.includes(k);
  const results: boolean[] = [];
  if (want('delivery')) results.push(await delivery());
  if (want('resume')) results.push(await resume());
  if (want('flapping')) results.push(await flapping());
  if (want('liveness')) results.push(await blackHole());
  if (want('errors')) results.push(await timeToError());
  if (want('memory')) results.push(await memoryChild());
  console.log(results.every(Boolean) ? 'all stream targets met' : 'some stream targets missed');
  process.exit(0);
}
