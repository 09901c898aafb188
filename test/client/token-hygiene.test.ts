// The token never appears in an error, a cause, a frame, a log line or a URL — across the whole
// surface, against real servers: the mock with faults and a wrong token, a TCP forwarder that
// refuses or black-holes, a dead port, a hostile daemon that echoes the token in bodies,
// headers, frames and close reasons, tokens with characters illegal in a header, and state.json
// variants. One distinctive token is planted everywhere; every failure reached is searched for it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient, nodeDiscover, type EventStream } from '@opta/daemon-client';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { TcpForwarder } from '../helpers/tcp-forwarder.js';

const TOKEN = 'tok-HYGIENE-9c4e7a1b3d5f2e8a';
/** The part no other text would hold by chance. */
const SECRET = 'HYGIENE-9c4e7a1b3d5f2e8a';

/** Everything the application could see or log, gathered from every scenario. */
const seen = { errors: [] as { where: string; error: unknown }[], logs: [] as string[], urls: [] as string[], serverUrls: [] as string[] };

/** Every string an error exposes: inspect (message, stack, own fields, nested causes) and each link of its cause chain. */
function everythingSaid(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 12, showHidden: true, breakLength: Infinity })];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 12; depth++) {
    if (current instanceof Error) parts.push(current.name, current.message, String(current.stack), String(current));
    if (typeof current === 'object') {
      for (const name of Object.getOwnPropertyNames(current)) parts.push(`${name}=${inspect((current as Record<string, unknown>)[name], { depth: 6 })}`);
      const errors = (current as { errors?: unknown }).errors;
      if (Array.isArray(errors)) for (const inner of errors) parts.push(everythingSaid(inner));
    } else parts.push(String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

function client(where: string, options: ConstructorParameters<typeof DaemonClient>[0]): DaemonClient {
  return new DaemonClient({
    maxRetries: 1,
    retryBaseDelayMs: 10,
    timeout: 1500,
    debug: true,
    logger: { debug: (line) => void seen.logs.push(`${where}: ${line}`), warn: (line) => void seen.logs.push(`${where}: ${line}`) },
    middleware: [{ onRequest: (request) => void seen.urls.push(request.url) }],
    ...options,
  });
}

/** Calls every REST method that needs the token; records each failure. */
async function everyCall(where: string, c: DaemonClient): Promise<number> {
  const calls: [string, () => Promise<unknown>][] = [
    ['listSessionsPage', () => c.listSessionsPage({ limit: 1 })],
    ['createSession', () => c.createSession({ mode: 'chat', model: 'qwen3-72b' })],
    ['getSession', () => c.getSession('sess-hygiene1')],
    ['submitTurn', () => c.submitTurn('sess-hygiene1', { content: 'hi' })],
    ['getEvents', () => c.getEvents('sess-hygiene1', { afterSeq: 0, waitMs: 0 })],
    ['readEvents', () => c.readEvents('sess-hygiene1', { afterSeq: 0 })],
  ];
  let failed = 0;
  for (const [name, call] of calls) {
    try {
      await call();
    } catch (error) {
      failed++;
      seen.errors.push({ where: `${where} ${name}`, error });
    }
  }
  return failed;
}

/** Runs a stream until `errors` error events came (or `ms` passed), recording them and the stream's logger lines. */
async function streamErrors(where: string, c: DaemonClient, errors: number, ms = 4000, setup?: (ws: EventStream) => void): Promise<number> {
  const ws = c.connectWebSocket({ logger: (_level, line) => void seen.logs.push(`${where} stream: ${line}`) });
  let count = 0;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    ws.on('error', (error) => {
      seen.errors.push({ where: `${where} stream`, error });
      if (++count >= errors) {
        clearTimeout(timer);
        resolve();
      }
    });
    ws.on('state', (state) => {
      if (state.type === 'closed') {
        if (state.error) seen.errors.push({ where: `${where} stream closed`, error: state.error });
        clearTimeout(timer);
        resolve();
      }
    });
    setup?.(ws);
  });
  ws.close();
  return count;
}

// ---- a hostile daemon: echoes the token wherever it can --------------------------------------

type Hostile = { readonly url: string; close(): Promise<void> };

/** `probeAnswers`: the stream's REST probe (GET /v3/sessions?limit=1) gets a valid page, so a refused connection's own close is reported. */
async function startHostile(probeAnswers = false): Promise<Hostile> {
  const echo = (req: IncomingMessage): string => `${req.headers.authorization ?? ''} ${TOKEN}`;
  const server: Server = createServer((req, res) => {
    seen.serverUrls.push(req.url ?? '');
    const path = req.url ?? '';
    const said = echo(req);
    if (probeAnswers && path.startsWith('/v3/sessions?')) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      res.end(JSON.stringify({ sessions: [], nextCursor: null }));
    } else if (path.startsWith('/v3/sessions?')) {
      // 401 with the token in the Problem and in the request id.
      res.writeHead(401, { 'content-type': 'application/problem+json', 'x-request-id': TOKEN });
      res.end(JSON.stringify({ type: 'about:blank', title: said, status: 401, code: 'unauthorized', detail: `your token ${said} is wrong` }));
    } else if (req.method === 'POST' && path === '/v3/sessions') {
      // 200 that breaks the contract, token in every field.
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req-${TOKEN}` });
      res.end(JSON.stringify({ id: TOKEN, [TOKEN]: said, status: 42 }));
    } else if (path.endsWith('/turns')) {
      res.writeHead(500, { 'content-type': 'application/problem+json', 'x-request-id': TOKEN, 'retry-after': '0' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Internal', status: 500, code: 'internal', detail: said }));
    } else if (path.includes('/events')) {
      res.writeHead(400, { 'content-type': 'text/plain', 'x-request-id': TOKEN });
      res.end(`bad request from ${said}`);
    } else {
      res.writeHead(403, { 'content-type': 'application/problem+json', 'x-request-id': TOKEN });
      res.end(JSON.stringify({ type: 'about:blank', title: said, status: 403, code: 'origin_forbidden', detail: said, instance: said }));
    }
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  let connections = 0;
  wss.on('connection', (socket, req) => {
    seen.serverUrls.push(req.url ?? '');
    const variant = probeAnswers ? 0 : connections++ % 3;
    socket.on('message', () => {
      if (variant === 0) {
        // Before auth_ok: a close whose reason holds the token.
        socket.close(4000, `no ${TOKEN}`);
        return;
      }
      socket.send(JSON.stringify({ type: 'auth_ok', connectionId: 'conn-hostile', epoch: 'ep-1', heartbeatIntervalMs: 1000, sessionsSeq: 0, limits: { maxClientFrameBytes: 65536, maxSubscriptions: 256 } }));
      socket.send(JSON.stringify({ type: 'error', code: 'internal', message: `the token is ${TOKEN}`, sessionId: 'sess-hygiene1' }));
      socket.send(JSON.stringify({ type: 'event', envelope: { event: 'turn.token', seq: 1, sessionId: 'sess-hygiene1', turnId: 'turn-1', time: TOKEN, data: [TOKEN] } }));
      socket.send(JSON.stringify({ type: TOKEN, [TOKEN]: TOKEN }));
      socket.send(`not json ${TOKEN}`);
      socket.send(JSON.stringify({ type: 'subscribed', sessionId: TOKEN, afterSeq: TOKEN, headSeq: 0, oldestSeq: 1, epoch: 'ep-1' }));
      if (variant === 2) socket.close(4403, `forbidden ${TOKEN}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- the servers -------------------------------------------------------------------------------

let dir: string;
let mock: MockDaemon;
let otherTokenMock: MockDaemon;
let forwarder: TcpForwarder;
let hostile: Hostile;
let hostileProbeOk: Hostile;
let deadPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opta-hygiene-'));
  mock = await startMockDaemon({ port: 0, paceMs: 1, statePath: null, token: TOKEN });
  otherTokenMock = await startMockDaemon({ port: 0, paceMs: 1, statePath: null });
  forwarder = await TcpForwarder.start({ targetPort: mock.port });
  hostile = await startHostile();
  hostileProbeOk = await startHostile(true);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  await hostile?.close();
  await hostileProbeOk?.close();
  await forwarder?.close();
  await otherTokenMock?.close();
  await mock?.close();
  rmSync(dir, { recursive: true, force: true });
});

function stateFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

describe('the token is in no error, cause, frame, log line or URL', () => {
  it('the mock with faults: 500s, 429s', async () => {
    mock.setFaults({ restErrorRate: 1 });
    expect(await everyCall('mock 500', client('mock 500', { baseUrl: mock.url, token: TOKEN }))).toBeGreaterThan(0);
    mock.setFaults({ restErrorRate: 0, rateLimitRate: 1, retryAfterSeconds: 0 });
    expect(await everyCall('mock 429', client('mock 429', { baseUrl: mock.url, token: TOKEN }))).toBeGreaterThan(0);
    mock.setFaults({ rateLimitRate: 0 });
  });

  it('a daemon with another token: REST 401s, the stream 4401 then StreamAuthError', async () => {
    const c = client('other token', { baseUrl: otherTokenMock.url, token: TOKEN });
    expect(await everyCall('other token', c)).toBeGreaterThan(0);
    expect(await streamErrors('other token', c, 1)).toBeGreaterThan(0);
  });

  it('a TCP forwarder that refuses, then black-holes; a dead port', async () => {
    forwarder.refuseNew = true;
    const refused = client('refused', { baseUrl: `http://127.0.0.1:${forwarder.port}`, token: TOKEN });
    expect(await everyCall('refused', refused)).toBeGreaterThan(0);
    expect(await streamErrors('refused', refused, 1)).toBeGreaterThan(0);
    forwarder.refuseNew = false;

    const holed = client('black hole', { baseUrl: `http://127.0.0.1:${forwarder.port}`, token: TOKEN, timeout: 400, maxRetries: 0 });
    const ws = holed.connectWebSocket({ pongTimeoutMs: 300, pingAfterSilenceMs: 200, logger: (_level, line) => void seen.logs.push(`black hole stream: ${line}`) });
    ws.on('error', (error) => void seen.errors.push({ where: 'black hole stream', error }));
    await new Promise<void>((resolve) => ws.on('connect', () => resolve()));
    forwarder.blackHole();
    expect(await everyCall('black hole', holed)).toBeGreaterThan(0);
    ws.close();
    forwarder.destroyAll();

    const dead = client('dead port', { baseUrl: `http://127.0.0.1:${deadPort}`, token: TOKEN });
    expect(await everyCall('dead port', dead)).toBeGreaterThan(0);
    expect(await streamErrors('dead port', dead, 1)).toBeGreaterThan(0);
  });

  it('a hostile daemon echoing the token in bodies, headers, frames and close reasons', async () => {
    const c = client('hostile', { baseUrl: hostile.url, token: TOKEN, maxRetries: 0 });
    expect(await everyCall('hostile', c)).toBeGreaterThan(0);
    // Three connections: a close reason before auth_ok, bad and error frames after it, a fatal close.
    expect(await streamErrors('hostile', c, 8, 6000)).toBeGreaterThan(0);
    // No error listener: the stream's errors go to its logger instead.
    const unheard = client('hostile unheard', { baseUrl: hostile.url, token: TOKEN, maxRetries: 0 });
    const warned: string[] = [];
    const quiet = unheard.connectWebSocket({ logger: (_level, line) => void warned.push(line) });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 4000);
      quiet.on('state', (state) => {
        if (warned.length >= 3 || state.type === 'closed') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    quiet.close();
    expect(warned.length).toBeGreaterThan(0);
    seen.logs.push(...warned.map((line) => `hostile unheard stream: ${line}`));
    // REST answers, the WebSocket closes before auth_ok with the token in its reason.
    const probed = client('hostile close reason', { baseUrl: hostileProbeOk.url, token: TOKEN, maxRetries: 0 });
    expect(await streamErrors('hostile close reason', probed, 1, 4000)).toBeGreaterThan(0);
  });

  it('tokens with characters illegal in a header, from every source, REST and stream', async () => {
    for (const token of [`${TOKEN}\n`.replace('\n', '\nX'), `${TOKEN}\0`, `x${TOKEN} y`, `\r${TOKEN}`]) {
      const sources: [string, ConstructorParameters<typeof DaemonClient>[0]][] = [
        ['option', { baseUrl: mock.url, token }],
        ['token store', { baseUrl: mock.url, tokenStore: { get: () => token } }],
        ['env', { discover: nodeDiscover({ env: { OPTA_DAEMON_URL: mock.url, OPTA_DAEMON_TOKEN: token } }) }],
        ['state.json', { discover: nodeDiscover({ env: {}, statePath: stateFile('illegal.json', JSON.stringify({ host: '127.0.0.1', port: mock.port, token })) }) }],
      ];
      for (const [source, options] of sources) {
        const c = client(`illegal ${source}`, options);
        expect(await everyCall(`illegal ${source}`, c)).toBeGreaterThan(0);
        await streamErrors(`illegal ${source}`, c, 1, 3000);
      }
    }
  });

  it('state.json variants: cut short, wrong types, a dead port, not an object', async () => {
    const variants: Record<string, string> = {
      'cut short': `{"host":"127.0.0.1","port":${mock.port},"token":"${TOKEN}`,
      'port is the token': JSON.stringify({ host: '127.0.0.1', port: TOKEN, token: TOKEN }),
      'token is an object': JSON.stringify({ host: '127.0.0.1', port: mock.port, token: { value: TOKEN } }),
      'a dead port': JSON.stringify({ host: '127.0.0.1', port: deadPort, token: TOKEN }),
      'an array': JSON.stringify([TOKEN]),
      'not JSON': `token=${TOKEN}\n`,
    };
    for (const [name, text] of Object.entries(variants)) {
      const c = client(`state.json ${name}`, { discover: nodeDiscover({ env: {}, statePath: stateFile(`${name.replaceAll(' ', '-')}.json`, text) }) });
      expect(await everyCall(`state.json ${name}`, c), name).toBeGreaterThan(0);
      await streamErrors(`state.json ${name}`, c, 1, 3000);
    }
  });

  // Over all of the above:
  const leaksIn = (errors: typeof seen.errors): string[] =>
    errors
      .filter(({ error }) => everythingSaid(error).includes(SECRET))
      .map(({ where, error }) => `${where}: ${(error as Error).name}: ${everythingSaid(error).split('\n').find((line) => line.includes(SECRET))?.slice(0, 240)}`);

  it('no REST error holds it (message, fields, cause chain)', () => {
    const rest = seen.errors.filter(({ where }) => !where.includes('stream'));
    expect(rest.length).toBeGreaterThan(50);
    expect(leaksIn(rest)).toEqual([]);
  });

  it('no stream error holds it (message, frame, fields, cause chain)', () => {
    const stream = seen.errors.filter(({ where }) => where.includes('stream'));
    expect(stream.length).toBeGreaterThan(15);
    expect(leaksIn(stream)).toEqual([]);
  });

  it('no log line holds it', () => {
    expect(seen.logs.length).toBeGreaterThan(50);
    expect(seen.logs.filter((line) => line.includes(SECRET))).toEqual([]);
  });

  it('no URL holds it (the client\'s requests, what the servers saw)', () => {
    expect(seen.urls.length).toBeGreaterThan(20);
    expect(seen.urls.filter((url) => url.includes(SECRET))).toEqual([]);
    expect(seen.serverUrls.length).toBeGreaterThan(5);
    expect(seen.serverUrls.filter((url) => url.includes(SECRET))).toEqual([]);
  });
});
