/**
 * The WebSocket endpoint (/v3/ws) of the mock, per daemon-v3.asyncapi.yaml: first-frame auth,
 * subscribe / subscribe_all with cursors and replay, cursor_expired, heartbeat with heads,
 * ping/pong, error frames and the contract's close codes. Every frame sent is validated against
 * the AsyncAPI message schemas first. subscribe_all keeps the collection cursor (`sessionsSeq`)
 * and answers each cursor entry on its own; a re-subscribe never queues a replay twice, and a
 * client that stops reading is closed with 4460 once its queue passes the contract's limit.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventEnvelope } from '../../generated/events.js';
import { STREAM_LIMITS, type ServerFrame, type StreamErrorCode } from '../../generated/stream-protocol.js';
import type { Conformance } from './conformance.js';
import type { Faults } from './faults.js';
import type { ConnectionView } from './inspector/controls.js';
import { newConnectionId, newRequestId } from './ids.js';
import type { NormalisedOptions } from './options.js';
import { checkRequestSource, tokenMatches } from './security.js';
import type { SessionRecord, Store } from './store.js';
import type { ContractValidator } from './validation.js';

export interface StreamContext {
  readonly options: NormalisedOptions;
  readonly store: Store;
  readonly faults: Faults;
  readonly validator: ContractValidator;
  readonly conformance: Conformance;
  readonly port: () => number;
}

/** Close codes the mock uses (x-opta-close-codes). */
export const CLOSE = {
  goingAway: 1001,
  internal: 1011,
  serviceRestart: 1012,
  badRequest: 4400,
  unauthorized: 4401,
  authTimeout: 4408,
  frameTooLarge: 4413,
  tooManyConnections: 4429,
  slowConsumer: 4460,
} as const;

/** The contract's SessionId pattern (specs/schemas/events.yaml). */
const SESSION_ID = /^sess-[A-Za-z0-9_-]{1,64}$/;
/** How long a slow consumer's close frame may wait behind its queue before the socket is dropped. */
const SLOW_CONSUMER_GRACE_MS = 2000;

interface Subscription {
  /** Seq of the last event sent for the session on this connection. */
  cursor: number;
  /** Single-session subscriptions count against maxSubscriptions; subscribe_all ones do not. */
  readonly single: boolean;
}

/** The entries of a subscribe_all cursor map, sorted by what they deserve (keys shown at most 80 characters). */
interface SplitCursors {
  readonly good: [string, number][];
  readonly badIds: string[];
  readonly badCursors: string[];
}

function splitCursors(cursors: unknown): SplitCursors | undefined {
  if (typeof cursors !== 'object' || cursors === null || Array.isArray(cursors)) return undefined; // the frame check says why
  const split: SplitCursors = { good: [], badIds: [], badCursors: [] };
  for (const [entry, value] of Object.entries(cursors)) {
    if (!SESSION_ID.test(entry)) split.badIds.push(entry.slice(0, 80));
    else if (!Number.isSafeInteger(value) || (value as number) < 0) split.badCursors.push(entry);
    else split.good.push([entry, value as number]);
  }
  return split;
}

function rawSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export class StreamServer {
  readonly connections = new Set<Connection>();
  private readonly wss: WebSocketServer;
  private readonly eventFrames = new WeakMap<EventEnvelope, string>();
  private readonly onEvent = (ev: EventEnvelope): void => {
    for (const c of this.connections) c.live(ev);
  };
  private readonly onSession = (rec: SessionRecord): void => {
    for (const c of this.connections) c.sessionCreated(rec);
  };

  constructor(readonly ctx: StreamContext) {
    // The frame limit is enforced by us (close 4413, per the contract); ws's own limit only
    // guards memory against absurd frames (it would close with 1009).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(16 * 1024 * 1024, ctx.options.maxClientFrameBytes * 4), perMessageDeflate: false });
    ctx.store.on('event', this.onEvent);
    ctx.store.on('session', this.onSession);
  }

  /** Handles an HTTP upgrade: Host and Origin checks first (HTTP 403), then the WebSocket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://mock.invalid').pathname;
    const refused = checkRequestSource(req.headers, this.ctx.options);
    if (refused || path !== '/v3/ws') {
      const requestId = newRequestId();
      const body = JSON.stringify(refused
        ? { code: refused.code, message: refused.message, requestId }
        : { code: 'not_found', message: `No WebSocket endpoint at ${path}; use /v3/ws`, requestId });
      socket.end(
        `HTTP/1.1 ${refused ? '403 Forbidden' : '404 Not Found'}\r\nContent-Type: application/problem+json\r\n` +
          `X-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const c = new Connection(this, ws);
      this.connections.add(c);
      if (this.ctx.options.verbose) this.ctx.options.log(`[mock] WS ${c.id} open`);
      ws.on('close', (code, reason) => {
        if (this.ctx.options.verbose) this.ctx.options.log(`[mock] WS ${c.id} closed ${code} ${reason.toString()}`);
        c.dispose();
        this.connections.delete(c);
      });
    });
  }

  /**
   * The text of an event frame, validated once per envelope: every subscriber gets the same
   * frame, so fan-out to N clients costs one validation and one JSON.stringify, not N.
   * Undefined when the frame violates the contract in strict mode.
   */
  eventFrame(ev: EventEnvelope): string | undefined {
    const cached = this.eventFrames.get(ev);
    if (cached !== undefined) return cached;
    const frame: ServerFrame = { type: 'event', envelope: ev };
    const problem = this.ctx.validator.checkServerFrame(frame);
    if (problem) {
      try {
        this.ctx.conformance.report('WS event', problem);
      } catch {
        return undefined;
      }
    }
    const text = JSON.stringify(frame);
    this.eventFrames.set(ev, text);
    return text;
  }

  authedCount(): number {
    let n = 0;
    for (const c of this.connections) if (c.authed) n++;
    return n;
  }

  /** Closes every connection with a code (1001 on shutdown, 1012 on restart). */
  closeAll(code: number, reason: string): void {
    for (const c of this.connections) c.close(code, reason);
  }

  /** Immediately terminates every socket (used after the close handshake had its chance). */
  terminateAll(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  dispose(): void {
    this.ctx.store.off('event', this.onEvent);
    this.ctx.store.off('session', this.onSession);
    this.wss.close();
  }
}

export class Connection {
  readonly id = newConnectionId();
  /** When the upgrade happened (shown by the mock inspector). */
  private readonly openedAt = new Date().toISOString();
  /** The collection cursor at the upgrade: sessions created after it are followed from seq 1 by a subscribe_all without afterSessionsSeq. */
  private readonly sessionsSeqAtUpgrade: number;
  authed = false;
  private readonly subs = new Map<string, Subscription>();
  private all = false;
  private sentEvents = 0;
  private closing = false;
  private authTimer: NodeJS.Timeout | undefined;
  private slowConsumerTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Frames waiting for the latency fault, in send order. */
  private readonly outbox: { due: number; text: string; isEvent: boolean }[] = [];
  private outboxTimer: NodeJS.Timeout | undefined;

  constructor(private readonly server: StreamServer, readonly ws: WebSocket) {
    const o = server.ctx.options;
    this.sessionsSeqAtUpgrade = server.ctx.store.sessionsSeq;
    this.authTimer = setTimeout(() => this.close(CLOSE.authTimeout, 'auth_timeout: no auth frame in time'), o.authTimeoutMs);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('error', () => ws.terminate());
  }

  private get ctx(): StreamContext {
    return this.server.ctx;
  }

  /** What the mock inspector shows of this connection (a read-only snapshot). */
  describe(): ConnectionView {
    const cursors: Record<string, number> = {};
    for (const [sessionId, sub] of this.subs) cursors[sessionId] = sub.cursor;
    const state = this.closing ? 'closing' : this.authed ? 'open' : 'awaiting_auth';
    return { id: this.id, state, openedAt: this.openedAt, subscribeAll: this.all, cursors, sentEvents: this.sentEvents, heldFrames: this.outbox.length };
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.dispose();
    this.ws.close(code, reason);
  }

  dispose(): void {
    clearTimeout(this.authTimer);
    clearTimeout(this.slowConsumerTimer);
    clearInterval(this.heartbeat);
    clearTimeout(this.outboxTimer);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (rawSize(data) > this.ctx.options.maxClientFrameBytes) {
      return this.close(CLOSE.frameTooLarge, `frame_too_large: frames are limited to ${this.ctx.options.maxClientFrameBytes} bytes`);
    }
    if (isBinary) return this.close(CLOSE.badRequest, 'bad_request: binary frames are not part of the protocol');
    let frame: unknown;
    try {
      frame = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    } catch {
      return this.close(CLOSE.badRequest, 'bad_request: frame is not JSON');
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame) || typeof (frame as { type?: unknown }).type !== 'string') {
      return this.close(CLOSE.badRequest, 'bad_request: frame is not an object with a type');
    }
    const f = frame as Record<string, unknown> & { type: string };
    if (!this.authed) return this.onAuth(f);

    // subscribe_all is answered per entry: bad entries get their own error (subscribeAll), the
    // frame is checked without them.
    const cursors = f.type === 'subscribe_all' ? splitCursors(f['cursors']) : undefined;
    const check = this.ctx.validator.checkClientFrame(cursors ? { ...f, cursors: Object.fromEntries(cursors.good) } : f);
    // The close-code table lists an unknown type among the 4400 causes.
    if (!check.known) return this.close(CLOSE.badRequest, `bad_request: unknown frame type ${f.type.slice(0, 40)}`);
    const sessionId = typeof f['sessionId'] === 'string' && SESSION_ID.test(f['sessionId']) ? f['sessionId'] : undefined;
    if (check.error) return this.error('bad_frame', `Invalid ${f.type} frame: ${check.error}`, sessionId);

    switch (f.type) {
      case 'auth':
        return this.error('bad_frame', 'Already authenticated');
      case 'ping':
        return this.send(typeof f['id'] === 'string' ? { type: 'pong', id: f['id'] } : { type: 'pong' });
      case 'subscribe': {
        const rec = this.ctx.store.get(String(f['sessionId']));
        if (!rec) return this.error('session_not_found', `No session ${String(f['sessionId'])}`, sessionId);
        const existing = this.subs.get(rec.session.id);
        if (!existing?.single && this.singleCount() >= this.ctx.options.maxSubscriptions) {
          return this.error('too_many_subscriptions', `At most ${this.ctx.options.maxSubscriptions} subscriptions per connection`, sessionId);
        }
        return this.subscribe(rec, Number(f['afterSeq']), true);
      }
      case 'subscribe_all':
        return this.subscribeAll(cursors!, f['afterSessionsSeq'] as number | undefined);
      case 'unsubscribe':
        this.subs.delete(String(f['sessionId']));
        return this.send({ type: 'unsubscribed', sessionId: String(f['sessionId']) });
    }
  }

  private onAuth(f: Record<string, unknown> & { type: string }): void {
    if (f.type !== 'auth') return this.close(CLOSE.badRequest, 'bad_request: the first frame must be auth');
    const check = this.ctx.validator.checkClientFrame(f);
    if (check.error) return this.close(CLOSE.badRequest, 'bad_request: malformed auth frame');
    if (!tokenMatches(String(f['token']), this.ctx.options.token)) return this.close(CLOSE.unauthorized, 'unauthorized');
    // One token in the mock, so every authenticated connection counts against it.
    if (this.server.authedCount() >= this.ctx.options.maxConnectionsPerToken) {
      return this.close(CLOSE.tooManyConnections, 'too_many_connections: retry later');
    }
    clearTimeout(this.authTimer);
    this.authed = true;
    const o = this.ctx.options;
    this.send({
      type: 'auth_ok', connectionId: this.id, epoch: this.ctx.store.epoch, heartbeatIntervalMs: o.heartbeatIntervalMs,
      sessionsSeq: this.sessionsSeqAtUpgrade,
      limits: { maxClientFrameBytes: o.maxClientFrameBytes, maxSubscriptions: o.maxSubscriptions },
    });
    this.heartbeat = setInterval(() => this.sendHeartbeat(), o.heartbeatIntervalMs);
  }

  private sendHeartbeat(): void {
    const heads: Record<string, number> = {};
    for (const id of this.subs.keys()) {
      const rec = this.ctx.store.get(id);
      if (rec) heads[id] = rec.session.headSeq;
    }
    // The collection cursor only on a connection that follows every session: there it means
    // "every session up to this one has had its `subscribed`".
    const frame: ServerFrame = { type: 'heartbeat', time: new Date().toISOString(), epoch: this.ctx.store.epoch, heads };
    this.send(this.all ? { ...frame, sessionsSeq: this.ctx.store.sessionsSeq } : frame);
  }

  private singleCount(): number {
    let n = 0;
    for (const s of this.subs.values()) if (s.single) n++;
    return n;
  }

  /**
   * Starts (or restarts) following a session after `afterSeq`: `subscribed` (where it starts),
   * `cursor_expired` when the cursor is older than the buffer, then the held events, in order.
   * A cursor above the head (another epoch) starts at the head: `subscribed.afterSeq` says so.
   * A session this connection already follows goes on from what was already sent when the cursor
   * is lower (bounded replay: its events are never queued twice). `sessionsSeq` is set on the
   * `subscribed` of a session created while subscribe_all is in place.
   */
  private subscribe(rec: SessionRecord, afterSeq: number, single: boolean, sessionsSeq?: number): void {
    const store = this.ctx.store;
    const headSeq = rec.session.headSeq;
    const oldestSeq = store.oldestSeq(rec);
    const existing = this.subs.get(rec.session.id);
    if (existing && afterSeq <= existing.cursor) {
      const sub: Subscription = { cursor: existing.cursor, single: single || existing.single };
      this.subs.set(rec.session.id, sub);
      this.sendSubscribed(rec, sub.cursor, headSeq, oldestSeq, sessionsSeq);
      return;
    }
    const expired = afterSeq < oldestSeq - 1;
    const start = expired ? oldestSeq - 1 : Math.min(afterSeq, headSeq);
    const sub: Subscription = { cursor: start, single: single || existing?.single === true };
    this.subs.set(rec.session.id, sub);
    const epoch = store.epoch;
    this.sendSubscribed(rec, start, headSeq, oldestSeq, sessionsSeq);
    if (expired) this.send({ type: 'cursor_expired', sessionId: rec.session.id, afterSeq, oldestSeq, headSeq, epoch });
    for (const ev of store.after(rec, start, Number.MAX_SAFE_INTEGER).events) {
      if (this.closing) return;
      this.sendEvent(sub, ev);
    }
  }

  private sendSubscribed(rec: SessionRecord, afterSeq: number, headSeq: number, oldestSeq: number, sessionsSeq: number | undefined): void {
    const frame: ServerFrame = { type: 'subscribed', sessionId: rec.session.id, afterSeq, headSeq, oldestSeq, epoch: this.ctx.store.epoch };
    this.send(sessionsSeq === undefined ? frame : { ...frame, sessionsSeq });
  }

  /**
   * subscribe_all: every entry of `cursors` is checked on its own (a bad one gets its error, the
   * rest subscribe); listed cursors resume; sessions created after the collection cursor
   * (`afterSessionsSeq`, else the count at the upgrade) start from seq 1; other existing sessions
   * start at the first event of their running turn (or at their head when idle); sessions
   * created later start from seq 1. A heartbeat carrying the collection cursor closes the answer.
   */
  private subscribeAll(cursors: SplitCursors, afterSessionsSeq: number | undefined): void {
    this.all = true;
    const listed = new Map<string, number>();
    for (const entry of cursors.badIds) {
      this.error('bad_frame', `Invalid subscribe_all entry ${JSON.stringify(entry)}: not a session id`, undefined, entry);
    }
    for (const entry of cursors.badCursors) this.error('bad_frame', `Invalid cursor for ${entry}: a cursor is an integer >= 0`, entry, entry);
    for (const [entry, value] of cursors.good) {
      if (this.ctx.store.get(entry)) listed.set(entry, value);
      else this.error('session_not_found', `No session ${entry}`, entry, entry);
    }
    const bornAfter = afterSessionsSeq ?? this.sessionsSeqAtUpgrade;
    for (const rec of [...this.ctx.store.sessions.values()]) {
      if (this.closing) return;
      const id = rec.session.id;
      const cursor = listed.get(id);
      if (cursor !== undefined) {
        this.subscribe(rec, cursor, false);
        continue;
      }
      if (this.subs.has(id)) continue; // already followed on this connection: keep its cursor
      // Created while the client was away (or setting up): it could not know it, so all of it.
      if (rec.createdSeq > bornAfter) {
        this.subscribe(rec, 0, false);
        continue;
      }
      const active = rec.session.activeTurnId === null ? undefined : rec.turns.get(rec.session.activeTurnId);
      const start = active?.firstSeq != null ? active.firstSeq - 1 : rec.session.headSeq;
      this.subscribe(rec, start, false);
    }
    this.sendHeartbeat();
  }

  sessionCreated(rec: SessionRecord): void {
    if (!this.authed || !this.all || this.closing) return;
    this.subscribe(rec, 0, false, rec.createdSeq);
  }

  live(ev: EventEnvelope): void {
    const sub = this.subs.get(ev.sessionId);
    if (!sub || this.closing) return;
    if (ev.seq === sub.cursor + 1) this.sendEvent(sub, ev);
  }

  private sendEvent(sub: Subscription, ev: EventEnvelope): void {
    sub.cursor = ev.seq;
    const text = this.server.eventFrame(ev);
    if (text === undefined) return this.close(CLOSE.internal, 'internal: the mock produced a frame that violates the contract');
    this.enqueue(text, true);
  }

  private error(code: StreamErrorCode, message: string, sessionId?: string, entry?: string): void {
    this.send({
      type: 'error', code, message,
      ...(sessionId !== undefined && { sessionId }),
      ...(entry !== undefined && { entry }),
    });
  }

  private send(frame: ServerFrame): void {
    if (this.closing) return;
    const problem = this.ctx.validator.checkServerFrame(frame);
    if (problem) {
      try {
        this.ctx.conformance.report(`WS ${frame.type}`, problem);
      } catch {
        return this.close(CLOSE.internal, 'internal: the mock produced a frame that violates the contract');
      }
    }
    this.enqueue(JSON.stringify(frame), false);
  }

  private enqueue(text: string, isEvent: boolean): void {
    if (this.closing) return;
    const latency = this.ctx.faults.socketDelayMs();
    if (latency <= 0 && this.outbox.length === 0) return this.transmit(text, isEvent);
    const last = this.outbox.at(-1)?.due ?? 0;
    this.outbox.push({ due: Math.max(Date.now() + latency, last), text, isEvent });
    this.outboxTimer ??= setTimeout(() => this.flush(), Math.max(0, (this.outbox[0]?.due ?? 0) - Date.now()));
  }

  private flush(): void {
    this.outboxTimer = undefined;
    const now = Date.now();
    while (this.outbox[0] && this.outbox[0].due <= now && !this.closing) {
      const item = this.outbox.shift();
      if (item) this.transmit(item.text, item.isEvent);
    }
    const next = this.outbox[0];
    if (next && !this.closing) this.outboxTimer = setTimeout(() => this.flush(), Math.max(0, next.due - Date.now()));
  }

  /**
   * The client stopped reading and its queue passed the limit: close 4460 instead of queueing on.
   * The close frame waits behind the queue; if the client does not read it in time, the socket goes.
   */
  private closeSlowConsumer(): void {
    const ws = this.ws;
    this.close(CLOSE.slowConsumer, `slow_consumer: more than ${STREAM_LIMITS.maxQueuedBytesPerConnection} bytes queued`);
    this.slowConsumerTimer = setTimeout(() => ws.terminate(), SLOW_CONSUMER_GRACE_MS);
    this.slowConsumerTimer.unref();
  }

  private transmit(text: string, isEvent: boolean): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const drop = isEvent && this.ctx.faults.dropAfterEvent(++this.sentEvents);
    if (!drop) {
      this.ws.send(text);
      if (this.ws.bufferedAmount > STREAM_LIMITS.maxQueuedBytesPerConnection) this.closeSlowConsumer();
      return;
    }
    // A drop, not a close: no close frame, the client sees 1006 as with a real network loss.
    // The Nth event is written first so "drop every N events" delivers exactly N.
    this.closing = true;
    this.dispose();
    this.ws.send(text, () => this.ws.terminate());
  }
}
