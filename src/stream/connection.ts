/**
 * EventStream, the shell around the pure core (core.ts): it owns the socket, the one timer, the
 * REST fills, the probe and the listeners. Everything that happens becomes an input of
 * `step()`; every effect `step()` returns is performed here, and nothing else is decided here.
 * Transport-injected: it only knows the WHATWG WebSocket API (onopen/onmessage/onclose, send,
 * close), so browsers, Node's global WebSocket and `ws` run the same code.
 */
import type { EventEnvelope } from '../../generated/events.js';
import { encodeClientFrame, parseServerFrame, type ServerFrame } from '../protocol.js';
import { redact } from '../internal/logger.js';
import type { BackoffOptions } from './backoff.js';
import {
  createState,
  step,
  type ConnectInfo,
  type CoreOptions,
  type CoreState,
  type DisconnectInfo,
  type Effect,
  type FillOutcome,
  type Input,
  type ReconnectInfo,
  type StreamState,
} from './core.js';
import { lastValidationError, validateCursor, validateSessionId, type ValidationError } from '../../generated/validators.js';
import { classifyProbe } from './diagnose.js';
import { StreamError, type ProtocolError, type ResyncInfo } from './errors.js';
import type { CursorExpiredLike, EventPage, UnknownEnvelope, WebSocketConstructor, WebSocketLike } from './types.js';

export type { ConnectInfo, CursorExpiredLike, DisconnectInfo, EventPage, ReconnectInfo, StreamState, UnknownEnvelope, WebSocketConstructor, WebSocketLike };

export interface EventStreamOptions {
  /** Where to connect, e.g. `ws://127.0.0.1:9999/v3/ws`; called before each connection. Never put the token in it. */
  readonly url: () => string | Promise<string>;
  /** The token for the `auth` frame. After a 4401 it is called once with `refresh: true` (re-read the source); a second 4401 stops the stream. */
  readonly getToken: (options: { refresh: boolean }) => string | Promise<string>;
  /**
   * REST gap filler: events with seq > afterSeq. Rejects with a CursorExpiredLike on 410. The
   * signal aborts it (close, unsubscribe, reconnect, or its `fillTimeoutMs`).
   */
  readonly fetchEvents: (sessionId: string, afterSeq: number, limit: number, options?: { signal?: AbortSignal }) => Promise<EventPage>;
  /**
   * Tells why a connection failed before `auth_ok` (browsers hide a refused upgrade's status):
   * a REST call with the token that resolves when the daemon answers and rejects with the REST
   * client's typed error otherwise (403 host_forbidden / origin_forbidden: the stream stops
   * with StreamForbiddenError; 401: the token is re-read once, then StreamAuthError;
   * unreachable: StreamConnectionError, retries go on). Runs before each retry after a failure,
   * so it is also where a moved daemon's address is rediscovered. Default: none (the close code is all that is reported).
   */
  readonly probe?: () => Promise<unknown>;
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
  /** The collection cursor persisted with them (`ws.sessionsSeq`): sessions created after it replay whole (default: none). */
  readonly sessionsSeq?: number;
  /** Time allowed from creating the socket to `auth_ok` (default 10000 ms). */
  readonly connectTimeoutMs?: number;
  /** While a turn streams, a silence this long is probed with a `ping` (default 750 ms). */
  readonly pingAfterSilenceMs?: number;
  /** No frame at all this long after a `ping`: the link is dead and replaced (default 1200 ms; the contract's pongWithinMs is 1000). */
  readonly pongTimeoutMs?: number;
  /** When idle, the link is dead after deadLinkFactor × heartbeatIntervalMs of silence (default 2: two heartbeats; the probe goes out a pong timeout before). */
  readonly deadLinkFactor?: number;
  /** Reconnect delays, see BackoffOptions. */
  readonly backoff?: BackoffOptions;
  /** Events per REST page when filling a gap (default 500, contract max 1000). */
  readonly fillPageSize?: number;
  /** A REST fill page unanswered this long is aborted and the stream reconnects and replays instead (default 5000 ms). */
  readonly fillTimeoutMs?: number;
  /** Diagnostics (default: silent). Never receives the token. */
  readonly logger?: (level: 'debug' | 'warn', message: string) => void;
  /** Connect at once (default true); otherwise call connect(). */
  readonly autoConnect?: boolean;
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
type EventName = keyof EventStreamEvents;
type Listener = (argument: never) => void;

const CONNECTING: StreamState = { type: 'connecting' };
/** Probe answers are awaited this long at most before the retry goes out anyway. */
const DIAGNOSE_TIMEOUT_MS = 2500;
/** A connection error of the same kind is reported again at most this often. */
const ERROR_EVERY_MS = 30_000;
/** How long an `error` waits for its `close` before the socket counts as closed (#closeAfterError). */
const ERROR_CLOSE_GRACE_MS = 100;
const noop = (): void => {};
const describe = (error: ValidationError): string => `expected ${error.expected}`;

function coreOptions(options: EventStreamOptions): CoreOptions {
  const backoff = options.backoff ?? {};
  return {
    follow: options.follow ?? 'all',
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    pingAfterSilenceMs: options.pingAfterSilenceMs ?? 750,
    pongTimeoutMs: options.pongTimeoutMs ?? 1200,
    deadLinkFactor: options.deadLinkFactor ?? 2,
    fillPageSize: options.fillPageSize ?? 500,
    fillTimeoutMs: options.fillTimeoutMs ?? 5000,
    backoff,
    healthyAfterMs: backoff.healthyAfterMs ?? 3000,
    canDiagnose: options.probe !== undefined,
    diagnoseTimeoutMs: DIAGNOSE_TIMEOUT_MS,
    errorEveryMs: ERROR_EVERY_MS,
  };
}

/** What a rejected `fetchEvents` means for the core: a 410 with a usable oldestSeq, or a failure. */
function fillFailure(error: unknown): FillOutcome {
  const expired = error as Partial<CursorExpiredLike> | null | undefined;
  if (expired?.status === 410 && typeof expired.oldestSeq === 'number') {
    return { type: 'expired', oldestSeq: expired.oldestSeq, epoch: expired.epoch };
  }
  return { type: 'failed', error };
}

export class EventStream {
  /** The gap filler, for iterators that start before the stream's cursor. */
  readonly fetchEvents: EventStreamOptions['fetchEvents'];
  readonly #options: EventStreamOptions;
  readonly #core: CoreState;
  readonly #WebSocket: WebSocketConstructor | undefined;
  readonly #logger: NonNullable<EventStreamOptions['logger']>;
  /** Listener lists, replaced (never mutated) by on/off: a listener may add or remove listeners mid-dispatch. */
  readonly #listeners: { [K in EventName]?: readonly Listener[] | undefined } = {};
  #state: StreamState = CONNECTING;
  /**
   * The epoch as the application has been told so far: it changes with the `connect` that
   * announces the new one, so `resync` listeners of an epoch change still read the old one.
   */
  #epoch: string | undefined;
  #socket: WebSocketLike | null = null;
  /** The core's connection id the current socket belongs to, and the token its auth frame carries. */
  #socketConnection = 0;
  #socketToken = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt: number | undefined;
  readonly #fills = new Map<number, AbortController>();
  /** Inputs that arrive while effects are being performed (a listener calling close()) wait here: one step at a time. */
  readonly #pending: Input[] = [];
  #stepping = false;

  constructor(options: EventStreamOptions) {
    this.#options = options;
    this.fetchEvents = options.fetchEvents;
    this.#WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.#logger = options.logger ?? noop;
    const initial: { sessions?: Readonly<Record<string, number>>; epoch?: string; sessionsSeq?: number } = {};
    if (options.sessions) initial.sessions = options.sessions;
    if (options.epoch !== undefined) initial.epoch = options.epoch;
    if (options.sessionsSeq !== undefined) initial.sessionsSeq = options.sessionsSeq;
    this.#core = createState(coreOptions(options), initial);
    this.#epoch = options.epoch;
    if (options.autoConnect ?? true) this.connect();
  }

  /** The current connection state. */
  get state(): StreamState {
    return this.#state;
  }

  /** The daemon buffer's epoch the cursors belong to (undefined before the first auth_ok). */
  get epoch(): string | undefined {
    return this.#epoch;
  }

  /** The collection cursor (persist it with `cursors()` and `epoch` so sessions born meanwhile replay whole). */
  get sessionsSeq(): number | undefined {
    return this.#core.collection?.sessionsSeq;
  }

  /** Adds a listener. Listeners run synchronously; one that throws is reported and skipped. */
  on<K extends EventName>(name: K, listener: EventStreamEvents[K]): this {
    this.#listeners[name] = [...(this.#listeners[name] ?? []), listener as Listener];
    return this;
  }

  off<K extends EventName>(name: K, listener: EventStreamEvents[K]): this {
    this.#listeners[name] = this.#listeners[name]?.filter((known) => known !== listener);
    return this;
  }

  /** Seq of the last event delivered for a session, undefined if the stream does not know it. */
  cursor(sessionId: string): number | undefined {
    return this.#core.sessions.get(sessionId)?.cursor;
  }

  /** Every known session's cursor (persist it with `epoch` and `sessionsSeq` to resume after a reload). */
  cursors(): Record<string, number> {
    const cursors: Record<string, number> = {};
    for (const [sessionId, session] of this.#core.sessions) cursors[sessionId] = session.cursor;
    return cursors;
  }

  /**
   * Follows a session from `afterSeq` (default 0: the whole session). If the stream already knows
   * the session its cursor is kept — a stream never delivers an event twice, so `afterSeq` only
   * applies to a session new to it (iterators that need older events read them over REST).
   * With follow 'none' this is how sessions are added; with 'all' every session is followed
   * anyway and this only sets where a not-yet-seen session starts (or resumes one unsubscribed).
   */
  subscribe(sessionId: string, options: { afterSeq?: number } = {}): void {
    const afterSeq = options.afterSeq ?? 0;
    // Checked here, by the contract's validators: a bad id or cursor would only come back as a daemon error.
    if (!validateSessionId(sessionId)) throw new StreamError(`not a session id: ${JSON.stringify(String(sessionId).slice(0, 80))} (${describe(lastValidationError())})`);
    if (!validateCursor(afterSeq)) throw new StreamError(`afterSeq must be ${lastValidationError().expected}`);
    this.#input({ type: 'subscribe', sessionId, afterSeq });
  }

  /** Stops delivering a session's events (its cursor is kept for a later subscribe()). */
  unsubscribe(sessionId: string): void {
    this.#input({ type: 'unsubscribe', sessionId });
  }

  /** Starts connecting (only needed with autoConnect: false). */
  connect(): void {
    this.#input({ type: 'connect', now: Date.now() });
  }

  /** Closes for good: no reconnect, no more events; iterators end. */
  close(): void {
    this.#input({ type: 'close' });
  }

  // ---- feeding the core -----------------------------------------------------------------------

  /** One input, then its effects; inputs raised meanwhile (by listeners) follow in order. */
  #input(input: Input): void {
    if (this.#stepping) {
      this.#pending.push(input);
      return;
    }
    this.#performAll(step(this.#core, input).effects);
  }

  /** Performs a step's effects, then the steps of inputs raised meanwhile, then keeps the timer. */
  #performAll(effects: readonly Effect[]): void {
    this.#stepping = true;
    try {
      this.#perform(effects);
      for (let next = this.#pending.shift(); next !== undefined; next = this.#pending.shift()) this.#perform(step(this.#core, next).effects);
    } finally {
      this.#stepping = false;
    }
    if (this.#core.wakeAt !== this.#timerAt) this.#scheduleTick();
  }

  #perform(effects: readonly Effect[]): void {
    for (let index = 0; index < effects.length; index++) {
      const effect = effects[index]!;
      switch (effect.type) {
        case 'deliver':
          this.#deliver(effect.envelope, effect.known);
          break;
        case 'resync':
          this.#emit('resync', effect.info);
          break;
        case 'error':
          this.#emit('error', effect.error);
          break;
        case 'state':
          this.#state = effect.state;
          this.#emit('state', effect.state);
          break;
        case 'connected':
          this.#epoch = effect.info.epoch;
          this.#emit('connect', effect.info);
          if (effect.reconnect) this.#emit('reconnect', effect.reconnect);
          break;
        case 'disconnected':
          this.#emit('disconnect', effect.info);
          break;
        case 'open':
          void this.#openSocket(effect.connection, effect.refreshToken);
          break;
        case 'sendAuth':
          this.#socket?.send(encodeClientFrame({ type: 'auth', token: this.#socketToken }));
          break;
        case 'send':
          this.#socket?.send(encodeClientFrame(effect.frame));
          break;
        case 'closeSocket':
          this.#retireSocket(effect.code, effect.reason);
          break;
        case 'fill':
          this.#startFill(effect.fillId, effect.sessionId, effect.afterSeq, effect.limit);
          break;
        case 'abortFill':
          this.#fills.get(effect.fillId)?.abort();
          this.#fills.delete(effect.fillId);
          break;
        case 'diagnose':
          this.#diagnose(effect.connection);
          break;
      }
    }
  }

  #scheduleTick(): void {
    clearTimeout(this.#timer);
    const at = this.#core.wakeAt;
    this.#timerAt = at;
    this.#timer = at === undefined ? undefined : setTimeout(this.#onTimer, Math.max(0, at - Date.now()));
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerAt = undefined;
    this.#input({ type: 'tick', now: Date.now(), random: Math.random() });
  };

  // ---- the socket -----------------------------------------------------------------------------

  async #openSocket(connection: number, refreshToken: boolean): Promise<void> {
    let stage = 'get the stream url or token';
    try {
      const url = await this.#options.url();
      const token = await this.#options.getToken({ refresh: refreshToken });
      if (connection !== this.#core.connection) return; // closed or replaced meanwhile
      const WebSocket = this.#WebSocket;
      if (!WebSocket) return this.#openFailed(connection, new StreamError('no WebSocket available: pass options.WebSocket'), true);
      // URLs end up in logs and proxies: the token only ever travels in the auth frame. (A
      // token of a few characters can occur in any URL by chance: only real ones are checked.)
      if (token.length >= 8 && url.includes(token)) return this.#openFailed(connection, new StreamError('refusing a stream URL that contains the token'), true);
      stage = `open ${url}`;
      const socket = new WebSocket(url);
      this.#socket = socket;
      this.#socketConnection = connection;
      this.#socketToken = token;
      socket.onopen = () => this.#input({ type: 'socketOpened', connection });
      socket.onmessage = this.#onMessage;
      socket.onclose = (event) => this.#input({ type: 'socketClosed', connection, code: event.code, reason: redact(event.reason, this.#socketToken), now: Date.now(), random: Math.random() });
      // `ws` also emits 'error' when a CONNECTING socket is closed: never unhandled.
      socket.onerror = () => this.#closeAfterError(socket, connection);
      this.#input({ type: 'socketCreated', connection, url });
    } catch (error) {
      if (connection === this.#core.connection) this.#openFailed(connection, new StreamError(`could not ${stage}`, { cause: error }), false);
    }
  }

  /**
   * The standard has a `close` event follow every `error`; Node 22's global WebSocket (undici)
   * fires only `error` when the handshake fails. If no close arrives within ERROR_CLOSE_GRACE_MS,
   * the socket counts as closed abnormally (1006). A close that does arrive first wins: the core
   * ignores a second close of the same connection.
   */
  #closeAfterError(socket: WebSocketLike, connection: number): void {
    setTimeout(() => {
      if (this.#socket !== socket) return; // retired or replaced meanwhile
      this.#input({ type: 'socketClosed', connection, code: 1006, reason: 'socket error without a close event', now: Date.now(), random: Math.random() });
    }, ERROR_CLOSE_GRACE_MS);
  }

  #openFailed(connection: number, error: StreamError, fatal: boolean): void {
    this.#input({ type: 'openFailed', connection, error, fatal, now: Date.now(), random: Math.random() });
  }

  /** Every frame of every socket (handlers are detached from retired sockets). */
  readonly #onMessage = (message: { readonly data: unknown }): void => {
    const connection = this.#socketConnection;
    let frame;
    try {
      frame = parseServerFrame(message.data);
    } catch (error) {
      this.#input({ type: 'badFrame', connection, error: error as ProtocolError });
      return;
    }
    if (frame.type === 'event') this.#receiveEvent(connection, frame.envelope);
    else this.#input({ type: 'frame', connection, frame: this.#withoutToken(frame), now: Date.now() });
  };

  /** A daemon's `error` frame may quote what it got (the auth frame included): never pass the token on. */
  #withoutToken<Frame extends ServerFrame>(frame: Frame): Frame {
    if (frame.type !== 'error' || !this.#socketToken || !frame.message.includes(this.#socketToken)) return frame;
    return { ...frame, message: redact(frame.message, this.#socketToken) };
  }

  /**
   * The hot path: an event goes through step() like any input, but in the steady state (the
   * core's reused one-delivery result) it is handed to the listeners directly, without the
   * general effect loop. Socket messages never arrive while effects are being performed.
   */
  #receiveEvent(connection: number, envelope: EventEnvelope): void {
    const input = this.#eventInput;
    input.connection = connection;
    input.envelope = envelope;
    if (this.#stepping) {
      this.#pending.push({ type: 'event', connection, envelope });
      return;
    }
    const result = step(this.#core, input);
    if (result !== this.#core.deliverOne) {
      this.#performAll(result.effects);
      return;
    }
    this.#stepping = true;
    try {
      this.#deliver(envelope, this.#core.deliverOne.effect.known);
    } finally {
      this.#stepping = false;
    }
    // A listener may have called subscribe/unsubscribe/close meanwhile.
    if (this.#pending.length > 0) this.#input(this.#pending.shift()!);
  }

  /** One input object reused by the hot path (one shape for step() to see). */
  readonly #eventInput: { readonly type: 'event'; connection: number; envelope: EventEnvelope } = {
    type: 'event',
    connection: 0,
    envelope: undefined as unknown as EventEnvelope,
  };

  /** Handlers detached; unless closing normally (1000), dropped without a close handshake. */
  #retireSocket(code: number, reason: string): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#socketToken = '';
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      if (code !== 1000 && socket.terminate) socket.terminate();
      else socket.close(code === 1000 ? 1000 : 4000, reason.slice(0, 120));
    } catch {
      // already closed
    }
  }

  // ---- REST: fills and the probe --------------------------------------------------------------

  #startFill(fillId: number, sessionId: string, afterSeq: number, limit: number): void {
    const controller = new AbortController();
    this.#fills.set(fillId, controller);
    const settle = (outcome: FillOutcome): void => {
      if (!this.#fills.delete(fillId)) return; // aborted meanwhile
      this.#input({ type: 'fillResult', fillId, outcome, now: Date.now(), random: Math.random() });
    };
    // Async: a synchronous throw of fetchEvents is a failed fill like any other.
    Promise.resolve()
      .then(() => this.fetchEvents(sessionId, afterSeq, limit, { signal: controller.signal }))
      .then((page) => settle({ type: 'page', page }), (error: unknown) => settle(fillFailure(error)));
  }

  #diagnose(connection: number): void {
    const probe = this.#options.probe;
    if (!probe) return;
    const report = (ok: boolean, error?: unknown): void => {
      const finding = classifyProbe(ok ? { ok: true } : { ok: false, error });
      this.#input({ type: 'diagnosis', connection, finding, now: Date.now() });
    };
    Promise.resolve()
      .then(probe)
      .then(() => report(true), (error: unknown) => report(false, error));
  }

  // ---- listeners ------------------------------------------------------------------------------

  /** The per-event path: a plain indexed loop over the current list. */
  #deliver(envelope: EventEnvelope, known: boolean): void {
    const list = known ? this.#listeners.event : this.#listeners.unknown;
    if (list === undefined) return;
    for (let index = 0; index < list.length; index++) {
      try {
        (list[index] as (envelope: EventEnvelope) => void)(envelope);
      } catch (error) {
        this.#emit('error', new StreamError(`a listener of "${known ? 'event' : 'unknown'}" threw`, { cause: error }));
      }
    }
  }

  #emit<K extends EventName>(name: K, argument: Parameters<EventStreamEvents[K]>[0]): void {
    const list = this.#listeners[name] as readonly ((argument: Parameters<EventStreamEvents[K]>[0]) => void)[] | undefined;
    if (name === 'error' && !list?.length) this.#logger('warn', String(argument));
    for (const listener of list ?? []) {
      try {
        listener(argument);
      } catch (error) {
        // An application bug, reported like any other error (an `error` listener's, logged).
        if (name === 'error') this.#logger('warn', `error listener threw: ${String(error)}`);
        else this.#emit('error', new StreamError(`a listener of "${name}" threw`, { cause: error }));
      }
    }
  }
}
