/**
 * Model-based test of the PRODUCTION core (src/stream/core.ts): fast-check generates runs of
 * daemon events, new sessions (also while the client is away), drops, refused reconnects, black
 * holes, daemon restarts (new epoch), expired buffers, lost, reordered and mangled events,
 * duplicated frames, bad frames slipped in, failing and hanging REST fills and clock ticks
 * (control frames keep the daemon's order: a WebSocket is ordered). A small reference daemon (the
 * contract, in this file) answers the core's effects. After every run the network heals and the
 * application's log is checked against the daemon's truth: every event delivered once and in
 * order per (epoch, session), or announced by `resync` — never skipped silently, never replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import type { ServerFrame } from '../../generated/stream-protocol.js';
import { createState, step, type CoreOptions, type CoreState, type Effect, type Input } from '../../src/stream/core.js';
import { ProtocolError, type ResyncInfo } from '../../src/stream/errors.js';

// ---- the reference daemon ---------------------------------------------------------------------

interface DaemonSession {
  readonly id: string;
  createdSeq: number;
  held: EventEnvelope[];
  oldestSeq: number;
  head: number;
}
type Wire = { readonly kind: 'frame'; readonly frame: ServerFrame } | { readonly kind: 'mangled' };
interface DaemonConnection {
  readonly id: number;
  readonly sessionsSeqAtUpgrade: number;
  authed: boolean;
  all: boolean;
  readonly position: Map<string, number>;
  queue: Wire[];
  blackHole: boolean;
}

class Daemon {
  epoch = 'ep-1';
  epochNumber = 1;
  sessionsSeq = 0;
  readonly sessions = new Map<string, DaemonSession>();
  /** Every event ever emitted, per epoch and session. */
  readonly truth = new Map<string, Map<string, EventEnvelope[]>>();
  connection: DaemonConnection | undefined;

  accept(id: number): void {
    this.connection = { id, sessionsSeqAtUpgrade: this.sessionsSeq, authed: false, all: false, position: new Map(), queue: [], blackHole: false };
  }

  send(frame: ServerFrame): void {
    const c = this.connection;
    if (c && !c.blackHole) c.queue.push({ kind: 'frame', frame });
  }

  authenticate(): void {
    const c = this.connection!;
    c.authed = true;
    this.send({ type: 'auth_ok', connectionId: `conn-${c.id}`, epoch: this.epoch, heartbeatIntervalMs: 1000, sessionsSeq: c.sessionsSeqAtUpgrade, limits: { maxClientFrameBytes: 65536, maxSubscriptions: 256 } });
  }

  receive(frame: Extract<Effect, { type: 'send' }>['frame']): void {
    const c = this.connection;
    if (!c?.authed) return;
    switch (frame.type) {
      case 'subscribe_all': {
        c.all = true;
        const bornAfter = frame.afterSessionsSeq ?? c.sessionsSeqAtUpgrade;
        for (const session of this.sessions.values()) {
          const listed = frame.cursors[session.id];
          const from = typeof listed === 'number' ? listed : session.createdSeq > bornAfter ? 0 : session.head;
          this.follow(session, from);
        }
        this.heartbeat();
        return;
      }
      case 'subscribe': {
        const session = this.sessions.get(frame.sessionId);
        if (!session) return this.send({ type: 'error', code: 'session_not_found', message: 'no such session', sessionId: frame.sessionId });
        return this.follow(session, frame.afterSeq);
      }
      case 'unsubscribe':
        c.position.delete(frame.sessionId);
        return this.send({ type: 'unsubscribed', sessionId: frame.sessionId });
      case 'ping':
        return this.send(frame.id === undefined ? { type: 'pong' } : { type: 'pong', id: frame.id });
      case 'auth':
        return;
    }
  }

  /** subscribed, cursor_expired when needed, the held events; a followed session never replays twice. */
  follow(session: DaemonSession, asked: number, sessionsSeq?: number): void {
    const c = this.connection!;
    const already = c.position.get(session.id);
    const subscribed = { type: 'subscribed', sessionId: session.id, headSeq: session.head, oldestSeq: session.oldestSeq, epoch: this.epoch } as const;
    const extra = sessionsSeq === undefined ? {} : { sessionsSeq };
    if (already !== undefined && asked <= already) return this.send({ ...subscribed, afterSeq: already, ...extra });
    const expired = asked < session.oldestSeq - 1;
    const afterSeq = expired ? session.oldestSeq - 1 : Math.min(asked, session.head);
    this.send({ ...subscribed, afterSeq, ...extra });
    if (expired) this.send({ type: 'cursor_expired', sessionId: session.id, afterSeq: asked, oldestSeq: session.oldestSeq, headSeq: session.head, epoch: this.epoch });
    c.position.set(session.id, afterSeq);
    for (const envelope of session.held) {
      if (envelope.seq > afterSeq) {
        c.position.set(session.id, envelope.seq);
        this.send({ type: 'event', envelope });
      }
    }
  }

  heartbeat(): void {
    const c = this.connection;
    if (!c?.authed) return;
    const heads: Record<string, number> = {};
    for (const id of c.position.keys()) heads[id] = this.sessions.get(id)!.head;
    this.send({ type: 'heartbeat', time: '2026-11-24T09:30:00.000Z', epoch: this.epoch, heads, ...(c.all ? { sessionsSeq: this.sessionsSeq } : {}) });
  }

  createSession(): void {
    const id = `sess-${this.sessions.size}`;
    const session: DaemonSession = { id, createdSeq: ++this.sessionsSeq, held: [], oldestSeq: 1, head: 0 };
    this.sessions.set(id, session);
    if (this.connection?.authed && this.connection.all) this.follow(session, 0, session.createdSeq);
  }

  emit(sessionIndex: number, kind: 'token' | 'stop' | 'unknown'): void {
    const sessions = [...this.sessions.values()];
    if (sessions.length === 0) return;
    const session = sessions[sessionIndex % sessions.length]!;
    const seq = ++session.head;
    const data = { token: `${this.epoch}/${session.id}/${seq}` };
    const event = kind === 'stop' ? 'turn.done' : kind === 'unknown' ? 'turn.hologram' : 'turn.token';
    const envelope = { event, seq, sessionId: session.id, turnId: 'turn-1', time: 't', data, ...(kind === 'stop' && { stats: { inputTokens: 1, outputTokens: 1, durationMs: 1, tokensPerSecond: 1, toolCalls: 0 } }) } as unknown as EventEnvelope;
    session.held.push(envelope);
    let byEpoch = this.truth.get(this.epoch);
    if (!byEpoch) this.truth.set(this.epoch, (byEpoch = new Map()));
    byEpoch.set(session.id, [...(byEpoch.get(session.id) ?? []), envelope]);
    const c = this.connection;
    if (c?.position.get(session.id) === seq - 1) {
      c.position.set(session.id, seq);
      this.send({ type: 'event', envelope });
    }
  }

  expire(sessionIndex: number, keep: number): void {
    const sessions = [...this.sessions.values()];
    if (sessions.length === 0) return;
    const session = sessions[sessionIndex % sessions.length]!;
    const drop = session.held.length - keep;
    if (drop <= 0) return;
    session.held = session.held.slice(drop);
    session.oldestSeq += drop;
  }

  restart(): void {
    this.epoch = `ep-${++this.epochNumber}`;
    this.sessionsSeq = 0;
    for (const session of this.sessions.values()) {
      session.held = [];
      session.oldestSeq = 1;
      session.head = 0;
      session.createdSeq = ++this.sessionsSeq;
    }
  }

  page(sessionId: string, afterSeq: number, limit: number) {
    const session = this.sessions.get(sessionId) ?? { held: [], oldestSeq: 1, head: 0 };
    if (afterSeq < session.oldestSeq - 1) return { type: 'expired' as const, oldestSeq: session.oldestSeq, epoch: this.epoch };
    const events = session.held.filter((e) => e.seq > afterSeq).slice(0, limit);
    const hasMore = (events.at(-1)?.seq ?? afterSeq) < session.head;
    return { type: 'page' as const, page: { events, headSeq: session.head, oldestSeq: session.oldestSeq, epoch: this.epoch, hasMore } };
  }
}

// ---- the actions a run is made of --------------------------------------------------------------

type Action =
  | { readonly kind: 'create' }
  | { readonly kind: 'emit'; readonly session: number; readonly event: 'token' | 'stop' | 'unknown'; readonly count: number }
  | { readonly kind: 'deliver'; readonly count: number }
  | { readonly kind: 'dropEvent' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'swap' }
  /** A hostile daemon: a bad frame slipped in before the next one. */
  | { readonly kind: 'insertBad' }
  /** An event frame that arrives mangled (lost; the gap rule must recover it). */
  | { readonly kind: 'mangleEvent' }
  | { readonly kind: 'disconnect'; readonly code: number }
  | { readonly kind: 'refuseNextOpen' }
  | { readonly kind: 'blackHole' }
  | { readonly kind: 'restart' }
  | { readonly kind: 'expire'; readonly session: number; readonly keep: number }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'answerFill'; readonly outcome: 'ok' | 'fail' | 'hang' }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'unsubscribe'; readonly session: number }
  /** `back`: a session new to the stream starts `back` events before the daemon's head (undefined: from seq 1). */
  | { readonly kind: 'subscribe'; readonly session: number; readonly back?: number | undefined };

const followAllActions = [
  { weight: 3, arbitrary: fc.constant({ kind: 'create' } as const) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('emit' as const), session: fc.nat(7), event: fc.constantFrom('token' as const, 'token' as const, 'token' as const, 'stop' as const, 'unknown' as const), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('deliver' as const), count: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'dropEvent' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'swap' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'insertBad' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'mangleEvent' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), code: fc.constantFrom(1006, 1001, 1011, 1012, 4429, 4408) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'refuseNextOpen' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'blackHole' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' } as const) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), session: fc.nat(7), keep: fc.nat(4) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.constantFrom(5, 50, 200, 700, 1500, 6000) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('answerFill' as const), outcome: fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'fail' as const, 'hang' as const) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'heartbeat' } as const) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), session: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), session: fc.nat(7) }) },
];
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(...followAllActions);

/**
 * follow: 'none': the application chooses its sessions — subscribe (from seq 1 or from a cursor
 * a few events before the head) and unsubscribe, more often than under 'all'.
 */
const followNoneActionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  ...followAllActions,
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), session: fc.nat(7), back: fc.option(fc.nat(4), { nil: undefined }) }, { requiredKeys: ['kind', 'session'] }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), session: fc.nat(7) }) },
);

// ---- driving the core -------------------------------------------------------------------------

const OPTIONS: Omit<CoreOptions, 'follow'> = {
  connectTimeoutMs: 10_000, pingAfterSilenceMs: 1000, pongTimeoutMs: 1200, deadLinkFactor: 2,
  fillPageSize: 4, fillTimeoutMs: 5000, backoff: { baseMs: 100, capMs: 1000 }, healthyAfterMs: 3000, canDiagnose: false, diagnoseTimeoutMs: 2500, errorEveryMs: 30_000,
};

type LogEntry =
  | { readonly kind: 'event'; readonly epoch: string; readonly envelope: EventEnvelope }
  /** follow 'none': the application subscribed a session new to the stream after `afterSeq` (in the epoch it knew). */
  | { readonly kind: 'start'; readonly epoch: string; readonly sessionId: string; readonly afterSeq: number }
  | { readonly kind: 'resync'; readonly info: ResyncInfo; readonly epochBefore: string };
interface PendingFill {
  readonly fillId: number;
  readonly sessionId: string;
  readonly afterSeq: number;
  readonly limit: number;
  hung: boolean;
}

class World {
  readonly daemon = new Daemon();
  readonly core: CoreState;
  /** The application's side: sessions it gave to subscribe() (follow 'none'), those it unsubscribed. */
  readonly subscribed = new Set<string>();
  readonly unsubscribed = new Set<string>();
  readonly log: LogEntry[] = [];
  readonly fills: PendingFill[] = [];
  readonly inbox: Input[] = [];
  now = 1000;
  refuseNextOpen = false;
  steps = 0;

  constructor(readonly follow: 'all' | 'none') {
    this.core = createState({ ...OPTIONS, follow });
  }

  /** Whether the application follows a session now: only those may reach its listeners. */
  follows(sessionId: string): boolean {
    if (this.unsubscribed.has(sessionId)) return false;
    return this.follow === 'all' || this.subscribed.has(sessionId);
  }

  input(input: Input): void {
    this.inbox.push(input);
    while (this.inbox.length > 0) {
      const next = this.inbox.shift()!;
      const epochBefore = this.core.epoch ?? '';
      const { effects } = step(this.core, next);
      this.steps++;
      for (const effect of effects) this.perform(effect, epochBefore);
    }
  }

  perform(effect: Effect, epochBefore: string): void {
    switch (effect.type) {
      case 'deliver':
        expect(this.follows(effect.envelope.sessionId), `${effect.envelope.sessionId} delivered while not followed`).toBe(true);
        this.log.push({ kind: 'event', epoch: this.core.epoch!, envelope: effect.envelope });
        return;
      case 'resync':
        expect(this.follows(effect.info.sessionId), `${effect.info.sessionId} resynced while not followed`).toBe(true);
        this.log.push({ kind: 'resync', info: effect.info, epochBefore });
        return;
      case 'open':
        if (this.refuseNextOpen) {
          this.refuseNextOpen = false;
          this.inbox.push({ type: 'socketCreated', connection: effect.connection, url: 'ws://model/v3/ws' });
          this.inbox.push({ type: 'socketClosed', connection: effect.connection, code: 1006, reason: 'refused', now: this.now, random: 0.5 });
          return;
        }
        this.daemon.accept(effect.connection);
        this.inbox.push({ type: 'socketCreated', connection: effect.connection, url: 'ws://model/v3/ws' });
        this.inbox.push({ type: 'socketOpened', connection: effect.connection });
        return;
      case 'sendAuth':
        if (this.daemon.connection?.id === effect.connection) this.daemon.authenticate();
        return;
      case 'send':
        this.daemon.receive(effect.frame);
        return;
      case 'closeSocket':
        this.daemon.connection = undefined;
        return;
      case 'fill':
        this.fills.push({ fillId: effect.fillId, sessionId: effect.sessionId, afterSeq: effect.afterSeq, limit: effect.limit, hung: false });
        return;
      case 'abortFill': {
        const index = this.fills.findIndex((f) => f.fillId === effect.fillId);
        if (index >= 0) this.fills.splice(index, 1);
        return;
      }
      case 'error':
      case 'state':
      case 'connected':
      case 'disconnected':
      case 'diagnose':
        return;
    }
  }

  deliverFrames(count: number): void {
    for (let i = 0; i < count; i++) {
      const c = this.daemon.connection;
      const wire = c?.queue.shift();
      if (!c || !wire) return;
      if (wire.kind === 'mangled') this.input({ type: 'badFrame', connection: c.id, error: new ProtocolError('invalid server frame: mangled', 'a frame') });
      else if (wire.frame.type === 'event') this.input({ type: 'event', connection: c.id, envelope: wire.frame.envelope });
      else this.input({ type: 'frame', connection: c.id, frame: wire.frame, now: this.now });
    }
  }

  answerFill(outcome: 'ok' | 'fail' | 'hang'): void {
    const fill = this.fills.find((f) => !f.hung);
    if (!fill) return;
    if (outcome === 'hang') {
      fill.hung = true;
      return;
    }
    this.fills.splice(this.fills.indexOf(fill), 1);
    const answer = outcome === 'fail' ? { type: 'failed' as const, error: new Error('HTTP 500') } : this.daemon.page(fill.sessionId, fill.afterSeq, fill.limit);
    this.input({ type: 'fillResult', fillId: fill.fillId, outcome: answer, now: this.now, random: 0.5 });
  }

  tick(ms: number): void {
    this.now += ms;
    this.input({ type: 'tick', now: this.now, random: 0.5 });
  }

  apply(action: Action): void {
    const c = this.daemon.connection;
    switch (action.kind) {
      case 'create':
        return this.daemon.createSession();
      case 'emit':
        for (let i = 0; i < action.count; i++) this.daemon.emit(action.session, i === action.count - 1 ? action.event : 'token');
        return;
      case 'deliver':
        return this.deliverFrames(action.count);
      case 'dropEvent': {
        const index = c?.queue.findIndex((w) => w.kind === 'frame' && w.frame.type === 'event') ?? -1;
        if (index >= 0) c!.queue.splice(index, 1);
        return;
      }
      case 'duplicate':
        if (c?.queue[0]) c.queue.unshift(c.queue[0]);
        return;
      case 'swap': {
        // Events may come reordered; control frames keep the daemon's order (a WebSocket is ordered).
        const isEvent = (w: Wire | undefined) => w?.kind === 'frame' && w.frame.type === 'event';
        const index = c?.queue.findIndex((w, i) => isEvent(w) && isEvent(c.queue[i + 1])) ?? -1;
        if (index >= 0) [c!.queue[index], c!.queue[index + 1]] = [c!.queue[index + 1]!, c!.queue[index]!];
        return;
      }
      case 'insertBad':
        c?.queue.unshift({ kind: 'mangled' });
        return;
      case 'mangleEvent': {
        const index = c?.queue.findIndex((w) => w.kind === 'frame' && w.frame.type === 'event') ?? -1;
        if (index >= 0) c!.queue[index] = { kind: 'mangled' };
        return;
      }
      case 'disconnect':
        if (!c) return;
        this.daemon.connection = undefined;
        return this.input({ type: 'socketClosed', connection: c.id, code: action.code, reason: 'model', now: this.now, random: 0.5 });
      case 'refuseNextOpen':
        this.refuseNextOpen = true;
        return;
      case 'blackHole':
        if (c) {
          c.blackHole = true;
          c.queue = [];
        }
        return;
      case 'restart': {
        this.daemon.restart();
        if (!c) return;
        this.daemon.connection = undefined;
        return this.input({ type: 'socketClosed', connection: c.id, code: 1012, reason: 'restart', now: this.now, random: 0.5 });
      }
      case 'expire':
        return this.daemon.expire(action.session, action.keep);
      case 'tick':
        return this.tick(action.ms);
      case 'answerFill':
        return this.answerFill(action.outcome);
      case 'heartbeat':
        return this.daemon.heartbeat();
      case 'unsubscribe':
      case 'subscribe': {
        const sessions = [...this.daemon.sessions.keys()];
        if (sessions.length === 0) return;
        const sessionId = sessions[action.session % sessions.length]!;
        if (action.kind === 'unsubscribe') return this.unsubscribe(sessionId);
        return this.subscribe(sessionId, action.back);
      }
    }
  }

  /**
   * The application's subscribe(): a session new to the stream (follow 'none') may start from a
   * cursor the application holds — a few events before the head, when it knows the daemon's epoch.
   */
  subscribe(sessionId: string, back: number | undefined): void {
    let afterSeq = 0;
    if (this.follow === 'none' && !this.subscribed.has(sessionId)) {
      const head = this.daemon.sessions.get(sessionId)!.head;
      if (back !== undefined && this.core.epoch === this.daemon.epoch) afterSeq = Math.max(0, head - back);
      this.subscribed.add(sessionId);
      this.log.push({ kind: 'start', epoch: this.core.epoch ?? '', sessionId, afterSeq });
    }
    this.unsubscribed.delete(sessionId);
    this.input({ type: 'subscribe', sessionId, afterSeq });
  }

  unsubscribe(sessionId: string): void {
    this.unsubscribed.add(sessionId);
    this.input({ type: 'unsubscribe', sessionId });
  }

  /** Every session the application follows is at its head, in the daemon's current epoch, on an open, quiet link. */
  settled(): boolean {
    const c = this.daemon.connection;
    if (this.core.phase !== 'open' || !c || c.blackHole || c.queue.length > 0 || this.fills.length > 0) return false;
    if (this.core.epoch !== this.daemon.epoch) return false;
    for (const session of this.daemon.sessions.values()) {
      if (!this.follows(session.id)) continue;
      if ((this.core.sessions.get(session.id)?.cursor ?? 0) !== session.head) return false;
    }
    return true;
  }

  /** No more faults: deliver, answer, beat and let time pass until everything has arrived. */
  heal(): void {
    this.refuseNextOpen = false;
    // Follow every session again: an unsubscribed one resumes from its frozen cursor.
    for (const sessionId of [...this.unsubscribed]) this.subscribe(sessionId, undefined);
    if (this.follow === 'all') for (const session of [...this.core.sessions.values()]) if (!session.followed) this.input({ type: 'subscribe', sessionId: session.sessionId, afterSeq: 0 });
    for (let round = 0; round < 3000 && !this.settled(); round++) {
      const c = this.daemon.connection;
      if (c && c.queue.length > 0) this.deliverFrames(c.queue.length);
      else if (this.fills.some((f) => !f.hung)) this.answerFill('ok');
      else {
        this.daemon.heartbeat();
        if ((c?.queue.length ?? 0) > 0) this.deliverFrames(c!.queue.length);
        if (!this.settled()) this.tick(Math.max(1, (this.core.wakeAt ?? this.now + 100) - this.now));
      }
    }
  }
}

/** The application's log against the daemon's truth (the same walk as the chaos test's). */
function checkLog(world: World): void {
  const expected = new Map<string, number>(); // `${epoch} ${sessionId}` -> next seq
  const key = (epoch: string, sessionId: string) => `${epoch} ${sessionId}`;
  for (const entry of world.log) {
    if (entry.kind === 'start') {
      const k = key(entry.epoch, entry.sessionId);
      if (!expected.has(k)) expected.set(k, entry.afterSeq + 1);
    } else if (entry.kind === 'event') {
      const { envelope, epoch } = entry;
      const k = key(epoch, envelope.sessionId);
      const next = expected.get(k) ?? 1;
      expect(envelope.seq, `${k}: in order, once`).toBe(next);
      // Never replaced: the very event the daemon emitted with this seq.
      expect(envelope).toBe(world.daemon.truth.get(epoch)?.get(envelope.sessionId)?.[envelope.seq - 1]);
      expected.set(k, next + 1);
    } else if (entry.info.reason === 'cursor_expired') {
      const k = key(entry.info.epoch, entry.info.sessionId);
      expect(entry.info.fromSeq, `${k}: a resync starts at the cursor`).toBe(expected.get(k) ?? 1);
      expect(entry.info.toSeq!).toBeGreaterThanOrEqual(entry.info.fromSeq);
      expected.set(k, entry.info.toSeq! + 1);
    } else {
      const k = key(entry.info.previousEpoch ?? entry.epochBefore, entry.info.sessionId);
      expect(entry.info.fromSeq, `${k}: an epoch change starts at the cursor`).toBe(expected.get(k) ?? 1);
      expected.set(k, Number.POSITIVE_INFINITY); // that life is closed
    }
  }
  for (const [epoch, sessions] of world.daemon.truth) {
    for (const [sessionId, events] of sessions) {
      const next = expected.get(key(epoch, sessionId)) ?? 1;
      if (epoch === world.daemon.epoch) {
        if (!world.follows(sessionId)) expect(expected.has(key(epoch, sessionId)), `${epoch} ${sessionId}: never followed, nothing delivered`).toBe(false);
        else expect(next, `${epoch} ${sessionId}: complete`).toBe(events.length + 1);
      }
      // An older life: everything up to the restart delivered, or closed by the epoch's resync.
      // (A session the client never heard of in that life — its `subscribed` was still on the
      // wire when the daemon restarted and lost its buffer — cannot be announced: no key.)
      else if (expected.has(key(epoch, sessionId))) {
        expect(next === events.length + 1 || next === Number.POSITIVE_INFINITY, `${epoch} ${sessionId}: delivered or announced (next ${next} of ${events.length})`).toBe(true);
      }
    }
  }
}

const RUNS = Number(process.env["MODEL_RUNS"] ?? 1000);
const MAX_ACTIONS = 300;

/** One property run: connect, the actions, heal; the log checked. Returns the core steps taken and the events delivered. */
function runModel(follow: 'all' | 'none', run: readonly Action[]): { steps: number; delivered: number } {
  const world = new World(follow);
  world.input({ type: 'connect', now: world.now });
  world.deliverFrames(10); // auth_ok and the answer to subscribe_all: the client knows the collection
  for (const action of run) world.apply(action);
  world.heal();
  expect(world.settled(), 'settles once the network heals').toBe(true);
  checkLog(world);
  return { steps: world.steps, delivered: world.log.filter((entry) => entry.kind === 'event').length };
}

describe('the production core against a reference daemon (model-based)', () => {
  const cases = [
    { follow: 'all', actions: actionArbitrary, what: 'follow: all' },
    { follow: 'none', actions: followNoneActionArbitrary, what: "follow: 'none', subscribe/unsubscribe of chosen sessions (some from a cursor)" },
  ] as const;
  for (const { follow, actions: arbitrary, what } of cases) {
    it(`${what}: every event once and in order, or announced by resync; none of a session not followed (${RUNS} runs × up to ${MAX_ACTIONS} actions)`, () => {
      let actions = 0;
      let steps = 0;
      let delivered = 0;
      fc.assert(
        fc.property(fc.array(arbitrary, { minLength: 10, maxLength: MAX_ACTIONS, size: 'max' }), (run) => {
          const result = runModel(follow, run);
          steps += result.steps;
          delivered += result.delivered;
          actions += run.length;
        }),
        { numRuns: RUNS },
      );
      console.log(`model (follow ${follow}): ${RUNS} runs, ${actions} actions, ${steps} core steps, ${delivered} events delivered`);
      expect(delivered, 'the runs deliver events at all').toBeGreaterThan(RUNS);
    }, 120_000);
  }
});
