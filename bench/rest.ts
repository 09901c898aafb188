/**
 * REST overhead: sequential requests/s of raw fetch, bare openapi-fetch (generated
 * createRestClient) and DaemonClient — which checks the id, the deadline and every answer
 * against the contract's generated validators — for GET (getSession) and POST (createSession),
 * against a local node:http server answering a small JSON body. The server runs in a child process so it
 * does not share the measured event loop, and the client's own CPU per request is measured too
 * (steadier than wall time on a busy machine). Variants are interleaved in short blocks over many
 * rounds; the first round is warm-up.
 *
 * A diagnostic GET variant gives raw fetch a fresh AbortSignal (what a per-request deadline
 * needs): the ceiling for any client that can time a request out.
 *
 * Two diagnostic variants show where bare openapi-fetch spends its POST time: it always builds
 * `new Request(url, init)` and calls `fetch(request)` (a Request with a body makes undici wrap
 * the body in a stream and re-extract it), and merges headers into a `Headers` object.
 *
 *   npx tsx bench/rest.ts            (ROUNDS=80 BLOCK=100 by default)
 */
import { availableParallelism, loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import createClient from 'openapi-fetch';
import { createRestClient } from '../generated/rest-client.js';
import { DaemonClient } from '../src/node.js';

const ROUNDS = Number(process.env.ROUNDS ?? 80);
/** The goal: DaemonClient at least this fraction of raw fetch's rate, GET and POST (issue 9). */
const TARGET_RATIO = 0.97;
const BLOCK = Number(process.env.BLOCK ?? 100);
const TOKEN = 'bench-token-123456';

const serverCode = `
const http = require('node:http');
const body = JSON.stringify({ id: 'sess-abc123', mode: 'chat', model: 'qwen3-72b', title: null, status: 'active',
  createdAt: '2026-11-24T09:29:58.000Z', updatedAt: '2026-11-24T09:29:58.000Z', headSeq: 0, turnCount: 0, activeTurnId: null });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req-1' });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

// The server is another process: it does not share the measured event loop, and
// process.cpuUsage() below counts the client's CPU only.
const server = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
const port: number = await new Promise((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
const base = `http://127.0.0.1:${port}`;
const createBody = { mode: 'chat', model: 'qwen3-72b' } as const;

const bare = createRestClient({ baseUrl: base, headers: { authorization: `Bearer ${TOKEN}` } });
const client = new DaemonClient({ baseUrl: base, token: TOKEN });
// Diagnostic: without a timeout there is no AbortSignal, whose bookkeeping in undici is most of
// what the client adds over raw fetch.
const noTimeout = new DaemonClient({ baseUrl: base, token: TOKEN, timeout: 0 });

// Diagnostic: openapi-fetch handed a Request stand-in that keeps url+init, and a fetch that
// calls fetch(url, init): removes the Request construction, keeps the Headers merge.
class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers as Headers;
    this.body = init.body ?? null;
  }
}
const shimmed = createClient<import('../generated/openapi.js').paths>({
  baseUrl: base,
  headers: { authorization: `Bearer ${TOKEN}` },
  Request: PlainRequest as unknown as typeof Request,
  fetch: ((r: PlainRequest) => fetch(r.url, { method: r.method, headers: r.headers, body: r.body })) as unknown as typeof fetch,
});

type Variant = { name: string; kind: 'GET' | 'POST'; run: () => Promise<unknown> };
const variants: Variant[] = [
  { name: 'raw fetch', kind: 'GET', run: async () => (await fetch(`${base}/v3/sessions/sess-abc123`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() },
  { name: 'openapi-fetch', kind: 'GET', run: () => bare.GET('/v3/sessions/{sessionId}', { params: { path: { sessionId: 'sess-abc123' } } }) },
  { name: 'DaemonClient', kind: 'GET', run: () => client.getSession('sess-abc123') },
  // Diagnostic (GET): raw fetch given a fresh AbortSignal, as any per-request deadline needs;
  // undici's bookkeeping for it is the ceiling of a client that can time a request out.
  {
    name: 'diag: raw fetch + AbortSignal',
    kind: 'GET',
    run: async () => (await fetch(`${base}/v3/sessions/sess-abc123`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: new AbortController().signal })).json(),
  },
  {
    name: 'raw fetch',
    kind: 'POST',
    run: async () =>
      (await fetch(`${base}/v3/sessions`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(createBody) })).json(),
  },
  { name: 'openapi-fetch', kind: 'POST', run: () => bare.POST('/v3/sessions', { body: createBody }) },
  { name: 'DaemonClient', kind: 'POST', run: () => client.createSession(createBody) },
  // Diagnostics (POST): where openapi-fetch's cost goes.
  {
    name: 'diag: raw fetch(new Request)',
    kind: 'POST',
    run: async () =>
      (await fetch(new Request(`${base}/v3/sessions`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(createBody) }))).json(),
  },
  { name: 'diag: openapi-fetch, no Request', kind: 'POST', run: () => shimmed.POST('/v3/sessions', { body: createBody }) },
  { name: 'diag: DaemonClient, timeout 0', kind: 'POST', run: () => noTimeout.createSession(createBody) },
];

// Interleaving: each round runs a short block of every variant of a kind back to back,
// alternating forward and reverse order, so variants compared are measured milliseconds apart
// and a noisy neighbour on a shared machine hits them alike. Ratios are taken within each round
// and their median reported; rates are total requests over total time per variant.
// A full GC before each block (outside the timing), so one variant's garbage is not collected
// on the next one's clock.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const time = new Map<Variant, number>();
const cpu = new Map<Variant, number>();
const perRound = new Map<Variant, number[]>();
const groups = ['GET', 'POST'].map((kind) => variants.filter((v) => v.kind === kind));
for (let round = 0; round <= ROUNDS; round++) {
  for (const group of groups) {
    const order = round % 2 ? [...group].reverse() : group;
    for (const v of order) {
      gc();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < BLOCK; i++) await v.run();
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      if (round === 0) continue; // warm-up: JIT, keep-alive sockets
      time.set(v, (time.get(v) ?? 0) + ms);
      cpu.set(v, (cpu.get(v) ?? 0) + used.user + used.system);
      perRound.set(v, [...(perRound.get(v) ?? []), (BLOCK * 1000) / ms]);
    }
  }
}

const find = (name: string, kind: string): Variant => variants.find((v) => v.name === name && v.kind === kind) as Variant;
const rps = (v: Variant): number => (ROUNDS * BLOCK * 1000) / (time.get(v) ?? Infinity);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
/** Median over rounds of (rate of a) / (rate of b) in the same round. */
const ratio = (a: Variant, b: Variant): number => {
  const ra = perRound.get(a) ?? [];
  const rb = perRound.get(b) ?? [];
  return median(ra.map((x, i) => x / (rb[i] as number)));
};

const both = (a: Variant, b: Variant): string => `${ratio(a, b).toFixed(2)}× [${(rps(a) / rps(b)).toFixed(2)}×]`;

console.log(`node ${process.version}, ${ROUNDS} rounds × ${BLOCK} sequential requests per variant, interleaved; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs\n`);
const cpuPerRequest = (v: Variant): number => (cpu.get(v) ?? 0) / (ROUNDS * BLOCK);
for (const v of variants) {
  console.log(`${v.kind.padEnd(5)} ${v.name.padEnd(34)} ${rps(v).toFixed(0).padStart(7)} req/s   ${cpuPerRequest(v).toFixed(1).padStart(6)} µs client CPU/request`);
}
console.log('\nratios: median of per-round ratios [total-time ratio]');
for (const kind of ['GET', 'POST']) {
  const raw = find('raw fetch', kind);
  const of = find('openapi-fetch', kind);
  const dc = find('DaemonClient', kind);
  console.log(
    `${kind.padEnd(5)} DaemonClient / raw fetch = ${both(dc, raw)}   DaemonClient / openapi-fetch = ${both(dc, of)}   openapi-fetch / raw fetch = ${both(of, raw)}`,
  );
  const verdict = ratio(dc, raw) >= TARGET_RATIO ? 'meets' : 'MISSES';
  console.log(`${''.padEnd(5)} target DaemonClient / raw fetch >= ${TARGET_RATIO}×: ${verdict} it`);
  console.log(
    `${''.padEnd(5)} client CPU per request: DaemonClient ${(cpuPerRequest(dc) - cpuPerRequest(raw)).toFixed(1)} µs above raw fetch, openapi-fetch ${(cpuPerRequest(of) - cpuPerRequest(raw)).toFixed(1)} µs above`,
  );
}
const rawPost = find('raw fetch', 'POST');
console.log(
  `diag  raw fetch(new Request) / raw fetch = ${both(find('diag: raw fetch(new Request)', 'POST'), rawPost)}   ` +
    `openapi-fetch without Request / raw fetch = ${both(find('diag: openapi-fetch, no Request', 'POST'), rawPost)}   ` +
    `DaemonClient timeout 0 / raw fetch = ${both(find('diag: DaemonClient, timeout 0', 'POST'), rawPost)}`,
);
const rawGet = find('raw fetch', 'GET');
console.log(
  `diag  raw fetch + AbortSignal / raw fetch (GET) = ${both(find('diag: raw fetch + AbortSignal', 'GET'), rawGet)}   ` +
    `DaemonClient / raw fetch + AbortSignal (GET) = ${both(find('DaemonClient', 'GET'), find('diag: raw fetch + AbortSignal', 'GET'))}`,
);

// The client's own cost, without the network: the same GET and POST against a fetch that
// answers at once from memory, next to parsing that answer by hand. Steadier than the ratios
// above on a loaded machine, and what "lean" means for the transport itself.
const sessionBody = await (await fetch(`${base}/v3/sessions/sess-abc123`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
const answer = (status: number): Response => new Response(sessionBody, { status, headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' } });
const inMemoryFetch = (async (_url: string, init?: RequestInit) => answer(init?.method === 'POST' ? 201 : 200)) as typeof fetch;
const offline = new DaemonClient({ baseUrl: base, token: TOKEN, fetch: inMemoryFetch });
const offlineVariants: Array<[string, () => Promise<unknown>]> = [
  ['in-memory answer, parsed by hand', async () => JSON.parse(await (await inMemoryFetch(`${base}/v3/sessions/sess-abc123`)).text())],
  ['DaemonClient GET', () => offline.getSession('sess-abc123')],
  ['DaemonClient POST', () => offline.createSession(createBody)],
];
const OFFLINE_REQUESTS = 20_000;
const offlineCpu = new Map<string, number>();
for (let round = 0; round < 6; round++) {
  for (const [name, run] of offlineVariants) {
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < OFFLINE_REQUESTS / 5; i++) await run();
    const used = process.cpuUsage(cpuStart);
    if (round > 0) offlineCpu.set(name, (offlineCpu.get(name) ?? 0) + used.user + used.system);
  }
}
const perOffline = (name: string): number => (offlineCpu.get(name) ?? 0) / OFFLINE_REQUESTS;
const handParsed = perOffline('in-memory answer, parsed by hand');
console.log(
  `\nwithout the network (in-memory fetch): parsing by hand ${handParsed.toFixed(2)} µs/request; ` +
    `DaemonClient adds ${(perOffline('DaemonClient GET') - handParsed).toFixed(2)} µs (GET) and ${(perOffline('DaemonClient POST') - handParsed).toFixed(2)} µs (POST): ` +
    'id check, deadline, headers, contract validation of the answer, retry bookkeeping',
);

server.kill();
