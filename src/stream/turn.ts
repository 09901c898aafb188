/**
 * Async iterators over an EventStream: a session (until closed/aborted) or one turn (until its
 * stop event). Each keeps its own seq so it can start before the stream's cursor (older events
 * come from REST) and never yields an event twice. No Promise per event unless the consumer waits.
 */
import type { EventEnvelope, SessionCancelledEvent, StopEvent, TurnStats } from '../../generated/events.js';
import type { EventStream, StreamState } from './connection.js';
import { ResyncError, StreamClosedError, type ResyncInfo } from './errors.js';
import { isStopEvent } from './stop-events.js';

export interface SessionStreamOptions {
  /** Yield events with seq > afterSeq (default: the stream's cursor, i.e. from now on; 0 if it does not know the session). */
  readonly afterSeq?: number;
  /** Aborting ends the iteration by throwing signal.reason from next(). */
  readonly signal?: AbortSignal;
}

const DONE = { value: undefined, done: true } as const;
const noop = (): void => {};

/**
 * Iterates one session's events in seq order. Ends when the stream closes (done), throws when
 * it closed on a fatal error or the signal aborted. Stop events are yielded, not terminal (a
 * session has many turns). On an epoch change seqs restart and iteration goes on. Events before
 * the stream's cursor are read over REST; if those are gone (410) next() throws that error.
 */
export class SessionStream<T = EventEnvelope> implements AsyncIterableIterator<T> {
  readonly sessionId: string;
  readonly #stream: EventStream;
  readonly #signal: AbortSignal | undefined;
  #queue: T[] = [];
  /** Index of the next item of the queue for next(). */
  #head = 0;
  /** A next() waiting for an item (resolved with a rejected promise to throw). */
  #waiting: ((result: IteratorResult<T> | Promise<never>) => void) | undefined;
  #ended = false;
  #error: unknown;
  /** Seq of the last event taken (this iterator's own cursor). */
  #lastSeq: number;
  /** Live events that arrive while older ones are read from REST. */
  #held: EventEnvelope[] | undefined;

  constructor(stream: EventStream, sessionId: string, options: SessionStreamOptions = {}) {
    this.sessionId = sessionId;
    this.#stream = stream;
    this.#signal = options.signal;
    const afterSeq = options.afterSeq ?? stream.cursor(sessionId) ?? 0;
    this.#lastSeq = afterSeq;
    stream.subscribe(sessionId, { afterSeq });
    stream.on('event', this.#onEvent).on('resync', this.#onResync).on('state', this.#onState);
    this.#signal?.addEventListener('abort', this.#onAbort); // removed by end()
    // Already over: end once the constructor (and a subclass's) has finished.
    queueMicrotask(() => {
      this.#onState(stream.state); // (ends only if closed)
      if (this.#signal?.aborted) this.#onAbort();
    });
    // The stream already delivered (afterSeq, upTo] before we listened: read those over REST.
    const upTo = stream.cursor(sessionId) ?? afterSeq;
    if (afterSeq < upTo) this.#readDelivered(upTo).catch((error: unknown) => this.end(error));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#queue.length) {
      const value = this.#queue[this.#head++]!;
      // Drop taken items now and then, so a long-lived queue does not keep them all.
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve(this.#result());
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** `break` out of for-await: listeners removed, queue dropped. */
  return(): Promise<IteratorResult<T>> {
    this.end();
    this.#queue = [];
    this.#head = 0;
    this.#error = undefined;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  // ---- for TurnStream -------------------------------------------------------------------------

  /** Takes the next event in order (TurnStream: only its turn's). */
  protected accept(envelope: EventEnvelope): void {
    this.push(envelope as T);
  }

  /** The session lost events (see ResyncInfo); a SessionStream goes on. */
  protected handleResync(_info: ResyncInfo): void {}

  /** The iteration ended (`error` undefined: normally). */
  protected handleEnd(_error: unknown): void {}

  /** Queues an item for next() (or hands it to a waiting next()). */
  protected push(item: T): void {
    if (this.#ended) return;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting({ value: item, done: false });
    else this.#queue.push(item);
  }

  /** Ends the iteration once: after the queued items, done (no error) or next() throws `error`. */
  protected end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#stream.off('event', this.#onEvent).off('resync', this.#onResync).off('state', this.#onState);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    // A waiting next() means the queue is empty.
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(this.#result());
    this.handleEnd(error);
  }

  // ---- internals ------------------------------------------------------------------------------

  async #readDelivered(upTo: number): Promise<void> {
    this.#held = [];
    while (this.#lastSeq < upTo && !this.#ended) {
      const from = this.#lastSeq;
      const page = await this.#stream.fetchEvents(this.sessionId, from, 500);
      for (const envelope of page.events) if (envelope.seq <= upTo) this.#offer(envelope);
      if (!page.hasMore || this.#lastSeq === from) break;
    }
    const held = this.#held;
    this.#held = undefined;
    for (const envelope of held) this.#offer(envelope);
  }

  #offer(envelope: EventEnvelope): void {
    if (this.#ended || envelope.seq <= this.#lastSeq) return;
    this.#lastSeq = envelope.seq;
    this.accept(envelope);
  }

  /** How an ended iteration answers: done, or its error. */
  #result(): IteratorResult<T> | Promise<never> {
    return this.#error === undefined ? DONE : Promise.reject(this.#error);
  }

  readonly #onEvent = (envelope: EventEnvelope): void => {
    if (envelope.sessionId !== this.sessionId) return;
    if (this.#held) this.#held.push(envelope);
    else this.#offer(envelope);
  };

  readonly #onResync = (info: ResyncInfo): void => {
    if (info.sessionId !== this.sessionId) return;
    if (info.reason === 'epoch_changed') this.#lastSeq = info.cursor; // seqs restart
    this.handleResync(info);
  };

  /** Closed without an error: the iteration is done (TurnStream: its `done` rejects, see handleEnd). */
  readonly #onState = (state: StreamState): void => {
    if (state.type === 'closed') this.end(state.error);
  };

  readonly #onAbort = (): void => {
    this.end(this.#signal!.reason);
  };
}

export interface TurnStreamOptions extends SessionStreamOptions {
  /** The turn to follow; omitted: the first turn seen after afterSeq (attach). */
  readonly turnId?: string;
}

/**
 * Iterates one turn: its events in order, ending after its stop event (one per turn). Meanwhile
 * it collects the text (`finalText()`) and the `turn.done` stats. If the session loses events
 * (resync) while the turn is open, it throws ResyncError: the tail may be gone, reload the turn.
 * (A streamTurn ignores losses reported before its turn's first event: it listened before
 * submitting, so they are older history. Residual risk: a turn accepted by a daemon that then
 * restarts before emitting anything never ends — pass a `signal` with a timeout.)
 */
export class TurnStream extends SessionStream<EventEnvelope> {
  /** Resolves with the stop event (whether or not anyone iterates). */
  readonly done: Promise<StopEvent>;
  #turnId: string | undefined;
  #text = '';
  #stop: StopEvent | undefined;
  /** streamTurn before submit answered: the events seen so far (we do not know which turn is ours yet). */
  #pending: EventEnvelope[] | undefined;
  /** streamTurn until its turn's first event: a loss reported now is older history. */
  #lenient: boolean;
  /** Settles `done` (with a rejected promise to reject it). */
  #settle!: (stop: StopEvent | Promise<never>) => void;

  /**
   * `submit` (streamTurn): starts the turn once this iterator listens; its answer names the turn,
   * and if it rejects, iteration throws its error.
   */
  constructor(stream: EventStream, sessionId: string, options: TurnStreamOptions & { submit?: () => Promise<{ readonly id: string }> } = {}) {
    super(stream, sessionId, options);
    this.#turnId = options.turnId;
    this.#pending = options.submit ? [] : undefined;
    this.#lenient = options.submit !== undefined;
    this.done = new Promise<StopEvent>((resolve) => {
      this.#settle = resolve;
    });
    this.done.catch(noop); // observed through finalText()/done only if asked for
    options.submit?.().then(
      (turn) => this.#bind(turn.id),
      (error: unknown) => this.end(error), // the turn could not start
    );
  }

  /** Names the turn once its id is known (streamTurn: after submit answered). */
  #bind(turnId: string): void {
    this.#turnId = turnId;
    const seen = this.#pending ?? [];
    this.#pending = undefined;
    for (const envelope of seen) this.accept(envelope);
  }

  /** The turn id (undefined until known). */
  get turnId(): string | undefined {
    return this.#turnId;
  }

  /** `turn.done` stats once the turn completed. */
  get stats(): TurnStats | undefined {
    return (this.#stop as { stats?: TurnStats } | undefined)?.stats; // only turn.done has them
  }

  /** The stop event once it arrived. */
  get stopEvent(): StopEvent | undefined {
    return this.#stop;
  }

  /** Resolves with every `turn.token` of the turn concatenated, once the stop event arrived. */
  async finalText(): Promise<string> {
    await this.done;
    return this.#text;
  }

  protected override accept(envelope: EventEnvelope): void {
    if (this.#stop) return;
    if (this.#pending) {
      this.#pending.push(envelope);
      return;
    }
    this.#turnId ??= envelope.turnId ?? undefined; // attach: the first turn seen
    if (envelope.turnId !== this.#turnId) return;
    this.#lenient = false;
    if (envelope.event === 'turn.token') this.#text += envelope.data.token;
    this.push(envelope);
    if (isStopEvent(envelope)) {
      this.#stop = envelope;
      this.#settle(envelope);
      this.end();
    }
  }

  // streamTurn listens before submitting, so a loss reported before its turn's first event is
  // older history: an expired range, or the previous daemon life (a submit racing a restart
  // lands in the new one). Only a loss after the turn began can cut it.
  protected override handleResync(info: ResyncInfo): void {
    if (!this.#lenient) this.end(new ResyncError(info));
  }

  protected override handleEnd(error: unknown): void {
    if (!this.#stop) this.#settle(Promise.reject(error ?? new StreamClosedError('turn stream ended before its stop event')));
  }
}

/**
 * Follows the turn that `submit` starts: the stream subscribes BEFORE submitting, so no event is
 * missed, then keeps the events whose turnId is the submitted turn's. Returns at once; iterate
 * it, or await `finalText()`. `afterSeq` (e.g. the session's headSeq) avoids replaying an old
 * session the stream does not know yet.
 */
export function streamTurn(
  es: EventStream,
  sessionId: string,
  submit: () => Promise<{ readonly id: string }>,
  options: SessionStreamOptions = {},
): TurnStream {
  return new TurnStream(es, sessionId, { ...options, submit });
}

/**
 * Picks up a turn that is running elsewhere (another process, a reloaded page): the first turn
 * with events after `afterSeq` (or `turnId` if given), until its stop event.
 */
export function attach(es: EventStream, sessionId: string, options: TurnStreamOptions = {}): TurnStream {
  return new TurnStream(es, sessionId, options);
}

/**
 * Cancels a session and resolves when its `session.cancelled` arrives (listening starts before
 * `cancel` is called). Only a cancel after the stream's cursor — or `afterSeq` for a session the
 * stream does not know — counts. Rejects when the stream closes, the signal aborts, or `cancel` rejects.
 */
export async function cancelSession(
  es: EventStream,
  sessionId: string,
  cancel: () => Promise<unknown>,
  options: SessionStreamOptions = {},
): Promise<SessionCancelledEvent> {
  const iterator = new SessionStream(es, sessionId, options);
  let failure: unknown = new StreamClosedError('stream ended before session.cancelled');
  // A failed cancel ends the iteration below with its error.
  cancel().catch((error: unknown) => {
    failure = error;
    void iterator.return();
  });
  for await (const envelope of iterator) if (envelope.event === 'session.cancelled') return envelope;
  throw failure;
}
