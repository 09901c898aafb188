/**
 * EventStream: one WebSocket to the daemon, replaced whenever it drops, with a cursor per session
 * so every event reaches the application exactly once and in order (gaps filled over REST).
 * Transport-injected: it only knows the WHATWG WebSocket API (onopen/onmessage/onclose, send,
 * close), so browsers, Node's global WebSocket and `ws` run the same code.
 */
import { EVENT_NAMES, type EventEnvelope } from '../../generated/events.js';
import type { ClientFrame, ServerFrame } from '../../generated/stream-protocol.js';
import { encodeClientFrame, isFatalCloseCode, parseServerFrame } from '../protocol.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { takeContiguous } from './cursor.js';
import { FatalCloseError, StreamAuthError, StreamError, StreamServerError, type ResyncInfo } from './errors.js';

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

/** What the stream knows of one session. Internal: short field names keep the bundle small. */
interface Session {
  readonly id: string;
  /** The cursor: seq of the last event delivered (0 before the first). */
  seq: number;
  /** Not followed (unsubscribe()): its events are dropped and its cursor frozen. */
  off: boolean;
  /**
   * Set while a REST fill runs: live events wait here. A fill only goes on while this is still
   * its array, so replacing or clearing it (reset, unsubscribe, close) stops a running fill.
   */
  buf: EventEnvelope[] | undefined;
  /** headSeq of this connection's `subscribed` (its replay goes up to there); -1 before it. */
  head: number;
  /** Cursor at the last heartbeat whose head was ahead during a replay (-1: none). */
  lag: number;
}

type Listener = (arg: never) => void;

const EPOCH_CHANGED = 'epoch changed (REST)';
const CONNECTING: StreamState = { type: 'connecting' };
const KNOWN: ReadonlySet<string> = new Set(EVENT_NAMES);
const noop = (): void => {};

/**
 * The stream. Its state lives in the constructor's closure rather than in fields: the code reads
 * it hundreds of times, and a local name minifies to one letter where `this.#field` stays seven
 * characters — this file is most of the stream's share of the browser bundle.
 */
export class EventStream {
  /** Adds a listener. Listeners run synchronously; one that throws is reported and skipped. */
  declare readonly on: <K extends Name>(name: K, listener: EventStreamEvents[K]) => this;
  declare readonly off: <K extends Name>(name: K, listener: EventStreamEvents[K]) => this;
  /** Seq of the last event delivered for a session, undefined if the stream does not know it. */
  declare readonly cursor: (sessionId: string) => number | undefined;
  /** Every known session's cursor (persist it with `epoch` to resume after a reload). */
  declare readonly cursors: () => Record<string, number>;
  /**
   * Follows a session from `afterSeq` (default 0: the whole session). If the stream already knows
   * the session its cursor is kept — a stream never delivers an event twice, so `afterSeq` only
   * applies to a session new to it (iterators that need older events read them over REST).
   * With follow 'none' this is how sessions are added; with 'all' every session is followed
   * anyway and this only sets where a not-yet-seen session starts (or resumes one unsubscribed).
   */
  declare readonly subscribe: (sessionId: string, options?: { afterSeq?: number }) => void;
  /** Stops delivering a session's events (its cursor is kept for a later subscribe()). */
  declare readonly unsubscribe: (sessionId: string) => void;
  /** Starts connecting (only needed with autoConnect: false). */
  declare readonly connect: () => void;
  /** Closes for good: no reconnect, no more events; iterators end. */
  declare readonly close: () => void;
  /** The gap filler, for iterators that start before the stream's cursor. */
  declare readonly fetchEvents: EventStreamOptions['fetchEvents'];

  #state: StreamState = CONNECTING;
  #epoch: string | undefined;

  /** The current connection state. */
  get state(): StreamState {
    return this.#state;
  }

  /** The daemon buffer's epoch the cursors belong to (undefined before the first auth_ok). */
  get epoch(): string | undefined {
    return this.#epoch;
  }

  constructor(options: EventStreamOptions) {
    const {
      url,
      getToken,
      fetchEvents,
      follow = 'all',
      connectTimeoutMs = 10_000,
      deadLinkFactor = 2.5,
      fillPageSize = 500,
      backoff = {},
      logger: log = noop,
      WebSocket: WS = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
    } = options;
    const healthyAfterMs = backoff.healthyAfterMs ?? 3000;
    const pageSize = Math.min(1000, fillPageSize);
    /** Listener lists, replaced (never mutated) by on/off: a listener may add or remove listeners mid-dispatch. */
    const listeners: { [K in Name]?: Listener[] | undefined } = {};
    const sessions = new Map<string, Session>();
    /** The session of the last event frame: consecutive frames mostly share one, and a string compare beats a Map lookup. */
    let hot: Session | undefined;
    /** Same idea for the event name: the Set is asked only when the name changes (a Set lookup of a fresh string costs a hash and more; measured). */
    let lastName = '';
    let lastKnown = false;
    /** Frames received (a Smi bump per frame; the watchdog reads it on its ticks). */
    let frames = 0;
    let watchdog: ReturnType<typeof setInterval> | undefined;
    let sock: WebSocketLike | null = null;
    let authed = false;
    let closed = false;
    /** Bumped to orphan a url/token read in progress (0: never started). */
    let gen = 0;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    /** When the last auth_ok came (0: never). */
    let openedAt = 0;
    let downAt = 0;
    /** The next token read is a refresh (after one 4401); cleared by auth_ok. */
    let refresh = false;
    /** The daemon buffer's epoch the cursors belong to (mirrored in #epoch for the getter). */
    let epoch = (this.#epoch = options.epoch);

    const emit = <K extends Name>(name: K, arg: Parameters<EventStreamEvents[K]>[0]): void => {
      const list = listeners[name] as ((a: typeof arg) => void)[] | undefined;
      if (name === 'error' && !list?.length) log('warn', String(arg));
      for (const listener of list ?? []) {
        try {
          listener(arg);
        } catch (err) {
          // An application bug, reported like any other error (an `error` listener's, logged).
          if (name === 'error') log('warn', `error listener threw: ${err}`);
          else emit('error', new StreamError(`a listener of "${name}" threw`, { cause: err }));
        }
      }
    };
    const setState = (state: StreamState): void => {
      this.#state = state;
      emit('state', state);
    };
    const session = (id: string, seq: number): Session => {
      const s: Session = { id, seq, off: false, buf: undefined, head: -1, lag: -1 };
      sessions.set(id, s);
      return s;
    };
    // Client frames other than auth only make sense on an authenticated connection. (send() only
    // throws on a CONNECTING socket; on a closing one it drops the frame and onclose follows.)
    const send = (frame: ClientFrame): void => {
      if (authed) sock!.send(encodeClientFrame(frame));
    };

    const subscribe = (sessionId: string, afterSeq: number): void => send({ type: 'subscribe', sessionId, afterSeq });

    // ---- connection lifecycle ----------------------------------------------------------------

    const open = (): void => {
      retry = undefined;
      const g = ++gen;
      let step = 'get the stream url or token';
      // Async: a synchronous throw of url()/getToken()/new WebSocket() lands in the catch below.
      (async () => {
        const u = await url();
        const token = await getToken({ refresh });
        if (g !== gen || closed) return;
        // URLs end up in logs and proxies: the token only ever travels in the auth frame. (A
        // token of a few characters can occur in any URL by chance: only real ones are checked.)
        if (!WS || (token.length >= 8 && u.includes(token))) {
          return shut(new StreamError(WS ? 'refusing a stream URL that contains the token' : 'no WebSocket available: pass options.WebSocket'));
        }
        step = `open ${u}`;
        const ws = (sock = new WS(u)); // (authed is false since retire())
        ws.onopen = () => ws.send(encodeClientFrame({ type: 'auth', token }));
        // No identity check per frame: retired sockets have their handlers detached.
        ws.onmessage = onMessage;
        ws.onclose = (ev) => sock === ws && down(ev.code, ev.reason);
        // A close event always follows; `ws` also emits 'error' when a CONNECTING socket is closed: never unhandled.
        ws.onerror = noop;
        arm(connectTimeoutMs);
      })().catch((err: unknown) => {
        if (g !== gen || closed) return;
        emit('error', new StreamError(`could not ${step}`, { cause: err }));
        schedule();
      });
    };

    /**
     * Dead-link detection by wall clock: the link is dead after `timeoutMs` without a frame.
     * Timers in background tabs and sleeping laptops fire late, so each tick compares Date.now()
     * with the last time a frame was seen instead of trusting that the timer ran on time. The hot
     * path only bumps `frames` (no Date.now() per frame); a tick turns a changed count into a
     * timestamp, so the error is at most one tick. down() → retire() stops it.
     */
    const arm = (timeoutMs: number): void => {
      clearInterval(watchdog);
      let last = Date.now();
      let seen = frames;
      watchdog = setInterval(() => {
        const now = Date.now();
        if (frames !== seen) {
          seen = frames;
          last = now;
        } else if (now - last > timeoutMs) down(1006, `dead link: no frame for ${now - last} ms`);
      }, Math.max(5, timeoutMs / 4));
    };

    /** Retires the current socket: handlers detached; unless closing normally (1000), dropped without a close handshake. */
    const retire = (code: number, reason: string): void => {
      const ws = sock;
      sock = null;
      authed = false;
      clearInterval(watchdog);
      if (!ws) return;
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        if (code !== 1000 && ws.terminate) ws.terminate();
        else ws.close(code, reason.slice(0, 120));
      } catch {
        // already closed
      }
    };

    /** The link went down (close event, dead link, forced): decide between retrying and stopping. */
    // (Never after shut(): the socket is retired, so no close event, watchdog tick or kick gets here.)
    const down = (code: number, reason: string): void => {
      const wasOpen = authed;
      retire(4000, reason);
      if (wasOpen) {
        if (Date.now() - openedAt >= healthyAfterMs) attempt = 0;
        downAt = Date.now();
      }
      let error: StreamError | undefined;
      if (code === 4401 && !refresh) refresh = true;
      else if (isFatalCloseCode(code)) error = new (code === 4401 ? StreamAuthError : FatalCloseError)(code, reason);
      if (wasOpen) emit('disconnect', { code, reason, willReconnect: !error });
      if (error) shut(error);
      else if (code === 4401) open(); // re-read the token at once, no backoff
      else schedule();
    };

    /** Single flight: one pending retry at most. */
    const schedule = (): void => {
      if (closed || retry) return;
      gen++; // orphan any url/token read in progress
      const delay = backoffDelay(backoff, attempt++);
      downAt ||= Date.now();
      setState({ type: 'reconnecting', attempt, nextRetryAt: Date.now() + delay });
      retry = setTimeout(open, delay);
    };

    /** Forces a reconnect (e.g. the REST view disagrees): the resubscribe replays from the cursors. */
    const kick = (reason: string): void => {
      if (sock) down(1006, reason);
    };

    /** Stops for good, on close() or a fatal error. */
    const shut = (error?: StreamError): void => {
      if (closed) return;
      closed = true;
      if (error) emit('error', error);
      clearTimeout(retry);
      gen++;
      retire(1000, 'client closed');
      for (const s of sessions.values()) s.buf = undefined;
      setState({ type: 'closed', ...(error && { error }) });
    };

    // ---- frames ------------------------------------------------------------------------------

    /** Every frame: one function for all sockets (no per-socket closure). */
    const onMessage = (ev: { readonly data: unknown }): void => {
      frames++;
      let frame: ServerFrame;
      try {
        frame = parseServerFrame(ev.data);
      } catch (err) {
        // Nothing is lost: a mangled event leaves a gap that the next event or heartbeat reveals.
        return emit('error', err as StreamError);
      }
      if (frame.type === 'event') onEvent(frame.envelope);
      else if (frame.type === 'auth_ok') {
        const { connectionId, epoch: next, heartbeatIntervalMs } = frame;
        authed = true;
        refresh = false;
        const reconnected = openedAt > 0;
        openedAt = Date.now();
        arm(heartbeatIntervalMs * deadLinkFactor);
        // The daemon's buffer started a new life: our cursors count seqs of the old one.
        // (`epoch` still names the old life while `resync` listeners run.)
        const changed = epoch !== undefined && epoch !== next;
        const cursors: Record<string, number> = {};
        for (const s of sessions.values()) {
          if (changed) reset(s, next);
          s.head = -1;
          if (s.off) continue;
          if (follow === 'all') cursors[s.id] = s.seq;
          else subscribe(s.id, s.seq);
        }
        this.#epoch = epoch = next;
        if (follow === 'all') send({ type: 'subscribe_all', cursors });
        const info = { connectionId, epoch: next, heartbeatIntervalMs };
        setState({ type: 'open', connectionId, epoch: next });
        emit('connect', info);
        if (reconnected) emit('reconnect', { ...info, attempts: attempt, downtimeMs: openedAt - downAt });
        downAt = 0;
      } else if (!authed) {
        // Nothing else is expected before auth_ok (the daemon closes 4400 if it cared).
      } else if (frame.type === 'subscribed') {
        const s = sessions.get(frame.sessionId) ?? session(frame.sessionId, frame.afterSeq);
        s.head = frame.headSeq;
        // A head below our cursor: the cursor is from another life of the buffer (cursors passed
        // in without their epoch). Seqs restarted: say so, drop it, subscribe from 0.
        // (afterSeq above the cursor needs nothing here: cursor_expired follows and reports it.)
        if (frame.headSeq < s.seq && !s.off) {
          reset(s, frame.epoch);
          subscribe(s.id, 0);
        }
      } else if (frame.type === 'cursor_expired') {
        const s = sessions.get(frame.sessionId);
        if (s && !s.off) expire(s, frame.oldestSeq);
      } else if (frame.type === 'heartbeat') {
        // Heads ahead of a cursor while nothing is in flight: frames were lost on the way.
        // During a replay (cursor < head) a head may legitimately be ahead, so there it takes
        // two heartbeats without progress. Filling is idempotent: a false alarm costs one GET.
        for (const id in frame.heads) {
          const s = sessions.get(id);
          if (!s || s.head < 0 || s.buf || s.off) continue;
          if (frame.heads[id]! <= s.seq) s.lag = -1;
          else if (s.seq >= s.head || s.lag === s.seq) fill(s, []);
          else s.lag = s.seq;
        }
      } else if (frame.type === 'error') {
        emit('error', new StreamServerError(frame.code, frame.message, frame.sessionId));
      } // pong, unsubscribed: nothing to do
    };

    /** Events after the cursor up to `toSeq` (null: unknown) will not be delivered: say so, go on from `cursor`. */
    const resync = (s: Session, cursor: number, toSeq: number | null, epoch: string): void => {
      const previousCursor = s.seq;
      s.seq = cursor;
      if (!s.off) {
        const reason = toSeq === null ? 'epoch_changed' : 'cursor_expired';
        emit('resync', { sessionId: s.id, reason, fromSeq: previousCursor + 1, toSeq, previousCursor, cursor, epoch });
      }
    };
    /** Seqs restarted: stop any fill; even at cursor 0 whatever the old life held past it is unknown now. */
    const reset = (s: Session, epoch: string): void => {
      s.buf = undefined;
      resync(s, 0, null, epoch);
    };
    /** Events up to oldestSeq - 1 are gone: go on from what the daemon holds. */
    const expire = (s: Session, oldestSeq: number): void => {
      if (oldestSeq - 1 > s.seq) resync(s, oldestSeq - 1, oldestSeq - 1, epoch!);
    };

    // ---- delivery (hot path) -----------------------------------------------------------------

    /**
     * One envelope from the socket. The steady state — the session's next seq, nothing in flight —
     * is a string compare, a few field reads and a direct listener call: no allocation, no Promise.
     */
    const onEvent = (env: EventEnvelope): void => {
      let s = hot;
      if (s?.id !== env.sessionId) {
        s = hot = sessions.get(env.sessionId);
        if (!s) {
          if (follow === 'none') return;
          s = hot = session(env.sessionId, 0); // no `subscribed` first: be safe, fill from seq 1
        }
      }
      if (s.off) return; // not followed: the cursor stays where the application left it
      if (s.buf) s.buf.push(env);
      else if (env.seq === s.seq + 1) {
        s.seq = env.seq;
        deliver(env);
      } else if (env.seq > s.seq) fill(s, [env]); // a gap (seq <= cursor: a repeat, dropped)
    };

    // The per-event path: a plain indexed loop over the current list (emit() is generic and
    // polymorphic; here the argument is always an envelope).
    const deliver = (env: EventEnvelope): void => {
      const name = env.event;
      if (name !== lastName) lastKnown = KNOWN.has((lastName = name));
      const list = lastKnown ? listeners.event : listeners.unknown;
      if (list) {
        for (let i = 0; i < list.length; i++) {
          try {
            (list[i] as (e: EventEnvelope) => void)(env);
          } catch (err) {
            emit('error', new StreamError(`a listener of "${lastKnown ? 'event' : 'unknown'}" threw`, { cause: err }));
          }
        }
      }
    };

    /**
     * Fills the gap after the cursor from REST while live frames wait in `buf`. Each page goes
     * through cursor.ts's rule together with the frames buffered so far (possibly repeated by a
     * reconnect's replay); what is still beyond a gap waits for the next page. A round that
     * moves nothing means REST cannot fill it: a reconnect's replay sorts it out.
     */
    const fill = async (s: Session, buf: EventEnvelope[]): Promise<void> => {
      s.buf = buf;
      try {
        for (;;) {
          const before = s.seq;
          let gone: Partial<CursorExpiredLike> | null | undefined;
          const page = await fetchEvents(s.id, before, pageSize).catch((err: typeof gone) => void (gone = err));
          if (s.buf !== buf) return;
          if (!page) {
            // A 410 that does not move the cursor would loop: a failure like any other.
            if (gone?.status !== 410 || !(gone.oldestSeq! > before + 1)) throw gone;
            if ((gone.epoch ?? epoch) !== epoch) return abandon(s, EPOCH_CHANGED);
            expire(s, gone.oldestSeq!);
            continue;
          }
          if (page.epoch !== epoch) return abandon(s, EPOCH_CHANGED);
          const { deliver: run, rest }: { deliver: EventEnvelope[]; rest: EventEnvelope[] } = takeContiguous(before, [...page.events, ...buf]);
          for (const env of run) {
            s.seq = env.seq;
            deliver(env);
            // A listener may reset, unsubscribe or close: this fill is then void.
            if (s.buf !== buf) return;
          }
          if (!rest.length && !page.hasMore) return void (s.buf = undefined);
          if (s.seq === before) return abandon(s, `session ${s.id}: gap not fillable over REST`);
          buf = s.buf = rest;
        }
      } catch (err) {
        if (s.buf !== buf) return;
        const why = `filling a gap of ${s.id} over REST failed`;
        emit('error', new StreamError(why, { cause: err }));
        abandon(s, why);
      }
    };
    /** Gives up on a fill: the buffer goes, and the resubscribe of a new connection replays from the cursor. */
    const abandon = (s: Session, reason: string): void => {
      s.buf = undefined;
      kick(reason);
    };

    // ---- public API --------------------------------------------------------------------------

    this.on = (name, listener) => {
      listeners[name] = [...(listeners[name] ?? []), listener as Listener];
      return this;
    };
    this.off = (name, listener) => {
      listeners[name] = listeners[name]?.filter((l) => l !== listener);
      return this;
    };
    this.cursor = (id) => sessions.get(id)?.seq;
    this.cursors = () => {
      const out: Record<string, number> = {};
      for (const [id, s] of sessions) out[id] = s.seq;
      return out;
    };
    this.subscribe = (sessionId, { afterSeq = 0 } = {}) => {
      let s = sessions.get(sessionId);
      if (s && !s.off) return;
      if (s) s.off = false;
      else s = session(sessionId, afterSeq);
      subscribe(sessionId, s.seq);
    };
    this.unsubscribe = (sessionId) => {
      const s = sessions.get(sessionId);
      if (!s || s.off) return;
      s.off = true;
      s.buf = undefined;
      send({ type: 'unsubscribe', sessionId });
    };
    this.connect = () => {
      if (gen || closed) return;
      setState(CONNECTING);
      open();
    };
    this.close = () => shut();
    this.fetchEvents = fetchEvents;
    for (const [id, seq] of Object.entries(options.sessions ?? {})) session(id, seq);
    if (options.autoConnect ?? true) this.connect();
  }
}
