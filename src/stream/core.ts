/**
 * The stream's rules as a pure reducer: `step(state, input) → { state, effects }`. No timers, no
 * I/O, no clock: time arrives as `now` in the inputs that need it, randomness (backoff jitter) as
 * `random`. The shell (connection.ts) owns the socket, the timers, fetch and the listeners; it
 * turns what happens into inputs and performs the effects, nothing else.
 *
 * The exactly-once rule lives here: per session a cursor (seq of the last event delivered), an
 * event at cursor + 1 is delivered, one at or below is a repeat, one beyond is a gap filled over
 * REST (live events wait meanwhile) before going on. What the daemon no longer holds is
 * announced with a `resync` effect, never skipped silently.
 *
 * For speed the state is mutable: `step` takes it, updates it in place and returns it (the hot
 * path, the next event of a session, allocates only its result). A caller keeps no older state.
 */
import { EVENT_NAMES, STOP_EVENTS, type EventEnvelope } from '../../generated/events.js';
import type { ClientFrame, ServerFrame } from '../../generated/stream-protocol.js';
import { isFatalCloseCode } from '../protocol.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { takeContiguous } from './cursor.js';
import type { Finding } from './diagnose.js';
import {
  FatalCloseError,
  StreamAuthError,
  StreamConnectionError,
  StreamError,
  StreamForbiddenError,
  StreamServerError,
  type ProtocolError,
  type ResyncInfo,
} from './errors.js';
import type { EventPage } from './types.js';

// ---- options ----------------------------------------------------------------------------------

/** The core's settings, every default applied (the shell normalises EventStreamOptions once). */
export interface CoreOptions {
  /** 'all': subscribe_all with every known cursor; 'none': only sessions given to subscribe(). */
  readonly follow: 'all' | 'none';
  /** Time from opening a socket to `auth_ok` before the attempt counts as failed. */
  readonly connectTimeoutMs: number;
  /** While a turn streams, a silence this long is probed with a `ping`. */
  readonly pingAfterSilenceMs: number;
  /** A probe unanswered (no frame at all) this long means the link is dead. */
  readonly pongTimeoutMs: number;
  /** When idle, the link is dead after this many heartbeat intervals of silence (the probe goes out a pong timeout earlier). */
  readonly deadLinkFactor: number;
  /** Events per REST page when filling a gap. */
  readonly fillPageSize: number;
  /** A REST fill page that has not answered in this time is aborted; the stream reconnects and replays instead. */
  readonly fillTimeoutMs: number;
  readonly backoff: BackoffOptions;
  /** A connection this old when it drops was healthy: the first reconnect goes out at once. */
  readonly healthyAfterMs: number;
  /** A REST probe can tell why a connection failed (the shell has one). */
  readonly canDiagnose: boolean;
  /** How long a retry waits for the probe's answer at most. */
  readonly diagnoseTimeoutMs: number;
  /** The same connection error is reported again at most this often while retries go on. */
  readonly errorEveryMs: number;
}

// ---- state ------------------------------------------------------------------------------------

/** One REST page in flight for a session; live events wait in `buffered`. */
export interface FillState {
  readonly id: number;
  /** The cursor the page was asked after. */
  readonly afterSeq: number;
  buffered: EventEnvelope[];
  /** When the page is given up (set by the first tick after the fill started). */
  deadlineAt: number | undefined;
}

export interface SessionState {
  readonly sessionId: string;
  /** The cursor: seq of the last event delivered (0 before the first). */
  cursor: number;
  /** False after unsubscribe(): its events are dropped and its cursor frozen. */
  followed: boolean;
  /** headSeq of this connection's `subscribed` (its replay goes up to there); -1 before it. */
  subscribedHead: number;
  /** Cursor at the last heartbeat whose head was ahead during a replay (-1: none). */
  lagCursor: number;
  /** The last event delivered is not a stop event: a turn is streaming. */
  turnOpen: boolean;
  /**
   * The cursor is known to count seqs of the current epoch (an event of it was delivered, the
   * daemon set it, or it came with its epoch). An unconfirmed one above the daemon's head is
   * from another life of the buffer.
   */
  confirmed: boolean;
  /** A loss that happened while unsubscribed: announced when subscribe() resumes the session. */
  pendingLoss: ResyncInfo | undefined;
  fill: FillState | undefined;
}

export type Phase = 'idle' | 'opening' | 'open' | 'waiting' | 'closed';

export interface CoreState {
  readonly options: CoreOptions;
  phase: Phase;
  /** Id of the current connection attempt; inputs of any other connection are stale. */
  connection: number;
  /** The url of the current attempt, once the shell resolved it (for error messages; never holds the token). */
  url: string | undefined;
  readonly sessions: Map<string, SessionState>;
  /** The session of the last event: consecutive events mostly share one. */
  hot: SessionState | undefined;
  /** The daemon buffer's epoch the cursors belong to. */
  epoch: string | undefined;
  /** The collection cursor (sessionsSeq) and the epoch it counts in. */
  collection: { epoch: string; sessionsSeq: number } | undefined;
  /**
   * A frame of this connection could not be read: it may have announced a session, so the
   * collection cursor is not raised again on this connection (the next one replays more, never less).
   */
  collectionFrozen: boolean;
  /**
   * A session new to us whose `subscribed` was the last frame: the daemon chose where it starts.
   * If the next frame is its `cursor_expired`, the loss counts from what the daemon took as asked
   * (0 for a session born while we were away), not from that start; any other frame confirms the
   * start (and the collection cursor it carried). If the link dies first, the session is
   * forgotten and the next subscribe_all derives its start again.
   */
  adoptedPending: { readonly session: SessionState; readonly sessionsSeq: number | undefined } | undefined;
  /** Failed attempts since the last healthy connection (drives the backoff). */
  failures: number;
  /** The next token read re-reads its source (after one 4401 / a 401 probe); cleared by auth_ok. */
  refreshToken: boolean;
  /** auth_ok was seen at least once (a later one is a reconnect). */
  everOpened: boolean;
  openedAt: number;
  /** When the link went down (0: it is up, or never was). */
  downAt: number;
  connectDeadlineAt: number;
  retryAt: number;
  heartbeatIntervalMs: number;
  /** Frames received on the current connection (the hot path only counts; ticks turn counts into time). */
  frames: number;
  framesAtLastTick: number;
  /** When a frame was last known to have arrived (to one tick). */
  lastActivityAt: number;
  /** When the last tick (or auth_ok) ran: ticks come every liveness interval after it. */
  lastTickAt: number;
  /** When the outstanding ping went out (0: none). */
  pingSentAt: number;
  pings: number;
  /** Sessions whose turn is streaming: silence there is probed fast. */
  openTurns: number;
  fillIds: number;
  /** A REST probe is running for the current failure; the retry waits for it (to diagnoseDeadlineAt). */
  diagnosing: boolean;
  diagnoseDeadlineAt: number;
  /** What the last failed attempt said (reported once the probe adds nothing better). */
  lastFailure: StreamConnectionError | undefined;
  /** Last connection error reported: its kind and when (rate limit). */
  lastErrorKind: string | undefined;
  lastErrorAt: number;
  /** Event-name lookups cached for the hot path (a Set lookup per event is measurable). */
  lastEventName: string;
  lastEventKnown: boolean;
  lastEventStops: boolean;
  /** When the shell should send a `tick` (undefined: no timer needed). */
  wakeAt: number | undefined;
  /**
   * The steady state's result, reused: one `deliver` effect whose envelope is replaced on each
   * call. Effects are only valid until the next step (the shell performs them at once).
   */
  readonly deliverOne: { readonly state: CoreState; readonly effects: readonly Effect[]; readonly effect: MutableDeliver };
}

interface MutableDeliver {
  readonly type: 'deliver';
  envelope: EventEnvelope;
  known: boolean;
}

// ---- inputs and effects -----------------------------------------------------------------------

export type FillOutcome =
  | { readonly type: 'page'; readonly page: EventPage }
  /** 410: events up to oldestSeq - 1 are gone. */
  | { readonly type: 'expired'; readonly oldestSeq: number; readonly epoch: string | undefined }
  | { readonly type: 'failed'; readonly error: unknown };

export type Input =
  | { readonly type: 'connect'; readonly now: number }
  | { readonly type: 'close' }
  | { readonly type: 'subscribe'; readonly sessionId: string; readonly afterSeq: number }
  | { readonly type: 'unsubscribe'; readonly sessionId: string }
  /** The shell resolved the url and created the socket of `connection`. */
  | { readonly type: 'socketCreated'; readonly connection: number; readonly url: string }
  | { readonly type: 'socketOpened'; readonly connection: number }
  /** An `event` frame (the hot path: no clock read). */
  | { readonly type: 'event'; readonly connection: number; readonly envelope: EventEnvelope }
  /** Any other frame. */
  | { readonly type: 'frame'; readonly connection: number; readonly frame: Exclude<ServerFrame, { type: 'event' }>; readonly now: number }
  | { readonly type: 'badFrame'; readonly connection: number; readonly error: ProtocolError }
  | { readonly type: 'socketClosed'; readonly connection: number; readonly code: number; readonly reason: string; readonly now: number; readonly random: number }
  /** The url or token source failed, or the socket could not be created. `fatal`: do not retry. */
  | { readonly type: 'openFailed'; readonly connection: number; readonly error: StreamError; readonly fatal: boolean; readonly now: number; readonly random: number }
  | { readonly type: 'tick'; readonly now: number; readonly random: number }
  | { readonly type: 'fillResult'; readonly fillId: number; readonly outcome: FillOutcome; readonly now: number; readonly random: number }
  | { readonly type: 'diagnosis'; readonly connection: number; readonly finding: Finding; readonly now: number };

/** What the application is told about the connection (EventStream.state). */
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

export type Effect =
  /** Hand an event to the application (`known`: its name is in EVENT_NAMES, else `unknown`). */
  | { readonly type: 'deliver'; readonly envelope: EventEnvelope; readonly known: boolean }
  | { readonly type: 'resync'; readonly info: ResyncInfo }
  | { readonly type: 'error'; readonly error: StreamError }
  | { readonly type: 'state'; readonly state: StreamState }
  | { readonly type: 'connected'; readonly info: ConnectInfo; readonly reconnect: ReconnectInfo | undefined }
  | { readonly type: 'disconnected'; readonly info: DisconnectInfo }
  /** Resolve the url and token (`refreshToken`: re-read its source) and open a socket for `connection`. */
  | { readonly type: 'open'; readonly connection: number; readonly refreshToken: boolean }
  /** Send `auth` with the token on the socket of `connection`. */
  | { readonly type: 'sendAuth'; readonly connection: number }
  | { readonly type: 'send'; readonly frame: ClientFrame }
  /** Retire the current socket: handlers detached; 1000 closes politely, anything else drops it at once. */
  | { readonly type: 'closeSocket'; readonly code: number; readonly reason: string }
  | { readonly type: 'fill'; readonly fillId: number; readonly sessionId: string; readonly afterSeq: number; readonly limit: number }
  | { readonly type: 'abortFill'; readonly fillId: number }
  /** Ask the REST probe why `connection` failed; answer with a `diagnosis` input. */
  | { readonly type: 'diagnose'; readonly connection: number };

/** What a step returns. Its effects are valid until the next step: perform them before calling step again. */
export interface StepResult {
  readonly state: CoreState;
  readonly effects: readonly Effect[];
}

// ---- construction -----------------------------------------------------------------------------

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);
const STOP_EVENT_NAMES: ReadonlySet<string> = new Set(STOP_EVENTS);
const NO_EFFECTS: readonly Effect[] = [];
/** Liveness is checked at least this often while a link is open (the error of "last frame seen at"). */
const LIVENESS_TICK_MAX_MS = 200;

export function createState(
  options: CoreOptions,
  initial: { readonly sessions?: Readonly<Record<string, number>>; readonly epoch?: string; readonly sessionsSeq?: number } = {},
): CoreState {
  const state: CoreState = {
    options,
    phase: 'idle',
    connection: 0,
    url: undefined,
    sessions: new Map(),
    hot: undefined,
    epoch: initial.epoch,
    collection: initial.epoch !== undefined && initial.sessionsSeq !== undefined ? { epoch: initial.epoch, sessionsSeq: initial.sessionsSeq } : undefined,
    collectionFrozen: false,
    adoptedPending: undefined,
    failures: 0,
    refreshToken: false,
    everOpened: false,
    openedAt: 0,
    downAt: 0,
    connectDeadlineAt: 0,
    retryAt: 0,
    heartbeatIntervalMs: 10_000,
    frames: 0,
    framesAtLastTick: 0,
    lastActivityAt: 0,
    lastTickAt: 0,
    pingSentAt: 0,
    pings: 0,
    openTurns: 0,
    fillIds: 0,
    diagnosing: false,
    diagnoseDeadlineAt: 0,
    lastFailure: undefined,
    lastErrorKind: undefined,
    lastErrorAt: 0,
    lastEventName: '',
    lastEventKnown: false,
    lastEventStops: false,
    wakeAt: undefined,
    deliverOne: undefined as unknown as CoreState['deliverOne'],
  };
  const effect: MutableDeliver = { type: 'deliver', envelope: undefined as unknown as EventEnvelope, known: false };
  (state as { deliverOne: CoreState['deliverOne'] }).deliverOne = { state, effects: [effect], effect };
  for (const [sessionId, cursor] of Object.entries(initial.sessions ?? {})) addSession(state, sessionId, cursor, initial.epoch !== undefined);
  return state;
}

// ---- the reducer ------------------------------------------------------------------------------

export function step(state: CoreState, input: Input): StepResult {
  if (input.type === 'event') return receiveEvent(state, input.connection, input.envelope);
  const effects: Effect[] = [];
  switch (input.type) {
    case 'connect':
      if (state.phase === 'idle') {
        effects.push({ type: 'state', state: { type: 'connecting' } });
        openConnection(state, effects, input.now);
      }
      break;
    case 'close':
      shutDown(state, effects, undefined);
      break;
    case 'subscribe':
      subscribeSession(state, effects, input.sessionId, input.afterSeq);
      break;
    case 'unsubscribe':
      unsubscribeSession(state, effects, input.sessionId);
      break;
    case 'socketCreated':
      if (input.connection === state.connection) state.url = input.url;
      break;
    case 'socketOpened':
      if (input.connection === state.connection && state.phase === 'opening') effects.push({ type: 'sendAuth', connection: input.connection });
      break;
    case 'frame':
      if (input.connection === state.connection) receiveFrame(state, effects, input.frame, input.now);
      break;
    case 'badFrame':
      if (input.connection === state.connection) {
        // A mangled frame is still a sign of life; an event lost in it shows up as a gap.
        state.frames++;
        state.collectionFrozen = true;
        effects.push({ type: 'error', error: input.error });
      }
      break;
    case 'socketClosed':
      if (input.connection === state.connection && (state.phase === 'opening' || state.phase === 'open')) {
        linkDown(state, effects, input.code, input.reason, input.now, input.random);
      }
      break;
    case 'openFailed':
      if (input.connection === state.connection && state.phase === 'opening') {
        if (input.fatal) shutDown(state, effects, input.error);
        else {
          reportConnectionError(state, effects, 'source', input.error, input.now);
          connectionFailed(state, effects, input.now, input.random, false);
        }
      }
      break;
    case 'tick':
      tick(state, effects, input.now, input.random);
      break;
    case 'fillResult':
      receiveFillResult(state, effects, input.fillId, input.outcome, input.now, input.random);
      break;
    case 'diagnosis':
      receiveDiagnosis(state, effects, input.connection, input.finding, input.now);
      break;
  }
  updateWakeAt(state);
  return { state, effects };
}

// ---- the hot path -----------------------------------------------------------------------------

/**
 * One envelope from the socket. The steady state — the session's next seq, nothing in flight —
 * is a string compare, a few field reads and one result object.
 */
function receiveEvent(state: CoreState, connection: number, envelope: EventEnvelope): StepResult {
  if (connection !== state.connection || state.phase !== 'open') return { state, effects: NO_EFFECTS };
  state.frames++;
  if (state.adoptedPending !== undefined) confirmAdopted(state);
  let session = state.hot;
  if (session === undefined || session.sessionId !== envelope.sessionId) {
    session = state.sessions.get(envelope.sessionId);
    if (session === undefined) {
      if (state.options.follow === 'none') return { state, effects: NO_EFFECTS };
      // No `subscribed` first: be safe, fill from seq 1.
      session = addSession(state, envelope.sessionId, 0, true);
    }
    state.hot = session;
  }
  if (!session.followed) return { state, effects: NO_EFFECTS };
  if (session.fill !== undefined) {
    session.fill.buffered.push(envelope);
    return { state, effects: NO_EFFECTS };
  }
  if (envelope.seq === session.cursor + 1) {
    const result = state.deliverOne;
    result.effect.known = advance(state, session, envelope);
    result.effect.envelope = envelope;
    return result;
  }
  if (envelope.seq <= session.cursor) return { state, effects: NO_EFFECTS }; // a repeat
  const effects: Effect[] = [];
  startFill(state, effects, session, [envelope]);
  updateWakeAt(state);
  return { state, effects };
}

/** Moves a session's cursor to an event about to be delivered; says whether its name is known. */
function advance(state: CoreState, session: SessionState, envelope: EventEnvelope): boolean {
  session.cursor = envelope.seq;
  session.confirmed = true;
  const name = envelope.event;
  if (name !== state.lastEventName) {
    state.lastEventName = name;
    state.lastEventKnown = KNOWN_EVENTS.has(name);
    state.lastEventStops = STOP_EVENT_NAMES.has(name);
  }
  setTurnOpen(state, session, !state.lastEventStops);
  return state.lastEventKnown;
}

function setTurnOpen(state: CoreState, session: SessionState, open: boolean): void {
  if (session.turnOpen === open) return;
  session.turnOpen = open;
  state.openTurns += open ? 1 : -1;
}

// ---- sessions ---------------------------------------------------------------------------------

function addSession(state: CoreState, sessionId: string, cursor: number, confirmed: boolean): SessionState {
  const session: SessionState = { sessionId, cursor, followed: true, subscribedHead: -1, lagCursor: -1, turnOpen: false, confirmed, pendingLoss: undefined, fill: undefined };
  state.sessions.set(sessionId, session);
  return session;
}

function forgetSession(state: CoreState, effects: Effect[], session: SessionState): void {
  stopFill(effects, session);
  setTurnOpen(state, session, false);
  state.sessions.delete(session.sessionId);
  if (state.hot === session) state.hot = undefined;
}

function send(state: CoreState, effects: Effect[], frame: ClientFrame): void {
  // Client frames other than auth only make sense on an authenticated connection.
  if (state.phase === 'open') effects.push({ type: 'send', frame });
}

function subscribeSession(state: CoreState, effects: Effect[], sessionId: string, afterSeq: number): void {
  if (state.phase === 'closed') return;
  let session = state.sessions.get(sessionId);
  if (session?.followed) return; // a stream never delivers an event twice: its cursor stays
  if (session) {
    session.followed = true;
    if (session.pendingLoss) effects.push({ type: 'resync', info: session.pendingLoss });
    session.pendingLoss = undefined;
  } else session = addSession(state, sessionId, afterSeq, afterSeq === 0);
  send(state, effects, { type: 'subscribe', sessionId, afterSeq: session.cursor });
}

function unsubscribeSession(state: CoreState, effects: Effect[], sessionId: string): void {
  let session = state.sessions.get(sessionId);
  // follow 'all' covers sessions the stream has not heard of yet (a `subscribed` still on the
  // way, one created while away): remember the application's wish, or their events would come.
  if (session === undefined && state.options.follow === 'all' && state.phase !== 'closed') session = addSession(state, sessionId, 0, true);
  if (!session?.followed) return;
  session.followed = false;
  stopFill(effects, session);
  setTurnOpen(state, session, false);
  send(state, effects, { type: 'unsubscribe', sessionId });
}

// ---- control frames ---------------------------------------------------------------------------

function receiveFrame(state: CoreState, effects: Effect[], frame: Exclude<ServerFrame, { type: 'event' }>, now: number): void {
  state.frames++;
  if (frame.type === 'auth_ok') {
    if (state.phase === 'opening') authenticated(state, effects, frame, now);
    return;
  }
  if (state.phase !== 'open') return; // nothing else is expected before auth_ok
  const adopted = state.adoptedPending;
  const sameSession = (frame.type === 'cursor_expired' || frame.type === 'subscribed') && frame.sessionId === adopted?.session.sessionId;
  if (adopted !== undefined && !sameSession) confirmAdopted(state);
  switch (frame.type) {
    case 'subscribed':
      return receiveSubscribed(state, effects, frame);
    case 'cursor_expired': {
      let session = state.sessions.get(frame.sessionId);
      // Before its `subscribed` (a reordering daemon): the loss still counts from what was asked.
      if (session === undefined && state.options.follow === 'all') session = addSession(state, frame.sessionId, frame.afterSeq, true);
      if (session !== undefined && state.adoptedPending?.session === session) {
        if (frame.afterSeq < session.cursor) session.cursor = frame.afterSeq;
        confirmAdopted(state);
      }
      if (session?.followed) expireBefore(state, effects, session, frame.oldestSeq);
      return;
    }
    case 'heartbeat':
      return receiveHeartbeat(state, effects, frame);
    case 'error': {
      effects.push({ type: 'error', error: new StreamServerError(frame.code, frame.message, frame.sessionId, frame.entry) });
      // A subscribe_all entry the daemon refused (unknown session, bad cursor): stop sending it.
      const refused = frame.entry === undefined ? undefined : state.sessions.get(frame.entry);
      if (refused) forgetSession(state, effects, refused);
      return;
    }
    case 'pong':
    case 'unsubscribed':
      return; // a frame like any other for liveness
  }
}

function authenticated(state: CoreState, effects: Effect[], frame: Extract<ServerFrame, { type: 'auth_ok' }>, now: number): void {
  const { connectionId, epoch, heartbeatIntervalMs } = frame;
  const reconnected = state.everOpened;
  state.phase = 'open';
  state.everOpened = true;
  state.refreshToken = false;
  state.openedAt = now;
  state.heartbeatIntervalMs = heartbeatIntervalMs;
  state.lastActivityAt = now;
  state.lastTickAt = now;
  state.framesAtLastTick = state.frames;
  state.pingSentAt = 0;
  state.lastErrorKind = undefined;
  // The daemon's buffer started a new life: our cursors count seqs of the old one.
  // (`epoch` still names the old life while `resync` effects are produced.)
  const epochChanged = state.epoch !== undefined && state.epoch !== epoch;
  if (epochChanged) for (const session of state.sessions.values()) resetSession(state, effects, session, epoch, state.epoch);
  state.collection = nextCollection(state.collection, state.epoch, epoch, frame.sessionsSeq);
  state.epoch = epoch;
  const cursors: Record<string, number> = {};
  for (const session of state.sessions.values()) {
    session.subscribedHead = -1;
    if (!session.followed) continue;
    if (state.options.follow === 'all') cursors[session.sessionId] = session.cursor;
    else send(state, effects, { type: 'subscribe', sessionId: session.sessionId, afterSeq: session.cursor });
  }
  if (state.options.follow === 'all') {
    const afterSessionsSeq = state.collection?.sessionsSeq;
    send(state, effects, afterSessionsSeq === undefined ? { type: 'subscribe_all', cursors } : { type: 'subscribe_all', cursors, afterSessionsSeq });
  }
  const info: ConnectInfo = { connectionId, epoch, heartbeatIntervalMs };
  effects.push({ type: 'state', state: { type: 'open', connectionId, epoch } });
  const reconnect = reconnected ? { ...info, attempts: state.failures, downtimeMs: now - state.downAt } : undefined;
  effects.push({ type: 'connected', info, reconnect });
  state.downAt = 0;
}

/**
 * The collection cursor to send after an auth_ok of `epoch`: the one we hold for that epoch
 * (the lowest still true); after an epoch change 0 (every session of the new life is new to
 * us); with none yet, the daemon's count at this upgrade (sessions older than our first
 * connection are not replayed whole).
 */
function nextCollection(
  held: CoreState['collection'],
  previousEpoch: string | undefined,
  epoch: string,
  atUpgrade: number | undefined,
): CoreState['collection'] {
  if (held?.epoch === epoch) return held;
  if (previousEpoch !== undefined && previousEpoch !== epoch) return { epoch, sessionsSeq: 0 };
  return atUpgrade === undefined ? undefined : { epoch, sessionsSeq: atUpgrade };
}

/** A collection cursor seen on a subscribe_all connection: every session up to it has been announced. */
function raiseCollection(state: CoreState, epoch: string, sessionsSeq: number | undefined): void {
  if (sessionsSeq === undefined || state.options.follow !== 'all' || epoch !== state.epoch || state.collectionFrozen) return;
  if (state.collection === undefined || state.collection.epoch !== epoch || state.collection.sessionsSeq < sessionsSeq) {
    state.collection = { epoch, sessionsSeq };
  }
}

/** The frame after a new session's `subscribed` came: its start stands, and so does the collection cursor it carried. */
function confirmAdopted(state: CoreState): void {
  const pending = state.adoptedPending!;
  state.adoptedPending = undefined;
  if (state.epoch !== undefined) raiseCollection(state, state.epoch, pending.sessionsSeq);
}

function receiveSubscribed(state: CoreState, effects: Effect[], frame: Extract<ServerFrame, { type: 'subscribed' }>): void {
  let session = state.sessions.get(frame.sessionId);
  if (session === undefined) {
    session = addSession(state, frame.sessionId, frame.afterSeq, true);
    state.adoptedPending = { session, sessionsSeq: frame.sessionsSeq };
  } else if (state.adoptedPending?.session !== session) raiseCollection(state, frame.epoch, frame.sessionsSeq);
  session.subscribedHead = frame.headSeq;
  // A head below an unconfirmed cursor: the cursor is from another life of the buffer (cursors
  // passed in without their epoch). Seqs restarted: say so, drop it, subscribe from 0.
  // (afterSeq above the cursor needs nothing here: cursor_expired follows and reports it.)
  if (frame.headSeq < session.cursor && session.followed && !session.confirmed) {
    resetSession(state, effects, session, frame.epoch);
    send(state, effects, { type: 'subscribe', sessionId: session.sessionId, afterSeq: 0 });
    return;
  }
  if (frame.headSeq >= session.cursor) session.confirmed = true;
  // The connection already sent this session past our cursor (we dropped those events while it
  // was unsubscribed): it will not send them again, so fetch them. (If they are gone, the fill's
  // 410 — or the cursor_expired that follows — announces it.)
  if (session.followed && frame.afterSeq > session.cursor && session.fill === undefined && state.adoptedPending?.session !== session) {
    startFill(state, effects, session, []);
  }
}

/**
 * Heads ahead of a cursor while nothing is in flight: frames were lost on the way. During a
 * replay (cursor < subscribed head) a head may legitimately be ahead, so there it takes two
 * heartbeats without progress. Filling is idempotent: a false alarm costs one GET.
 */
function receiveHeartbeat(state: CoreState, effects: Effect[], frame: Extract<ServerFrame, { type: 'heartbeat' }>): void {
  raiseCollection(state, frame.epoch, frame.sessionsSeq);
  for (const sessionId in frame.heads) {
    const session = state.sessions.get(sessionId);
    if (!session || session.subscribedHead < 0 || session.fill || !session.followed) continue;
    const head = frame.heads[sessionId]!;
    if (head <= session.cursor) session.lagCursor = -1;
    else if (session.cursor >= session.subscribedHead || session.lagCursor === session.cursor) startFill(state, effects, session, []);
    else session.lagCursor = session.cursor;
  }
}

// ---- resync -----------------------------------------------------------------------------------

/**
 * Events after the cursor up to `toSeq` (null: unknown) will not be delivered: say so, go on from
 * `cursor`. For an unsubscribed session the news waits for subscribe() to resume it.
 */
function announceLoss(effects: Effect[], session: SessionState, cursor: number, toSeq: number | null, epoch: string, previousEpoch?: string): void {
  const previousCursor = session.cursor;
  session.cursor = cursor;
  const reason = toSeq === null ? 'epoch_changed' : 'cursor_expired';
  const info: ResyncInfo = { sessionId: session.sessionId, reason, fromSeq: previousCursor + 1, toSeq, previousCursor, cursor, epoch, ...(previousEpoch !== undefined && { previousEpoch }) };
  if (session.followed) effects.push({ type: 'resync', info });
  else session.pendingLoss = mergeLosses(session.pendingLoss, info);
}

/** Two losses of one session while it was unsubscribed, as one: from the first's start to the second's end. */
function mergeLosses(first: ResyncInfo | undefined, second: ResyncInfo): ResyncInfo {
  if (first === undefined) return second;
  const epochChanged = first.reason === 'epoch_changed' || second.reason === 'epoch_changed';
  const { previousEpoch } = first;
  return {
    ...second,
    reason: epochChanged ? 'epoch_changed' : 'cursor_expired',
    fromSeq: first.fromSeq,
    previousCursor: first.previousCursor,
    toSeq: epochChanged ? null : second.toSeq,
    ...(previousEpoch !== undefined && { previousEpoch }),
  };
}

/** Seqs restarted: stop any fill; even at cursor 0 whatever the old life held past it is unknown now. */
function resetSession(state: CoreState, effects: Effect[], session: SessionState, epoch: string, previousEpoch?: string): void {
  stopFill(effects, session);
  setTurnOpen(state, session, false);
  session.confirmed = true;
  announceLoss(effects, session, 0, null, epoch, previousEpoch);
}

/** Events up to oldestSeq - 1 are gone: go on from what the daemon holds. */
function expireBefore(state: CoreState, effects: Effect[], session: SessionState, oldestSeq: number): void {
  if (oldestSeq - 1 > session.cursor) announceLoss(effects, session, oldestSeq - 1, oldestSeq - 1, state.epoch ?? '');
}

// ---- gap fills --------------------------------------------------------------------------------

function startFill(state: CoreState, effects: Effect[], session: SessionState, buffered: EventEnvelope[]): void {
  const fill: FillState = { id: ++state.fillIds, afterSeq: session.cursor, buffered, deadlineAt: undefined };
  session.fill = fill;
  session.lagCursor = -1;
  effects.push({ type: 'fill', fillId: fill.id, sessionId: session.sessionId, afterSeq: fill.afterSeq, limit: Math.min(1000, state.options.fillPageSize) });
}

function stopFill(effects: Effect[], session: SessionState): void {
  if (session.fill === undefined) return;
  effects.push({ type: 'abortFill', fillId: session.fill.id });
  session.fill = undefined;
}

function findFill(state: CoreState, fillId: number): SessionState | undefined {
  for (const session of state.sessions.values()) if (session.fill?.id === fillId) return session;
  return undefined;
}

/**
 * A page (or its failure) for a running fill. Each page goes through the cursor rule together
 * with the events buffered so far (possibly repeated by the replay); what is still beyond a gap
 * waits for the next page. A page that moves nothing means REST cannot fill it: a reconnect's
 * replay sorts it out, as for any failed fill.
 */
function receiveFillResult(state: CoreState, effects: Effect[], fillId: number, outcome: FillOutcome, now: number, random: number): void {
  const session = findFill(state, fillId);
  if (session === undefined || state.phase !== 'open') return; // aborted meanwhile
  const fill = session.fill!;
  if (outcome.type === 'failed') {
    const why = `filling a gap of ${session.sessionId} over REST failed`;
    effects.push({ type: 'error', error: new StreamError(why, { cause: outcome.error }) });
    return abandonFill(state, effects, session, why, now, random);
  }
  if (outcome.type === 'expired') {
    // A 410 that does not move the cursor would loop: a failure like any other.
    if (!(outcome.oldestSeq > fill.afterSeq + 1)) {
      const why = `filling a gap of ${session.sessionId} over REST failed`;
      effects.push({ type: 'error', error: new StreamError(`${why}: 410 without progress (oldestSeq ${outcome.oldestSeq})`) });
      return abandonFill(state, effects, session, why, now, random);
    }
    if ((outcome.epoch ?? state.epoch) !== state.epoch) return abandonFill(state, effects, session, 'epoch changed (REST)', now, random);
    expireBefore(state, effects, session, outcome.oldestSeq);
    session.fill = undefined;
    return startFill(state, effects, session, fill.buffered);
  }
  const page = outcome.page;
  if (page.epoch !== state.epoch) return abandonFill(state, effects, session, 'epoch changed (REST)', now, random);
  const before = session.cursor;
  const { deliver, rest } = takeContiguous(before, [...page.events, ...fill.buffered]);
  for (const envelope of deliver) effects.push({ type: 'deliver', envelope, known: advance(state, session, envelope) });
  session.fill = undefined;
  if (rest.length === 0 && !page.hasMore) return;
  if (session.cursor === before) return abandonFill(state, effects, session, `session ${session.sessionId}: gap not fillable over REST`, now, random);
  startFill(state, effects, session, rest);
}

/** Gives up on a fill: its buffer goes, and the resubscribe of a new connection replays from the cursor. */
function abandonFill(state: CoreState, effects: Effect[], session: SessionState, reason: string, now: number, random: number): void {
  stopFill(effects, session);
  linkDown(state, effects, 1006, reason, now, random);
}

// ---- the connection lifecycle -----------------------------------------------------------------

function openConnection(state: CoreState, effects: Effect[], now: number): void {
  state.phase = 'opening';
  state.connection++;
  state.url = undefined;
  state.frames = 0;
  state.collectionFrozen = false;
  state.connectDeadlineAt = now + state.options.connectTimeoutMs;
  effects.push({ type: 'open', connection: state.connection, refreshToken: state.refreshToken });
}

/** Retires the socket and every fill: nothing of the old connection goes on. */
function retire(state: CoreState, effects: Effect[], code: number, reason: string): void {
  effects.push({ type: 'closeSocket', code, reason });
  // Its cursor_expired may have been lost with the link: derive its start again next time. One
  // the application unsubscribed meanwhile stays known (unfollowed), from seq 1 if it resumes.
  const adopted = state.adoptedPending?.session;
  if (adopted?.followed) forgetSession(state, effects, adopted);
  else if (adopted !== undefined) adopted.cursor = 0;
  state.adoptedPending = undefined;
  for (const session of state.sessions.values()) {
    stopFill(effects, session);
    session.subscribedHead = -1;
    session.lagCursor = -1;
  }
  state.connection++; // late inputs of the retired socket are stale now
  state.pingSentAt = 0;
}

/** The link went down (close event, dead link, a given-up fill): retry or stop. */
function linkDown(state: CoreState, effects: Effect[], code: number, reason: string, now: number, random: number): void {
  const wasOpen = state.phase === 'open';
  retire(state, effects, wasOpen ? 4000 : code, reason);
  let fatal: StreamError | undefined;
  if (code === 4401 && !state.refreshToken) state.refreshToken = true; // re-read the token once
  else if (code === 4401) fatal = new StreamAuthError(code, reason);
  else if (isFatalCloseCode(code)) fatal = new FatalCloseError(code, reason);
  if (wasOpen) {
    state.downAt = now;
    effects.push({ type: 'disconnected', info: { code, reason, willReconnect: fatal === undefined } });
  }
  if (fatal) return shutDown(state, effects, fatal);
  if (wasOpen) {
    // A healthy connection's first reconnect goes out at once; one that died young keeps a
    // short backoff (flapping), failures before auth_ok grow it (connectionFailed).
    state.failures = now - state.openedAt >= state.options.healthyAfterMs ? 0 : Math.min(state.failures, 2);
    return scheduleRetry(state, effects, now, random);
  }
  const failedBeforeAuth = code !== 4401;
  if (failedBeforeAuth) failedBecause(state, effects, 'closed', new StreamConnectionError(closeMessage(state, code, reason), state.url), now);
  connectionFailed(state, effects, now, random, failedBeforeAuth);
}

/** A failed attempt: said at once without a probe; with one, the probe's finding speaks first. */
function failedBecause(state: CoreState, effects: Effect[], kind: string, error: StreamConnectionError, now: number): void {
  state.lastFailure = error;
  if (!state.options.canDiagnose) reportConnectionError(state, effects, kind, error, now);
}

function closeMessage(state: CoreState, code: number, reason: string): string {
  const where = state.url ?? 'the daemon';
  return `could not connect to ${where}: closed ${code}${reason ? ` (${reason})` : ''} before auth_ok`;
}

/** An attempt failed before auth_ok: ask the probe why (it also rediscovers the address), then retry. */
function connectionFailed(state: CoreState, effects: Effect[], now: number, random: number, diagnose: boolean): void {
  if (state.phase === 'closed') return;
  if (state.downAt === 0) state.downAt = now;
  if (diagnose && state.options.canDiagnose) {
    state.diagnosing = true;
    state.diagnoseDeadlineAt = now + state.options.diagnoseTimeoutMs;
    effects.push({ type: 'diagnose', connection: state.connection });
  }
  scheduleRetry(state, effects, now, random);
}

/** Single flight: one pending retry at most. A retry due now (and no probe running) opens at once. */
function scheduleRetry(state: CoreState, effects: Effect[], now: number, random: number): void {
  const delay = backoffDelay(state.options.backoff, state.failures, () => random);
  state.failures++;
  state.phase = 'waiting';
  state.retryAt = now + delay;
  effects.push({ type: 'state', state: { type: 'reconnecting', attempt: state.failures, nextRetryAt: state.retryAt } });
  retryIfDue(state, effects, now);
}

function retryIfDue(state: CoreState, effects: Effect[], now: number): void {
  if (state.phase !== 'waiting' || now < state.retryAt) return;
  if (state.diagnosing && now < state.diagnoseDeadlineAt) return;
  if (state.diagnosing && state.lastFailure) reportConnectionError(state, effects, 'closed', state.lastFailure, now); // the probe did not answer in time
  state.diagnosing = false;
  openConnection(state, effects, now);
}

/** Stops for good, on close() or a fatal error. */
function shutDown(state: CoreState, effects: Effect[], error: StreamError | undefined): void {
  if (state.phase === 'closed') return;
  if (error) effects.push({ type: 'error', error });
  if (state.phase === 'opening' || state.phase === 'open') retire(state, effects, 1000, 'client closed');
  else for (const session of state.sessions.values()) stopFill(effects, session);
  state.phase = 'closed';
  state.diagnosing = false;
  effects.push({ type: 'state', state: error ? { type: 'closed', error } : { type: 'closed' } });
}

/**
 * A connection error for the application, early and not too often: the first of a run of
 * failures, then the same kind at most every errorEveryMs (a new kind at once).
 */
function reportConnectionError(state: CoreState, effects: Effect[], kind: string, error: StreamError, now: number): void {
  if (state.lastErrorKind === kind && now - state.lastErrorAt < state.options.errorEveryMs) return;
  state.lastErrorKind = kind;
  state.lastErrorAt = now;
  effects.push({ type: 'error', error });
}

/** What the REST probe found about a failed connection. */
function receiveDiagnosis(state: CoreState, effects: Effect[], connection: number, finding: Finding, now: number): void {
  if (!state.diagnosing || state.phase === 'closed') return;
  // The probe answers for the attempt that failed; the retry (connection + 1) waits for it.
  if (connection !== state.connection) return;
  state.diagnosing = false;
  switch (finding.kind) {
    case 'forbidden':
      return shutDown(state, effects, new StreamForbiddenError(finding.reason, finding.fix, { cause: finding.cause }));
    case 'unauthorized':
      if (state.refreshToken) return shutDown(state, effects, new StreamAuthError(4401, 'the daemon refused the token (REST 401), also after re-reading it'));
      state.refreshToken = true;
      break;
    case 'unreachable':
      reportConnectionError(state, effects, 'unreachable', new StreamConnectionError(`the daemon is not reachable at ${state.url ?? 'its address'}: ${finding.causes} Retrying.`, state.url, { cause: finding.cause }), now);
      break;
    case 'reachable':
    case 'unknown':
      // REST answers (or says nothing useful): the WebSocket itself failed; say how.
      if (state.lastFailure) reportConnectionError(state, effects, 'closed', state.lastFailure, now);
      break;
  }
  retryIfDue(state, effects, now);
}

// ---- time -------------------------------------------------------------------------------------

function tick(state: CoreState, effects: Effect[], now: number, random: number): void {
  state.lastTickAt = now;
  switch (state.phase) {
    case 'opening':
      if (now >= state.connectDeadlineAt) {
        const reason = `no auth_ok within ${state.options.connectTimeoutMs} ms`;
        retire(state, effects, 4000, reason);
        failedBecause(state, effects, 'timeout', new StreamConnectionError(`could not connect to ${state.url ?? 'the daemon'}: ${reason}`, state.url), now);
        connectionFailed(state, effects, now, random, true);
      }
      return;
    case 'waiting':
      return retryIfDue(state, effects, now);
    case 'open':
      checkFills(state, effects, now, random);
      if (state.phase === 'open') checkLiveness(state, effects, now, random);
      return;
    case 'idle':
    case 'closed':
      return;
  }
}

/** Fills get their deadline at the first tick after they start; a fill past it is given up. */
function checkFills(state: CoreState, effects: Effect[], now: number, random: number): void {
  for (const session of state.sessions.values()) {
    const fill = session.fill;
    if (fill === undefined) continue;
    if (fill.deadlineAt === undefined) fill.deadlineAt = now + state.options.fillTimeoutMs;
    else if (now >= fill.deadlineAt) {
      const why = `filling a gap of ${session.sessionId} over REST timed out after ${state.options.fillTimeoutMs} ms`;
      effects.push({ type: 'error', error: new StreamError(why) });
      return abandonFill(state, effects, session, why, now, random);
    }
  }
}

/**
 * Silence is probed, not waited out: after a silence (short while a turn streams, about two
 * heartbeats when idle) a `ping` goes out; no frame at all within the pong timeout means the
 * link is dead. By wall clock: a timer that fired late (sleeping laptop, background tab) sees
 * the whole silence at once.
 */
function checkLiveness(state: CoreState, effects: Effect[], now: number, random: number): void {
  if (state.frames !== state.framesAtLastTick) {
    state.framesAtLastTick = state.frames;
    state.lastActivityAt = now;
    state.pingSentAt = 0;
    return;
  }
  if (state.pingSentAt !== 0) {
    if (now - state.pingSentAt >= state.options.pongTimeoutMs) {
      linkDown(state, effects, 1006, `dead link: no frame for ${now - state.lastActivityAt} ms, ping unanswered`, now, random);
    }
    return;
  }
  if (now - state.lastActivityAt >= silenceBeforeProbe(state)) {
    state.pingSentAt = now;
    send(state, effects, { type: 'ping', id: `p-${++state.pings}` });
  }
}

function silenceBeforeProbe(state: CoreState): number {
  const { pingAfterSilenceMs, pongTimeoutMs, deadLinkFactor } = state.options;
  if (state.openTurns > 0) return pingAfterSilenceMs;
  return Math.max(pingAfterSilenceMs, state.heartbeatIntervalMs * deadLinkFactor - pongTimeoutMs);
}

/** When the shell should tick next. */
function updateWakeAt(state: CoreState): void {
  switch (state.phase) {
    case 'opening':
      state.wakeAt = state.connectDeadlineAt;
      return;
    case 'waiting':
      // A running probe holds the retry back until it answers or its deadline passes.
      state.wakeAt = state.diagnosing ? Math.max(state.retryAt, state.diagnoseDeadlineAt) : state.retryAt;
      return;
    case 'open': {
      const interval = Math.max(5, Math.min(LIVENESS_TICK_MAX_MS, silenceBeforeProbe(state) / 4, state.options.pongTimeoutMs / 4));
      const nextTick = state.lastTickAt + interval;
      state.wakeAt = state.pingSentAt !== 0 ? Math.min(nextTick, state.pingSentAt + state.options.pongTimeoutMs) : nextTick;
      return;
    }
    case 'idle':
    case 'closed':
      state.wakeAt = undefined;
      return;
  }
}
