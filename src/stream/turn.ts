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

const PENDING = Symbol('pending');

/**
 * Iterates one session's events in seq order. Ends when the stream closes (done), throws when
 * it closed on a fatal error or the signal aborted. Stop events are yielded, not terminal (a
 * session has many turns). On an epoch change seqs restart and iteration goes on. Events before
 * the stream's cursor are read over REST; if those are gone (410) next() throws that error.
 */
export class SessionStream<T = EventEnvelope> implements AsyncIterableIterator<T> {
  readonly sessionId: string;
  protected readonly es: EventStream;
  #q: T[] = [];
  #qi = 0;
  #wait: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  #ended = false;
  #error: unknown;
  #last: number;
  /** Live events that arrived while older ones were read from REST. */
  #held: EventEnvelope[] | undefined;
  #cleanup: (() => void)[] = [];

  constructor(es: EventStream, sessionId: string, options: SessionStreamOptions = {}) {
    this.es = es;
    this.sessionId = sessionId;
    const known = es.cursor(sessionId);
    const afterSeq = options.afterSeq ?? known ?? 0;
    es.subscribe(sessionId, { afterSeq });
    this.#last = afterSeq;
    const onEvent = (env: EventEnvelope): void => {
      if (env.sessionId !== sessionId) return;
      if (this.#held) this.#held.push(env);
      else this.#offer(env);
    };
    const onResync = (info: ResyncInfo): void => {
      if (info.sessionId === sessionId) this.onResync(info);
    };
    const onState = (st: StreamState): void => {
      if (st.type === 'closed') this.fail(st.error ?? new StreamClosedError('stream closed'), !st.error);
    };
    es.on('event', onEvent).on('resync', onResync).on('state', onState);
    this.#cleanup.push(() => es.off('event', onEvent).off('resync', onResync).off('state', onState));
    const signal = options.signal;
    if (signal) {
      const onAbort = (): void => this.fail(signal.reason, false);
      if (signal.aborted) queueMicrotask(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
      this.#cleanup.push(() => signal.removeEventListener('abort', onAbort));
    }
    if (es.state.type === 'closed') queueMicrotask(() => onState(es.state));
    const cursor = es.cursor(sessionId) ?? 0;
    if (afterSeq < cursor) this.#backfill(afterSeq, cursor);
  }

  /** Reads (afterSeq, upTo] over REST — the stream already delivered those before we listened. */
  #backfill(afterSeq: number, upTo: number): void {
    this.#held = [];
    const run = async (): Promise<void> => {
      let from = afterSeq;
      while (from < upTo && !this.#ended) {
        const page = await this.es.fetchEvents(this.sessionId, from, 500);
        for (const env of page.events) if (env.seq <= upTo) this.#offer(env);
        const last = page.events.at(-1)?.seq;
        if (last === undefined || !page.hasMore) break;
        from = last;
      }
    };
    run().then(
      () => {
        const held = this.#held ?? [];
        this.#held = undefined;
        for (const env of held) this.#offer(env);
      },
      (err: unknown) => this.fail(err, false),
    );
  }

  #offer(env: EventEnvelope): void {
    if (this.#ended || env.seq <= this.#last) return;
    this.#last = env.seq;
    this.accept(env);
  }

  /** Decides what to do with the next event in order (overridden by TurnStream). */
  protected accept(env: EventEnvelope): void {
    this.push(env as T);
  }

  protected onResync(info: ResyncInfo): void {
    if (info.reason === 'epoch_changed') this.#last = info.cursor; // seqs restart
  }

  protected push(item: T): void {
    if (this.#ended) return;
    const w = this.#wait;
    if (w) {
      this.#wait = undefined;
      w.resolve({ value: item, done: false });
    } else this.#q.push(item);
  }

  /** Ends the iteration: after the queued items, done (clean) or the error. */
  protected fail(error: unknown, clean: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    if (!clean) this.#error = error;
    this.#release();
    const w = this.#wait;
    this.#wait = undefined;
    if (w && this.#qi >= this.#q.length) {
      if (clean) w.resolve({ value: undefined, done: true });
      else w.reject(error);
    }
    this.onEnd(clean ? undefined : error);
  }

  /** Finished normally (TurnStream: after the stop event). */
  protected finish(): void {
    this.fail(undefined, true);
  }

  protected onEnd(_error: unknown): void {}

  #release(): void {
    for (const c of this.#cleanup.splice(0)) c();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#qi < this.#q.length) {
      const value = this.#q[this.#qi++]!;
      if (this.#qi > 1024 && this.#qi * 2 > this.#q.length) {
        this.#q = this.#q.slice(this.#qi);
        this.#qi = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) {
      return this.#error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.#error);
    }
    return new Promise((resolve, reject) => (this.#wait = { resolve, reject }));
  }

  /** `break` out of for-await: listeners removed, queue dropped. */
  return(): Promise<IteratorResult<T>> {
    this.#q = [];
    this.#qi = 0;
    this.#error = undefined;
    this.fail(undefined, true);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
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
  #turnId: string | typeof PENDING | undefined;
  #pending: EventEnvelope[] = [];
  #text = '';
  #stop: StopEvent | undefined;
  readonly #end: Promise<StopEvent>;
  #settle!: { resolve: (s: StopEvent) => void; reject: (e: unknown) => void };
  /** Started by streamTurn (listening before the turn exists). */
  #lenient: boolean;
  /** An event of this turn arrived. */
  #started = false;

  constructor(es: EventStream, sessionId: string, options: TurnStreamOptions & { pending?: boolean } = {}) {
    super(es, sessionId, options);
    this.#turnId = options.pending ? PENDING : options.turnId;
    this.#lenient = options.pending === true;
    this.#end = new Promise<StopEvent>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#end.catch(() => {}); // observed through finalText()/done only if asked for
  }

  /** The turn id (undefined until known). */
  get turnId(): string | undefined {
    return typeof this.#turnId === 'string' ? this.#turnId : undefined;
  }

  /** `turn.done` stats once the turn completed. */
  get stats(): TurnStats | undefined {
    return this.#stop?.event === 'turn.done' ? this.#stop.stats : undefined;
  }

  /** The stop event once it arrived. */
  get stopEvent(): StopEvent | undefined {
    return this.#stop;
  }

  /** Resolves with the stop event (whether or not anyone iterates). */
  get done(): Promise<StopEvent> {
    return this.#end;
  }

  /** Resolves with every `turn.token` of the turn concatenated, once the stop event arrived. */
  async finalText(): Promise<string> {
    await this.#end;
    return this.#text;
  }

  /** Names the turn once its id is known (streamTurn: after submit answered). */
  bind(turnId: string): void {
    this.#turnId = turnId;
    this.#replayPending();
  }

  /** The turn could not start (submit failed): iteration throws this error. */
  abort(error: unknown): void {
    this.fail(error, false);
  }

  #replayPending(): void {
    const p = this.#pending;
    this.#pending = [];
    for (const env of p) this.accept(env);
  }

  protected override accept(env: EventEnvelope): void {
    if (this.#stop) return;
    if (this.#turnId === PENDING) {
      this.#pending.push(env); // before submit answered: we do not know which turn is ours yet
      return;
    }
    if (this.#turnId === undefined) {
      if (env.turnId === null) return;
      this.#turnId = env.turnId;
    }
    if (env.turnId !== this.#turnId) return;
    this.#started = true;
    if (env.event === 'turn.token') this.#text += env.data.token;
    this.push(env);
    if (isStopEvent(env)) {
      this.#stop = env;
      this.#settle.resolve(env);
      this.finish();
    }
  }

  protected override onResync(info: ResyncInfo): void {
    super.onResync(info); // seqs restart on an epoch change
    if (this.#stop) return;
    // streamTurn listens before submitting, so a loss reported before its turn's first event is
    // older history: an expired range, or the previous daemon life (a submit racing a restart
    // lands in the new one). Only a loss after the turn began can cut it.
    if (this.#lenient && !this.#started) return;
    this.fail(new ResyncError(info), false);
  }

  protected override onEnd(error: unknown): void {
    if (this.#stop) return;
    this.#settle.reject(error ?? new StreamClosedError('turn stream ended before its stop event'));
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
  const ts = new TurnStream(es, sessionId, { ...options, pending: true });
  submit().then(
    (turn) => ts.bind(turn.id),
    (err: unknown) => ts.abort(err),
  );
  return ts;
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
export function cancelSession(
  es: EventStream,
  sessionId: string,
  cancel: () => Promise<unknown>,
  options: SessionStreamOptions = {},
): Promise<SessionCancelledEvent> {
  const it = new SessionStream(es, sessionId, options);
  const seen = (async () => {
    for await (const env of it) if (env.event === 'session.cancelled') return env;
    throw new StreamClosedError('stream ended before session.cancelled');
  })();
  const sent = cancel().then(
    () => new Promise<never>(() => {}),
    (err: unknown) => {
      void it.return();
      throw err;
    },
  );
  return Promise.race([seen, sent]).finally(() => void it.return());
}

