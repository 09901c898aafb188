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
 *
 * The state lives in the constructor's closure (local names minify to one letter; this is
 * browser-bundle code): next/return and the subclass hooks are closures over it.
 */
export class SessionStream<T = EventEnvelope> implements AsyncIterableIterator<T> {
  declare readonly sessionId: string;
  declare readonly next: () => Promise<IteratorResult<T>>;
  /** `break` out of for-await: listeners removed, queue dropped. */
  declare readonly return: () => Promise<IteratorResult<T>>;
  /** Queues an item for next() (or hands it to a waiting next()). */
  protected declare readonly push: (item: T) => void;
  /** Ends the iteration once: after the queued items, done (no error) or next() throws `error`. */
  protected declare readonly end: (error?: unknown) => void;

  constructor(es: EventStream, sessionId: string, options: SessionStreamOptions = {}) {
    this.sessionId = sessionId;
    const { signal } = options;
    const afterSeq = options.afterSeq ?? es.cursor(sessionId) ?? 0;
    es.subscribe(sessionId, { afterSeq });
    let queue: T[] = [];
    /** Index of the next item of `queue` for next(). */
    let head = 0;
    /** A next() waiting for an item (resolved with a rejected promise to throw). */
    let wait: ((r: IteratorResult<T> | Promise<never>) => void) | undefined;
    let ended = false;
    let error: unknown;
    /** Seq of the last event taken (this iterator's own cursor). */
    let last = afterSeq;
    /** Live events that arrive while older ones are read from REST. */
    let held: EventEnvelope[] | undefined;

    const offer = (env: EventEnvelope): void => {
      if (ended || env.seq <= last) return;
      last = env.seq;
      this.accept(env);
    };
    const onEvent = (env: EventEnvelope): void => {
      if (env.sessionId === sessionId) held ? held.push(env) : offer(env);
    };
    const onResync = (info: ResyncInfo): void => {
      if (info.sessionId !== sessionId) return;
      if (info.reason === 'epoch_changed') last = info.cursor; // seqs restart
      this.onResync(info);
    };
    // Closed without an error: the iteration is done (TurnStream: its `done` rejects, see onEnd).
    const onState = (st: StreamState): void => {
      if (st.type === 'closed') this.end(st.error);
    };
    const onAbort = (): void => this.end(signal!.reason);
    /** How an ended iteration answers: done, or its error. */
    const result = (): IteratorResult<T> | Promise<never> => (error === undefined ? DONE : Promise.reject(error));

    this.push = (item) => {
      if (ended) return;
      if (wait) wait({ value: item, done: false });
      else queue.push(item);
      wait = undefined;
    };
    this.end = (err) => {
      if (ended) return;
      ended = true;
      error = err;
      es.off('event', onEvent).off('resync', onResync).off('state', onState);
      signal?.removeEventListener('abort', onAbort);
      // A waiting next() means the queue is empty.
      wait?.(result());
      wait = undefined;
      this.onEnd(err);
    };
    this.next = () => {
      if (head < queue.length) {
        const value = queue[head++]!;
        // Drop taken items now and then, so a long-lived queue does not keep them all.
        if (head > 1024 && head * 2 > queue.length) {
          queue = queue.slice(head);
          head = 0;
        }
        return Promise.resolve({ value, done: false });
      }
      return ended ? Promise.resolve(result()) : new Promise((resolve) => (wait = resolve));
    };
    this.return = () => {
      this.end();
      queue = [];
      head = 0;
      error = undefined;
      return Promise.resolve(DONE);
    };

    es.on('event', onEvent).on('resync', onResync).on('state', onState);
    signal?.addEventListener('abort', onAbort); // removed by end()
    // Already over: end once the constructor (and a subclass's) has finished.
    queueMicrotask(() => {
      onState(es.state); // (ends only if closed)
      if (signal?.aborted) onAbort();
    });

    // The stream already delivered (afterSeq, upTo] before we listened: read those over REST.
    const upTo = es.cursor(sessionId)!; // known: subscribed above
    if (afterSeq < upTo) {
      held = [];
      (async () => {
        while (last < upTo && !ended) {
          const from = last;
          const page = await es.fetchEvents(sessionId, from, 500);
          for (const env of page.events) if (env.seq <= upTo) offer(env);
          if (!page.hasMore || last === from) break;
        }
        const h = held;
        held = undefined;
        h.forEach(offer);
      })().catch(this.end);
    }
  }

  // Hooks, replaced by TurnStream's constructor (called only after it has run: events come later).
  /** Takes the next event in order (TurnStream: only its turn's). */
  protected accept = (env: EventEnvelope): void => this.push(env as T);
  /** The session lost events (see ResyncInfo); a SessionStream goes on. */
  protected onResync: (info: ResyncInfo) => unknown = noop;
  /** The iteration ended (`error` undefined: normally). */
  protected onEnd: (error: unknown) => unknown = noop;

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
  /** Resolves with the stop event (whether or not anyone iterates). */
  readonly done: Promise<StopEvent>;
  /** Names the turn once its id is known (streamTurn: after submit answered). */
  declare readonly bind: (turnId: string) => void;
  /** The turn could not start (submit failed): iteration throws this error. */
  declare readonly abort: (error: unknown) => void;
  #turnId: string | undefined;
  #text = '';
  #stop: StopEvent | undefined;

  constructor(es: EventStream, sessionId: string, options: TurnStreamOptions & { pending?: boolean } = {}) {
    super(es, sessionId, options);
    this.#turnId = options.turnId;
    /** streamTurn before submit answered: the events seen so far (we do not know which turn is ours yet). */
    let pending: EventEnvelope[] | undefined = options.pending ? [] : undefined;
    /** streamTurn until its turn's first event: a loss reported now is older history. */
    let lenient = !!pending;
    /** Settles `done` (with a rejected promise to reject it). */
    let settle!: (stop: StopEvent | Promise<never>) => void;
    this.done = new Promise<StopEvent>((resolve) => (settle = resolve));
    this.done.catch(noop); // observed through finalText()/done only if asked for

    this.accept = (env) => {
      if (this.#stop) return;
      if (pending) return void pending.push(env);
      this.#turnId ??= env.turnId ?? undefined; // attach: the first turn seen
      if (env.turnId !== this.#turnId) return;
      lenient = false;
      if (env.event === 'turn.token') this.#text += env.data.token;
      this.push(env);
      if (isStopEvent(env)) {
        settle((this.#stop = env));
        this.end();
      }
    };
    // streamTurn listens before submitting, so a loss reported before its turn's first event is
    // older history: an expired range, or the previous daemon life (a submit racing a restart
    // lands in the new one). Only a loss after the turn began can cut it.
    this.onResync = (info) => lenient || this.end(new ResyncError(info));
    this.onEnd = (error) =>
      this.#stop || settle(Promise.reject(error ?? new StreamClosedError('turn stream ended before its stop event')));
    this.bind = (turnId) => {
      this.#turnId = turnId;
      const p = pending ?? [];
      pending = undefined;
      p.forEach(this.accept);
    };
    this.abort = this.end;
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
  submit().then((turn) => ts.bind(turn.id), ts.abort);
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
export async function cancelSession(
  es: EventStream,
  sessionId: string,
  cancel: () => Promise<unknown>,
  options: SessionStreamOptions = {},
): Promise<SessionCancelledEvent> {
  const it = new SessionStream(es, sessionId, options);
  let failure: unknown = new StreamClosedError('stream ended before session.cancelled');
  // A failed cancel ends the iteration below with its error.
  cancel().catch((err: unknown) => {
    failure = err;
    void it.return();
  });
  for await (const env of it) if (env.event === 'session.cancelled') return env;
  throw failure;
}
