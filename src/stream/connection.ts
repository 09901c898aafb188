/**
 * EventStream: one WebSocket to the daemon, replaced whenever it drops, with a cursor per session
 * so every event reaches the application exactly once and in order (gaps filled over REST).
 * Transport-injected: it only knows the WHATWG WebSocket API (onopen/onmessage/onclose, send,
 * close), so browsers, Node's global WebSocket and `ws` run the same code.
 */
import { EVENT_NAMES, type EventEnvelope } from '../../generated/events.js';
import type { ServerFrame } from '../../generated/stream-protocol.js';
import { encodeClientFrame, isFatalCloseCode, parseServerFrame } from '../protocol.js';
import { backoffDelay, normaliseBackoff, type Backoff, type BackoffOptions } from './backoff.js';
import { classify, DELIVER, DROP, takeContiguous } from './cursor.js';
import {
  FatalCloseError,
  StreamAuthError,
  StreamError,
  StreamServerError,
  type ResyncInfo,
} from './errors.js';
import { Watchdog } from './heartbeat.js';

/** The part of the WHATWG WebSocket the stream uses. `ws`'s WebSocket class fits as is. */
export interface WebSocketLike {
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: { readonly data: unknown }) => void) | null;
  onclose: ((ev: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((ev: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drop the socket without a close handshake. */
  terminate?(): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** One page of `GET /v3/sessions/{id}/events` (the REST contract's EventPage). */
export interface EventPage {
  readonly events: readonly EventEnvelope[];
  readonly headSeq: number;
  readonly oldestSeq: number;
  readonly epoch: string;
  readonly hasMore: boolean;
}

/**
 * What `fetchEvents` must reject with on `410 cursor_expired` (the CursorExpiredProblem fields;
 * the REST client's CursorExpiredError fits). Without a numeric oldestSeq it counts as a failed fill.
 */
export interface CursorExpiredLike {
  readonly status: 410;
  readonly oldestSeq: number;
  readonly headSeq?: number | undefined;
  readonly epoch?: string | undefined;
}

/** A `data` object of an envelope whose name is not in EVENT_NAMES (a newer daemon). */
export interface UnknownEnvelope {
  readonly event: string;
  readonly seq: number;
  readonly sessionId: string;
  readonly turnId?: string | null;
  readonly time?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface EventStreamOptions {
  /** Where to connect, e.g. `ws://127.0.0.1:9999/v3/ws`; called before each connection. Never put the token in it. */
  readonly url: () => string | Promise<string>;
  /** The token for the `auth` frame. After a 4401 it is called once with `refresh: true` (re-read the source); a second 4401 stops the stream. */
  readonly getToken: (o: { refresh: boolean }) => string | Promise<string>;
  /** REST gap filler: events with seq > afterSeq. Rejects with a CursorExpiredLike on 410. */
  readonly fetchEvents: (sessionId: string, afterSeq: number, limit: number) => Promise<EventPage>;
  /** Transport (default: globalThis.WebSocket; the Node entry injects `ws` where there is none). */
  readonly WebSocket?: WebSocketConstructor;
  /**
   * `'all'` (default): send `subscribe_all` with a cursor for every known session, so every
   * session of the token — including ones created later, from seq 1 — streams without further
   * calls. `'none'`: only sessions passed to subscribe() (or `sessions`) are followed.
   */
  readonly follow?: 'all' | 'none';
  /** Cursors to resume from, e.g. persisted by a reloaded page (default none). */
  readonly sessions?: Readonly<Record<string, number>>;
  /** The epoch those cursors belong to; if the daemon's differs they are reset with a `resync` (default: trust them). */
  readonly epoch?: string;
  /** Time allowed from creating the socket to `auth_ok` (default 10000 ms). */
  readonly connectTimeoutMs?: number;
  /** The link is dead after deadLinkFactor × heartbeatIntervalMs without any frame (default 2.5: two intervals + half an interval of slack). */
  readonly deadLinkFactor?: number;
  /** Reconnect delays, see BackoffOptions. */
  readonly backoff?: BackoffOptions;
  /** Events per REST page when filling a gap (default 500, contract max 1000). */
  readonly fillPageSize?: number;
  /** Diagnostics (default: silent). Never receives the token. */
  readonly logger?: (level: 'debug' | 'warn', message: string) => void;
  /** Connect at once (default true); otherwise call connect(). */
  readonly autoConnect?: boolean;
}

export type StreamState =
  | { readonly type: 'connecting' }
  | { readonly type: 'open'; readonly connectionId: string; readonly epoch: string }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly nextRetryAt: number }
  | { readonly type: 'closed'; readonly error?: StreamError };

export interface ConnectInfo {
  readonly connectionId: string;
  readonly epoch: string;
  readonly heartbeatIntervalMs: number;
}
export interface DisconnectInfo {
  readonly code: number;
  readonly reason: string;
  readonly willReconnect: boolean;
}
export interface ReconnectInfo extends ConnectInfo {
  /** Retries it took. */
  readonly attempts: number;
  /** From the drop to this `auth_ok`. */
  readonly downtimeMs: number;
}

export interface EventStreamEvents {
  /** Every known event, exactly once and in order per session; `switch (envelope.event)` narrows. */
  event: (envelope: EventEnvelope) => void;
  /** Envelopes whose `event` is not in EVENT_NAMES (newer daemon): passed through in order, cursor advanced. */
  unknown: (envelope: UnknownEnvelope) => void;
  connect: (info: ConnectInfo) => void;
  disconnect: (info: DisconnectInfo) => void;
  reconnect: (info: ReconnectInfo) => void;
  /** Events that could not be delivered (expired buffer, daemon restart): never skipped silently. */
  resync: (info: ResyncInfo) => void;
  error: (error: StreamError) => void;
  state: (state: StreamState) => void;
}
type Name = keyof EventStreamEvents;

interface Session {
  readonly id: string;
  /** Seq of the last event delivered. */
  cursor: number;
  /** Not followed (unsubscribe()): its events are dropped and its cursor frozen. */
  off: boolean;
  /** A REST fill is running; live events wait in `buffer`. */
  filling: boolean;
  buffer: EventEnvelope[];
  /** Bumped when cursors are reset (epoch change) so a running fill stops. */
  gen: number;
  /** `subscribed` arrived on this connection and its replay (up to ackHead) is in. */
  acked: boolean;
  ackHead: number;
  /** Cursor at the last heartbeat whose head was ahead during a replay (-1: none). */
  suspect: number;
}

const KNOWN: ReadonlySet<string> = new Set(EVENT_NAMES);
const noop = (): void => {};
const isExpired = (e: unknown): e is CursorExpiredLike =>
  typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 410 &&
  typeof (e as { oldestSeq?: unknown }).oldestSeq === 'number';

export class EventStream {
  readonly #o: Required<Omit<EventStreamOptions, 'WebSocket' | 'epoch' | 'sessions' | 'backoff' | 'logger'>> & {
    backoff: Backoff;
    log: NonNullable<EventStreamOptions['logger']>;
  };
  readonly #WS: WebSocketConstructor | undefined;
  readonly #l: { [K in Name]: EventStreamEvents[K][] } = {
    event: [], unknown: [], connect: [], disconnect: [], reconnect: [], resync: [], error: [], state: [],
  };
  readonly #sessions = new Map<string, Session>();
  /** The session of the last event frame (hot-path cache). */
  #hot: Session | undefined;
  #lastName = '';
  #lastKnown = false;
  /** Frames received (a Smi bump per frame; the watchdog reads it on its ticks). */
  #frames = 0;
  readonly #dog = new Watchdog(() => this.#frames, (ms) => this.#down(1006, `dead link: no frame for ${ms} ms`));
  #sock: WebSocketLike | null = null;
  #authed = false;
  #epoch: string | undefined;
  #state: StreamState = { type: 'connecting' };
  #closed = false;
  #started = false;
  #gen = 0;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #openedAt = 0;
  #downAt = 0;
  #everOpen = false;
  /** The next token read is a refresh (after one 4401); cleared by auth_ok. */
  #refresh = false;

  constructor(options: EventStreamOptions) {
    const o = options;
    this.#o = {
      url: o.url,
      getToken: o.getToken,
      fetchEvents: o.fetchEvents,
      follow: o.follow ?? 'all',
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      deadLinkFactor: o.deadLinkFactor ?? 2.5,
      fillPageSize: Math.min(1000, o.fillPageSize ?? 500),
      autoConnect: o.autoConnect ?? true,
      backoff: normaliseBackoff(o.backoff),
      log: o.logger ?? (() => {}),
    };
    this.#WS = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.#epoch = o.epoch;
    for (const [id, cursor] of Object.entries(o.sessions ?? {})) this.#session(id, cursor);
    if (this.#o.autoConnect) this.connect();
  }

  // ---- public API ----------------------------------------------------------------------------

  on<K extends Name>(name: K, listener: EventStreamEvents[K]): this {
    // Copy on write: a listener may add or remove listeners while an event is dispatched.
    const l = this.#l as unknown as Record<Name, unknown[]>;
    l[name] = [...l[name], listener];
    return this;
  }

  off<K extends Name>(name: K, listener: EventStreamEvents[K]): this {
    const l = this.#l as unknown as Record<Name, unknown[]>;
    l[name] = l[name].filter((x) => x !== listener);
    return this;
  }

  /** The current connection state. */
  get state(): StreamState {
    return this.#state;
  }

  /** The daemon buffer's epoch the cursors belong to (undefined before the first auth_ok). */
  get epoch(): string | undefined {
    return this.#epoch;
  }

  /** Seq of the last event delivered for a session, undefined if the stream does not know it. */
  cursor(sessionId: string): number | undefined {
    return this.#sessions.get(sessionId)?.cursor;
  }

  /** Every known session's cursor (persist it with `epoch` to resume after a reload). */
  cursors(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.#sessions.values()) out[s.id] = s.cursor;
    return out;
  }

  /** The gap filler, for iterators that start before the stream's cursor. */
  get fetchEvents(): EventStreamOptions['fetchEvents'] {
    return this.#o.fetchEvents;
  }

  /**
   * Follows a session from `afterSeq` (default 0: the whole session). If the stream already knows
   * the session its cursor is kept — a stream never delivers an event twice, so `afterSeq` only
   * applies to a session new to it (iterators that need older events read them over REST).
   * With follow 'none' this is how sessions are added; with 'all' every session is followed
   * anyway and this only sets where a not-yet-seen session starts (or resumes one unsubscribed).
   */
  subscribe(sessionId: string, options: { afterSeq?: number } = {}): void {
    let s = this.#sessions.get(sessionId);
    if (s && !s.off) return;
    if (s) s.off = false;
    else s = this.#session(sessionId, options.afterSeq ?? 0);
    if (this.#authed) this.#send({ type: 'subscribe', sessionId, afterSeq: s.cursor });
  }

  /** Stops delivering a session's events (its cursor is kept for a later subscribe()). */
  unsubscribe(sessionId: string): void {
    const s = this.#sessions.get(sessionId);
    if (!s || s.off) return;
    s.off = true;
    s.filling = false;
    s.buffer = [];
    s.gen++;
    if (this.#authed) this.#send({ type: 'unsubscribe', sessionId });
  }

  /** Starts connecting (only needed with autoConnect: false). */
  connect(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#setState({ type: 'connecting' });
    this.#open();
  }

  /** Closes for good: no reconnect, no more events; iterators end. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop();
    this.#setState({ type: 'closed' });
  }

  // ---- connection lifecycle ------------------------------------------------------------------

  #open(): void {
    this.#retry = undefined;
    const gen = ++this.#gen;
    const refresh = this.#refresh;
    // An async wrapper turns a synchronous throw of url()/getToken() into a rejection.
    const read = async (): Promise<[string, string]> => [await this.#o.url(), await this.#o.getToken({ refresh })];
    read().then(
      ([url, token]) => {
        if (gen !== this.#gen || this.#closed) return;
        const WS = this.#WS;
        if (!WS) return this.#fatal(new StreamError('no WebSocket available: pass options.WebSocket'));
        // URLs end up in logs and proxies: the token only ever travels in the auth frame.
        if (token && url.includes(token)) return this.#fatal(new StreamError('refusing a stream URL that contains the token'));
        let ws: WebSocketLike;
        try {
          ws = new WS(url);
        } catch (err) {
          this.#emit('error', new StreamError(`cannot open ${url}`, { cause: err }));
          return this.#schedule();
        }
        this.#sock = ws;
        this.#authed = false;
        ws.onopen = () => ws.send(encodeClientFrame({ type: 'auth', token }));
        // No identity check per frame: retired sockets have their handlers detached.
        ws.onmessage = this.#onMessage;
        ws.onclose = (ev) => {
          if (this.#sock === ws) this.#down(ev.code, ev.reason);
        };
        ws.onerror = noop; // a close event always follows
        this.#dog.start(this.#o.connectTimeoutMs);
      },
      (err: unknown) => {
        if (gen !== this.#gen || this.#closed) return;
        this.#emit('error', new StreamError('could not get the stream url or token', { cause: err }));
        this.#schedule();
      },
    );
  }

  /** Retires the current socket: handlers detached, dropped without waiting for a close handshake. */
  #retire(graceful: boolean, reason: string): void {
    const ws = this.#sock;
    this.#sock = null;
    this.#authed = false;
    this.#dog.stop();
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.onerror = noop; // `ws` emits 'error' when a CONNECTING socket is closed: never unhandled
    try {
      if (!graceful && ws.terminate) ws.terminate();
      else ws.close(graceful ? 1000 : 4000, reason.slice(0, 120));
    } catch {
      // already closed
    }
  }

  /** The link went down (close event, dead link, forced): decide between retrying and stopping. */
  #down(code: number, reason: string): void {
    if (this.#closed) return;
    const wasOpen = this.#authed;
    this.#retire(false, reason);
    this.#o.log('debug', `stream down: ${code} ${reason}`);
    if (wasOpen && Date.now() - this.#openedAt >= this.#o.backoff.healthyAfterMs) this.#attempt = 0;
    if (wasOpen) this.#downAt = Date.now();
    let error: StreamError | undefined;
    if (code === 4401 && !this.#refresh) this.#refresh = true;
    else if (code === 4401) error = new StreamAuthError(code, reason);
    else if (isFatalCloseCode(code)) error = new FatalCloseError(code, reason);
    if (wasOpen) this.#emit('disconnect', { code, reason, willReconnect: !error });
    if (error) return this.#fatal(error);
    if (code === 4401) return this.#open(); // re-read the token at once, no backoff
    this.#schedule();
  }

  /** Single flight: one pending retry at most. */
  #schedule(): void {
    if (this.#closed || this.#retry !== undefined) return;
    this.#gen++; // orphan any url/token read in progress
    const attempt = this.#attempt++;
    const delay = backoffDelay(this.#o.backoff, attempt);
    if (!this.#downAt) this.#downAt = Date.now();
    this.#setState({ type: 'reconnecting', attempt: attempt + 1, nextRetryAt: Date.now() + delay });
    this.#retry = setTimeout(() => this.#open(), delay);
  }

  /** Forces a reconnect (e.g. the REST view disagrees): the resubscribe replays from the cursors. */
  #kick(reason: string): void {
    if (this.#sock) this.#down(1006, reason);
  }

  #fatal(error: StreamError): void {
    this.#emit('error', error);
    this.#closed = true;
    this.#stop();
    this.#setState({ type: 'closed', error });
  }

  #stop(): void {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#gen++;
    this.#retire(true, 'client closed');
    for (const s of this.#sessions.values()) {
      s.gen++;
      s.buffer = [];
      s.filling = false;
    }
  }

  #send(frame: Parameters<typeof encodeClientFrame>[0]): void {
    try {
      this.#sock?.send(encodeClientFrame(frame));
    } catch (err) {
      this.#kick(`send failed: ${String(err)}`);
    }
  }

  // ---- frames --------------------------------------------------------------------------------

  /** Every frame: one bound function (no per-socket closure, one call level on the hot path). */
  readonly #onMessage = (ev: { readonly data: unknown }): void => {
    this.#frames++;
    let frame: ServerFrame;
    try {
      frame = parseServerFrame(ev.data);
    } catch (err) {
      // Nothing is lost: a mangled event leaves a gap that the next event or heartbeat reveals.
      this.#emit('error', err as StreamError);
      return;
    }
    if (frame.type === 'event') {
      // Hot path: the next event of a session in its steady state is classify()'s DELIVER case
      // (seq === cursor + 1), delivered straight to the listeners.
      // Consecutive frames mostly belong to one session: a string compare beats a Map lookup.
      const env = frame.envelope;
      let s = this.#hot;
      if (s === undefined || s.id !== env.sessionId) s = this.#hot = this.#sessions.get(env.sessionId);
      if (s !== undefined && env.seq === s.cursor + 1 && !s.filling && !s.off) {
        s.cursor = env.seq;
        this.#deliver(env);
      } else this.#onEnvelope(env);
      return;
    }
    this.#onControl(frame);
  };

  #onControl(frame: Exclude<ServerFrame, { type: 'event' }>): void {
    if (!this.#authed && frame.type !== 'auth_ok') return; // the daemon closes 4400 if it cared
    switch (frame.type) {
      case 'auth_ok':
        return this.#onAuthOk(frame.connectionId, frame.epoch, frame.heartbeatIntervalMs);
      case 'subscribed': {
        const s = this.#sessions.get(frame.sessionId) ?? this.#session(frame.sessionId, frame.afterSeq);
        s.acked = true;
        s.ackHead = frame.headSeq;
        // A head below our cursor: the cursor is from another life of the buffer (cursors passed
        // in without their epoch). Seqs restarted: say so, drop it, subscribe from 0.
        // (afterSeq above the cursor needs nothing here: cursor_expired follows and reports it.)
        if (frame.headSeq < s.cursor && !s.off) {
          this.#reset(s, frame.epoch);
          this.#send({ type: 'subscribe', sessionId: s.id, afterSeq: 0 });
        }
        return;
      }
      case 'cursor_expired': {
        const s = this.#sessions.get(frame.sessionId);
        if (s && !s.off) this.#expire(s, frame.oldestSeq);
        return;
      }
      case 'heartbeat': {
        // Heads ahead of a cursor while nothing is in flight: frames were lost on the way.
        // During a replay (cursor < ackHead) a head may legitimately be ahead, so there it takes
        // two heartbeats without progress. Filling is idempotent: a false alarm costs one GET.
        for (const id in frame.heads) {
          const s = this.#sessions.get(id);
          if (!s || !s.acked || s.filling || s.off) continue;
          if (frame.heads[id]! <= s.cursor) s.suspect = -1;
          else if (s.cursor >= s.ackHead || s.suspect === s.cursor) this.#fill(s);
          else s.suspect = s.cursor;
        }
        return;
      }
      case 'error':
        this.#emit('error', new StreamServerError(frame.code, frame.message, frame.sessionId));
        return;
      default:
        return; // pong, unsubscribed
    }
  }

  #onAuthOk(connectionId: string, epoch: string, heartbeatIntervalMs: number): void {
    this.#authed = true;
    this.#refresh = false;
    this.#openedAt = Date.now();
    this.#dog.start(Math.max(1, heartbeatIntervalMs * this.#o.deadLinkFactor));
    if (this.#epoch !== undefined && this.#epoch !== epoch) this.#resetCursors(epoch);
    this.#epoch = epoch;
    const cursors: Record<string, number> = {};
    for (const s of this.#sessions.values()) {
      s.acked = false;
      if (s.off) continue;
      if (this.#o.follow === 'all') cursors[s.id] = s.cursor;
      else this.#send({ type: 'subscribe', sessionId: s.id, afterSeq: s.cursor });
    }
    if (this.#o.follow === 'all') this.#send({ type: 'subscribe_all', cursors });
    const info = { connectionId, epoch, heartbeatIntervalMs };
    this.#setState({ type: 'open', connectionId, epoch });
    this.#emit('connect', info);
    if (this.#everOpen) {
      this.#emit('reconnect', { ...info, attempts: this.#attempt, downtimeMs: Date.now() - this.#downAt });
    }
    this.#everOpen = true;
    this.#downAt = 0;
  }

  /** The daemon's buffer started a new life: our cursors count seqs of the old one. */
  #resetCursors(epoch: string): void {
    for (const s of this.#sessions.values()) this.#reset(s, epoch);
  }

  #reset(s: Session, epoch: string): void {
    const previousCursor = s.cursor;
    s.cursor = 0;
    s.gen++;
    s.filling = false;
    s.buffer = [];
    // Even at cursor 0: whatever the old life held past the cursor is unknown now.
    if (!s.off) this.#emit('resync', { sessionId: s.id, reason: 'epoch_changed', fromSeq: previousCursor + 1, toSeq: null, previousCursor, cursor: 0, epoch });
  }

  /** Events up to oldestSeq - 1 are gone: say so, then go on from what the daemon holds. */
  #expire(s: Session, oldestSeq: number): void {
    const previousCursor = s.cursor;
    if (oldestSeq - 1 <= previousCursor) return;
    s.cursor = oldestSeq - 1;
    this.#emit('resync', {
      sessionId: s.id, reason: 'cursor_expired', fromSeq: previousCursor + 1, toSeq: oldestSeq - 1,
      previousCursor, cursor: s.cursor, epoch: this.#epoch ?? '',
    });
  }

  // ---- delivery (hot path) -------------------------------------------------------------------

  #onEnvelope(env: EventEnvelope): void {
    let s = this.#sessions.get(env.sessionId);
    if (s === undefined) {
      if (this.#o.follow === 'none') return;
      s = this.#session(env.sessionId, 0); // no `subscribed` first: be safe, fill from seq 1
    }
    if (s.off) return; // not followed: the cursor stays where the application left it
    if (s.filling) {
      s.buffer.push(env);
      return;
    }
    const v = classify(s.cursor, env.seq);
    if (v === DELIVER) {
      s.cursor = env.seq;
      this.#deliver(env);
    } else if (v !== DROP) {
      s.buffer.push(env);
      this.#fill(s);
    }
  }

  #deliver(env: EventEnvelope): void {
    if (this.#closed) return;
    // Same idea for the event name: the Set is asked only when the name changes.
    const name = env.event;
    if (name !== this.#lastName) {
      this.#lastName = name;
      this.#lastKnown = KNOWN.has(name);
    }
    const list = this.#lastKnown ? this.#l.event : (this.#l.unknown as unknown as EventStreamEvents['event'][]);
    for (const listener of list) {
      try {
        listener(env);
      } catch (err) {
        this.#listenerThrew(err);
      }
    }
  }

  #listenerThrew(err: unknown): void {
    this.#o.log('warn', `event listener threw: ${String(err)}`);
    this.#emit('error', new StreamError('an event listener threw', { cause: err }));
  }

  /** Fills the gap after s.cursor from REST, buffering live frames, then drains the buffer. */
  #fill(s: Session): void {
    s.filling = true;
    const gen = s.gen;
    let progressed = false;
    const run = async (): Promise<void> => {
      for (;;) {
        let page: EventPage;
        try {
          page = await this.#o.fetchEvents(s.id, s.cursor, this.#o.fillPageSize);
        } catch (err) {
          if (gen !== s.gen) return;
          if (!isExpired(err)) throw err;
          if (typeof err.epoch === 'string' && err.epoch !== this.#epoch) return this.#kick('epoch changed (REST)');
          this.#expire(s, err.oldestSeq);
          progressed = true;
          continue;
        }
        if (gen !== s.gen) return;
        if (page.epoch !== this.#epoch) return this.#kick('epoch changed (REST)');
        let moved = false;
        for (const env of page.events) {
          const v = classify(s.cursor, env.seq);
          if (v === DROP) continue;
          if (v !== DELIVER) break;
          s.cursor = env.seq;
          moved = true;
          this.#deliver(env);
        }
        progressed ||= moved;
        if (!moved || !page.hasMore) return;
      }
    };
    run().then(
      () => this.#drain(s, gen, progressed),
      (err: unknown) => {
        if (gen !== s.gen) return;
        this.#emit('error', new StreamError(`filling a gap of ${s.id} over REST failed`, { cause: err }));
        s.filling = false;
        s.buffer = [];
        this.#kick('gap fill failed'); // the resubscribe replays from the cursor
      },
    );
  }

  #drain(s: Session, gen: number, progressed: boolean): void {
    if (gen !== s.gen) return;
    // Live frames buffered during the fill (possibly repeated by a reconnect's replay) go
    // through the same rule, sorted; what is still beyond a gap waits for another fill.
    const { deliver, rest } = takeContiguous(s.cursor, s.buffer);
    s.buffer = [];
    for (const env of deliver) {
      if (gen !== s.gen) return;
      s.cursor = env.seq;
      if (!s.off) this.#deliver(env);
    }
    if (rest.length === 0 || s.off) {
      s.filling = false;
      return;
    }
    if (!progressed && deliver.length === 0) {
      // REST gave nothing although the stream is ahead: let a reconnect's replay sort it out.
      s.filling = false;
      return this.#kick(`session ${s.id}: gap not fillable over REST`);
    }
    s.buffer = rest;
    this.#fill(s);
  }

  // ---- small helpers -------------------------------------------------------------------------

  #session(id: string, cursor: number): Session {
    const s: Session = { id, cursor, off: false, filling: false, buffer: [], gen: 0, acked: false, ackHead: 0, suspect: -1 };
    this.#sessions.set(id, s);
    return s;
  }

  #setState(state: StreamState): void {
    this.#state = state;
    this.#emit('state', state);
  }

  #emit<K extends Exclude<Name, 'event' | 'unknown'>>(name: K, arg: Parameters<EventStreamEvents[K]>[0]): void {
    const list = this.#l[name] as ((a: typeof arg) => void)[];
    if (name === 'error' && list.length === 0) this.#o.log('warn', String(arg));
    for (const l of list) {
      try {
        l(arg);
      } catch (err) {
        this.#o.log('warn', `${name} listener threw: ${String(err)}`);
      }
    }
  }
}
