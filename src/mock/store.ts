/**
 * The mock's state: sessions, turns and each session's events. Seqs are assigned here and only
 * here (+1 per session from 1, under one epoch), and each session keeps a bounded replay buffer,
 * so REST polling and WebSocket replay read the same truth. Listeners learn about new events
 * and sessions synchronously, which keeps WebSocket delivery in seq order without queues.
 */
import { EventEmitter } from 'node:events';
import type { components } from '../../generated/openapi.js';
import type { EventEnvelope, TurnStats, TurnErrorData } from '../../generated/events.js';
import { newEpoch, newSessionId, newTurnId } from './ids.js';

export type Session = components['schemas']['Session'];
export type Turn = components['schemas']['Turn'];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An envelope before the store numbers it. */
export type NewEvent = DistributiveOmit<EventEnvelope, 'seq' | 'sessionId' | 'time'>;

export interface SessionRecord {
  readonly session: Mutable<Session>;
  /** Creation order, for newest-first listing. */
  readonly order: number;
  /**
   * Its number in the collection cursor (`sessionsSeq`): the count of sessions created in this
   * epoch when it was created (a restart numbers the survivors first, in creation order).
   */
  createdSeq: number;
  readonly turns: Map<string, Mutable<Turn>>;
  /** Held events, oldest first; `events[0].seq === oldestSeq` when not empty. */
  events: EventEnvelope[];
  /** Idempotency-Key → the turn it created and the body that created it. */
  readonly idempotency: Map<string, { turnId: string; body: string; at: number }>;
}

export interface StoreEvents {
  event: [EventEnvelope];
  session: [SessionRecord];
}

/** Idempotency keys are remembered this long (the contract's 24 hours). */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export class Store extends EventEmitter<StoreEvents> {
  epoch = newEpoch();
  readonly sessions = new Map<string, SessionRecord>();
  /** The collection cursor: sessions created in this epoch (the contract's `sessionsSeq`). */
  sessionsSeq = 0;
  private counter = 0;

  constructor(private readonly bufferSize: number) {
    super();
    // Every WebSocket connection listens; the default cap of 10 would warn under load.
    this.setMaxListeners(0);
  }

  createSession(input: { mode: Session['mode']; model: string; title?: string }): SessionRecord {
    const now = new Date().toISOString();
    const rec: SessionRecord = {
      session: {
        id: newSessionId(), mode: input.mode, model: input.model, title: input.title ?? null, status: 'active',
        createdAt: now, updatedAt: now, headSeq: 0, turnCount: 0, activeTurnId: null,
      },
      order: this.counter++,
      createdSeq: ++this.sessionsSeq,
      turns: new Map(),
      events: [],
      idempotency: new Map(),
    };
    this.sessions.set(rec.session.id, rec);
    this.emit('session', rec);
    return rec;
  }

  get(sessionId: string): SessionRecord | undefined {
    return this.sessions.get(sessionId);
  }

  /** Sessions newest first. */
  list(): SessionRecord[] {
    return [...this.sessions.values()].sort((a, b) => b.order - a.order);
  }

  createTurn(rec: SessionRecord, content: string): Mutable<Turn> {
    const turn: Mutable<Turn> = {
      id: newTurnId(), sessionId: rec.session.id, status: 'queued', content, createdAt: new Date().toISOString(),
      startedAt: null, completedAt: null, firstSeq: null, lastSeq: null, stats: null, error: null,
    };
    rec.turns.set(turn.id, turn);
    rec.session.turnCount += 1;
    rec.session.activeTurnId = turn.id;
    rec.session.updatedAt = turn.createdAt;
    return turn;
  }

  rememberKey(rec: SessionRecord, key: string, turnId: string, body: string): void {
    rec.idempotency.set(key, { turnId, body, at: Date.now() });
  }

  recallKey(rec: SessionRecord, key: string): { turnId: string; body: string } | undefined {
    const hit = rec.idempotency.get(key);
    if (hit && Date.now() - hit.at > IDEMPOTENCY_TTL_MS) {
      rec.idempotency.delete(key);
      return undefined;
    }
    return hit;
  }

  /** Numbers, stores and announces one event; keeps the turn's firstSeq/lastSeq current. */
  append(rec: SessionRecord, ev: NewEvent): EventEnvelope {
    const seq = rec.session.headSeq + 1;
    const time = new Date().toISOString();
    const envelope = { ...ev, seq, sessionId: rec.session.id, time } as EventEnvelope;
    rec.session.headSeq = seq;
    rec.session.updatedAt = time;
    rec.events.push(envelope);
    // Trim in chunks so a full buffer does not shift the array on every event.
    if (rec.events.length > this.bufferSize + Math.min(1024, this.bufferSize)) rec.events = rec.events.slice(-this.bufferSize);
    const turn = envelope.turnId === null ? undefined : rec.turns.get(envelope.turnId);
    if (turn) {
      turn.firstSeq ??= seq;
      if (envelope.event === 'turn.done' || envelope.event === 'turn.error' || envelope.event === 'session.cancelled') turn.lastSeq = seq;
    }
    this.emit('event', envelope);
    return envelope;
  }

  /** Oldest seq still held (`headSeq + 1` when none is held), per the contract. */
  oldestSeq(rec: SessionRecord): number {
    const held = this.held(rec);
    return held[0]?.seq ?? rec.session.headSeq + 1;
  }

  /** The held events (the buffer may hold a few extra between trims; they are not served). */
  held(rec: SessionRecord): EventEnvelope[] {
    const extra = rec.events.length - this.bufferSize;
    return extra > 0 ? rec.events.slice(extra) : rec.events;
  }

  /** Events with seq > afterSeq, at most `limit`; `expired` when the cursor is older than the buffer. */
  after(rec: SessionRecord, afterSeq: number, limit: number): { events: EventEnvelope[]; expired: boolean; hasMore: boolean } {
    const oldest = this.oldestSeq(rec);
    if (afterSeq < oldest - 1) return { events: [], expired: true, hasMore: false };
    const held = this.held(rec);
    const start = held.length === 0 ? 0 : Math.max(0, afterSeq + 1 - oldest);
    const events = held.slice(start, start + limit);
    const last = events.at(-1)?.seq ?? afterSeq;
    return { events, expired: false, hasMore: last < rec.session.headSeq && afterSeq < rec.session.headSeq };
  }

  finishTurn(rec: SessionRecord, turn: Mutable<Turn>, status: 'done' | 'error' | 'cancelled', extra: { stats?: TurnStats; error?: TurnErrorData } = {}): void {
    turn.status = status;
    turn.completedAt = new Date().toISOString();
    if (extra.stats) turn.stats = extra.stats;
    if (extra.error) turn.error = extra.error;
    if (rec.session.activeTurnId === turn.id) rec.session.activeTurnId = null;
    rec.session.updatedAt = turn.completedAt;
  }

  /**
   * A daemon restart as clients see it: the event buffers are gone and a new epoch begins.
   * Sessions and turns survive (as if persisted) and their seqs start again from 1, so old
   * cursors are above the new heads — the case the contract tells clients to detect by epoch.
   */
  resetEpoch(): void {
    this.epoch = newEpoch();
    this.sessionsSeq = 0;
    for (const rec of this.sessions.values()) {
      rec.events = [];
      rec.session.headSeq = 0;
      // Their seqs restart: to a client that saw the epoch change they are new sessions.
      rec.createdSeq = ++this.sessionsSeq;
    }
  }
}
