/**
 * A small, real daemon stream for tests and benches: a `ws` WebSocket server on /v3/ws and a
 * node:http `GET /v3/sessions/{id}/events` on the same port (port 0), speaking the contract
 * (specs/daemon-v3.asyncapi.yaml) from an in-memory event log — plus fault injection.
 * Deliberately independent of src/mock (the full mock daemon).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventEnvelope } from '../../generated/events.js';
import type { StreamEventPage as EventPage } from '../../src/stream/index.js';

export interface StreamServerOptions {
  token?: string;
  heartbeatIntervalMs?: number;
  /** Events held per session; older ones expire (default unbounded). */
  maxHeld?: number;
  /** Flapping: every connection is dropped this long after auth_ok. */
  dropAfterMs?: number;
}

interface Sess {
  id: string;
  /** Its number in the collection cursor (a restart numbers the survivors first). */
  createdSeq: number;
  held: EventEnvelope[]; // held[i].seq === oldestSeq + i
  oldestSeq: number;
  head: number;
  turnFirstSeq: number | null; // first seq of the running turn
}

interface Conn {
  ws: WebSocket;
  /** The collection cursor at the upgrade. */
  sessionsSeqAtUpgrade: number;
  authed: boolean;
  all: boolean;
  pos: Map<string, number>; // last seq sent per followed session
  blackHole: boolean;
  dropNext: number; // event frames to lose silently
  garbleNext: number; // event frames to send mangled
}

type Unknown = { event: string; seq: number; sessionId: string; turnId: string | null; time: string; data: Record<string, unknown> };

export class StreamServer {
  readonly http: Server;
  readonly wss: WebSocketServer;
  readonly conns = new Set<Conn>();
  readonly sessions = new Map<string, Sess>();
  /** Every upgrade request URL and auth token seen (the token must never be in a URL). */
  readonly upgradeUrls: string[] = [];
  readonly authTokens: string[] = [];
  token: string;
  epoch = 'ep-1';
  heartbeatIntervalMs: number;
  maxHeld: number;
  dropAfterMs: number | undefined;
  /** Close the next N connections with this code right after their auth frame. */
  rejectAuth: { code: number; count: number } | undefined;
  /** REST: fail the next N requests with 500. */
  restFailures = 0;
  /** REST: never answer the next N requests (a fill that hangs). */
  restHangs = 0;
  /** The collection cursor: sessions created in this epoch. */
  sessionsSeq = 0;
  restRequests = 0;
  connections = 0;
  #epochN = 1;
  #hb: ReturnType<typeof setInterval>;
  #sockets = new Set<Socket>();

  private constructor(o: StreamServerOptions) {
    this.token = o.token ?? 'test-token';
    this.heartbeatIntervalMs = o.heartbeatIntervalMs ?? 1000;
    this.maxHeld = o.maxHeld ?? Infinity;
    this.dropAfterMs = o.dropAfterMs;
    this.http = createServer((req, res) => this.#rest(req.url ?? '', req.headers.authorization, res));
    this.http.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/v3/ws' });
    this.wss.on('connection', (ws, req) => this.#connection(ws, req.url ?? ''));
    this.#hb = setInterval(() => this.#heartbeat(), this.heartbeatIntervalMs);
  }

  static async start(o: StreamServerOptions = {}): Promise<StreamServer> {
    const s = new StreamServer(o);
    await new Promise<void>((r) => s.http.listen(0, '127.0.0.1', r));
    return s;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }
  get url(): string {
    return `ws://127.0.0.1:${this.port}/v3/ws`;
  }
  /** Some connection's subscriptions are in place (the client's 'open' comes a little earlier). */
  get following(): boolean {
    for (const c of this.conns) if (c.authed && (c.all || c.pos.size > 0)) return true;
    return false;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    clearInterval(this.#hb);
    for (const c of this.conns) c.ws.terminate();
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  // ---- the event log ---------------------------------------------------------------------------

  createSession(id: string): Sess {
    const s: Sess = { id, createdSeq: ++this.sessionsSeq, held: [], oldestSeq: 1, head: 0, turnFirstSeq: null };
    this.sessions.set(id, s);
    // subscribe_all connections follow sessions created later from seq 1.
    for (const c of this.conns) if (c.authed && c.all && !c.pos.has(id)) this.#follow(c, s, 0, s.createdSeq);
    return s;
  }

  /** Appends an event and streams it to every connection following its session. */
  append(sessionId: string, event: string, data: Record<string, unknown>, turnId: string | null, extra: Record<string, unknown> = {}): EventEnvelope {
    const s = this.sessions.get(sessionId) ?? this.createSession(sessionId);
    const seq = ++s.head;
    const env = { event, seq, sessionId, turnId, time: new Date(0).toISOString(), data, ...extra } as unknown as EventEnvelope;
    s.held.push(env);
    if (event === 'turn.done' || event === 'turn.error' || event === 'session.cancelled') s.turnFirstSeq = null;
    else if (s.turnFirstSeq === null) s.turnFirstSeq = seq;
    if (s.held.length > this.maxHeld) this.expire(sessionId, this.maxHeld);
    const frame = JSON.stringify({ type: 'event', envelope: env });
    for (const c of this.conns) {
      const pos = c.pos.get(sessionId);
      if (pos !== undefined && seq === pos + 1) this.#sendEvent(c, s, env, frame);
    }
    return env;
  }

  token_(sessionId: string, turnId: string, token: string): EventEnvelope {
    return this.append(sessionId, 'turn.token', { token }, turnId);
  }

  done(sessionId: string, turnId: string): EventEnvelope {
    return this.append(sessionId, 'turn.done', { finishReason: 'stop' }, turnId, {
      stats: { inputTokens: 1, outputTokens: 2, durationMs: 3, tokensPerSecond: 4, toolCalls: 0 },
    });
  }

  /** Keeps only the newest `keep` events of a session (older cursors get cursor_expired / 410). */
  expire(sessionId: string, keep: number): void {
    const s = this.sessions.get(sessionId);
    if (!s || s.held.length <= keep) return;
    const drop = s.held.length - keep;
    s.held = s.held.slice(drop);
    s.oldestSeq += drop;
  }

  page(sessionId: string, afterSeq: number, limit: number): EventPage | { status: 410; oldestSeq: number; headSeq: number; epoch: string; afterSeq: number } {
    const s = this.sessions.get(sessionId) ?? { held: [], oldestSeq: 1, head: 0 };
    if (afterSeq < s.oldestSeq - 1) return { status: 410, afterSeq, oldestSeq: s.oldestSeq, headSeq: s.head, epoch: this.epoch };
    const from = Math.max(0, afterSeq + 1 - s.oldestSeq);
    const events = s.held.slice(from, from + limit);
    return { events, headSeq: s.head, oldestSeq: s.oldestSeq, epoch: this.epoch, hasMore: from + limit < s.held.length };
  }

  // ---- faults ----------------------------------------------------------------------------------

  /** Clean close of every connection with a close frame. */
  closeAll(code = 1001, reason = 'going away'): void {
    for (const c of this.conns) c.ws.close(code, reason);
  }

  /** Abrupt: destroy the TCP sockets (client sees 1006). */
  destroyAll(): void {
    for (const c of this.conns) c.ws.terminate();
  }

  /** Stops sending anything on the current connections but keeps their sockets open. */
  blackHole(): void {
    for (const c of this.conns) c.blackHole = true;
  }

  /** Writes the first bytes of a text frame, then destroys the socket: a frame cut in the middle. */
  cutMidFrame(): void {
    for (const c of this.conns) {
      const sock = (c.ws as unknown as { _socket: Socket })._socket;
      const payload = Buffer.from(JSON.stringify({ type: 'heartbeat', time: new Date().toISOString(), epoch: this.epoch, heads: {} }));
      const header = Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255]);
      sock.write(Buffer.concat([header, payload.subarray(0, payload.length >> 1)]));
      sock.destroy();
    }
  }

  /** Restart with a new epoch: the buffer starts a new life (empty logs, seqs from 1). */
  restart(): void {
    this.epoch = `ep-${++this.#epochN}`;
    this.sessionsSeq = 0;
    for (const s of this.sessions.values()) {
      s.createdSeq = ++this.sessionsSeq;
      s.held = [];
      s.oldestSeq = 1;
      s.head = 0;
      s.turnFirstSeq = null;
    }
    this.closeAll(1012, 'restart');
  }

  /** Expires every session's buffer to its newest `keep` events and drops connections. */
  expireAll(keep: number): void {
    for (const id of this.sessions.keys()) this.expire(id, keep);
    this.destroyAll();
  }

  /** The next `n` event frames of each connection are lost (a gap the client must fill). */
  dropEvents(n = 1): void {
    for (const c of this.conns) c.dropNext += n;
  }

  /** The next `n` event frames of each connection arrive mangled (not JSON). */
  garbleEvents(n = 1): void {
    for (const c of this.conns) c.garbleNext += n;
  }

  /** Sends a raw text frame to every authenticated connection. */
  sendRaw(text: string): void {
    for (const c of this.conns) if (c.authed) c.ws.send(text);
  }

  // ---- protocol --------------------------------------------------------------------------------

  #connection(ws: WebSocket, url: string): void {
    this.upgradeUrls.push(url);
    this.connections++;
    const c: Conn = { ws, sessionsSeqAtUpgrade: this.sessionsSeq, authed: false, all: false, pos: new Map(), blackHole: false, dropNext: 0, garbleNext: 0 };
    this.conns.add(c);
    ws.on('close', () => this.conns.delete(c));
    ws.on('error', () => {});
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return ws.close(4400, 'binary');
      let f: Record<string, unknown>;
      try {
        f = JSON.parse(String(raw)) as Record<string, unknown>;
      } catch {
        return ws.close(4400, 'not JSON');
      }
      if (!c.authed) {
        if (f['type'] !== 'auth') return ws.close(4400, 'auth first');
        this.authTokens.push(String(f['token']));
        if (this.rejectAuth && this.rejectAuth.count > 0) {
          this.rejectAuth.count--;
          return ws.close(this.rejectAuth.code, 'rejected');
        }
        if (f['token'] !== this.token) return ws.close(4401, 'unauthorized');
        c.authed = true;
        this.#send(c, JSON.stringify({
          type: 'auth_ok', connectionId: `conn-${this.connections}`, epoch: this.epoch,
          heartbeatIntervalMs: this.heartbeatIntervalMs, sessionsSeq: c.sessionsSeqAtUpgrade, limits: { maxClientFrameBytes: 65536, maxSubscriptions: 256 },
        }));
        if (this.dropAfterMs !== undefined) setTimeout(() => ws.terminate(), this.dropAfterMs);
        return;
      }
      switch (f['type']) {
        case 'subscribe_all': {
          c.all = true;
          // Each entry answered on its own: a bad one gets its error, the rest subscribe.
          const cursors = new Map<string, number>();
          for (const [entry, value] of Object.entries((f['cursors'] ?? {}) as Record<string, unknown>)) {
            if (!/^sess-[A-Za-z0-9_-]{1,64}$/.test(entry)) this.#error(c, 'bad_frame', 'not a session id', undefined, entry.slice(0, 80));
            else if (!Number.isSafeInteger(value) || (value as number) < 0) this.#error(c, 'bad_frame', 'not a cursor', entry, entry);
            else if (!this.sessions.has(entry)) this.#error(c, 'session_not_found', 'no such session', entry, entry);
            else cursors.set(entry, value as number);
          }
          const bornAfter = typeof f['afterSessionsSeq'] === 'number' ? f['afterSessionsSeq'] : c.sessionsSeqAtUpgrade;
          for (const s of this.sessions.values()) {
            const from = cursors.get(s.id) ?? (s.createdSeq > bornAfter ? 0 : s.turnFirstSeq !== null ? s.turnFirstSeq - 1 : s.head);
            this.#follow(c, s, from);
          }
          this.#heartbeatOf(c, new Date().toISOString());
          return;
        }
        case 'subscribe': {
          const s = this.sessions.get(String(f['sessionId'])) ?? this.createSession(String(f['sessionId']));
          return this.#follow(c, s, Number(f['afterSeq']));
        }
        case 'unsubscribe':
          c.pos.delete(String(f['sessionId']));
          return this.#send(c, JSON.stringify({ type: 'unsubscribed', sessionId: f['sessionId'] }));
        case 'ping':
          return this.#send(c, JSON.stringify({ type: 'pong', id: f['id'] }));
        default:
          return ws.close(4400, 'unknown type');
      }
    });
  }

  /**
   * The contract's order: `subscribed` (afterSeq = where it really starts: oldestSeq - 1 for an
   * expired cursor, the head for a cursor above it), then `cursor_expired` if expired, then the
   * held events, then live ones.
   */
  #follow(c: Conn, s: Sess, asked: number, sessionsSeq?: number): void {
    const expired = asked < s.oldestSeq - 1;
    const afterSeq = expired ? s.oldestSeq - 1 : Math.min(asked, s.head);
    this.#send(c, JSON.stringify({ type: 'subscribed', sessionId: s.id, afterSeq, headSeq: s.head, oldestSeq: s.oldestSeq, epoch: this.epoch, ...(sessionsSeq !== undefined && { sessionsSeq }) }));
    if (expired) this.#send(c, JSON.stringify({ type: 'cursor_expired', sessionId: s.id, afterSeq: asked, oldestSeq: s.oldestSeq, headSeq: s.head, epoch: this.epoch }));
    c.pos.set(s.id, afterSeq);
    for (let i = Math.max(0, afterSeq + 1 - s.oldestSeq); i < s.held.length; i++) {
      const env = s.held[i]!;
      this.#sendEvent(c, s, env, JSON.stringify({ type: 'event', envelope: env }));
    }
  }

  #sendEvent(c: Conn, s: Sess, env: EventEnvelope, frame: string): void {
    c.pos.set(s.id, env.seq);
    if (c.dropNext > 0) {
      c.dropNext--;
      return;
    }
    if (c.garbleNext > 0) {
      c.garbleNext--;
      frame = frame.slice(0, frame.length >> 1);
    }
    this.#send(c, frame);
  }

  #send(c: Conn, frame: string): void {
    if (!c.blackHole && c.ws.readyState === 1) c.ws.send(frame);
  }

  #heartbeat(): void {
    const time = new Date().toISOString();
    for (const c of this.conns) if (c.authed) this.#heartbeatOf(c, time);
  }

  #heartbeatOf(c: Conn, time: string): void {
    const heads: Record<string, number> = {};
    for (const id of c.pos.keys()) heads[id] = this.sessions.get(id)?.head ?? 0;
    this.#send(c, JSON.stringify({ type: 'heartbeat', time, epoch: this.epoch, heads, ...(c.all && { sessionsSeq: this.sessionsSeq }) }));
  }

  #error(c: Conn, code: string, message: string, sessionId: string | undefined, entry: string): void {
    this.#send(c, JSON.stringify({ type: 'error', code, message, ...(sessionId !== undefined && { sessionId }), entry }));
  }

  #rest(url: string, auth: string | undefined, res: import('node:http').ServerResponse): void {
    this.restRequests++;
    const m = /^\/v3\/sessions\/([^/?]+)\/events(?:\?(.*))?$/.exec(url);
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type, 'x-request-id': `req-${this.restRequests}` });
      res.end(JSON.stringify(body));
    };
    if (!m) return send(404, { code: 'not_found', message: 'no route', requestId: 'r' });
    if (auth !== `Bearer ${this.token}`) return send(401, { code: 'unauthorized', message: 'token', requestId: 'r' });
    if (this.restHangs > 0) {
      this.restHangs--;
      return; // never answered (the client must give up on its own)
    }
    if (this.restFailures > 0) {
      this.restFailures--;
      return send(500, { code: 'internal', message: 'injected', requestId: 'r' });
    }
    const q = new URLSearchParams(m[2] ?? '');
    const p = this.page(decodeURIComponent(m[1]!), Number(q.get('afterSeq') ?? 0), Math.min(1000, Number(q.get('limit') ?? 500)));
    if ('status' in p) return send(410, { code: 'cursor_expired', message: 'expired', requestId: 'r', ...p, status: undefined }, 'application/problem+json');
    send(200, p);
  }
}

/** What the REST client will do: GET the page; 410 rejects with status + the problem's fields. */
export function restFetcher(baseUrl: string, token: string) {
  return async (sessionId: string, afterSeq: number, limit: number): Promise<EventPage> => {
    const res = await fetch(`${baseUrl}/v3/sessions/${encodeURIComponent(sessionId)}/events?afterSeq=${afterSeq}&limit=${limit}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status === 410) throw Object.assign(new Error('cursor_expired'), { status: 410, oldestSeq: body['oldestSeq'], headSeq: body['headSeq'], epoch: body['epoch'] });
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
    return body as unknown as EventPage;
  };
}

export type { Unknown as UnknownEvent };
