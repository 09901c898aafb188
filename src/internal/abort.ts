import { APITimeoutError, APIUserAbortError } from '../errors.js';
import type { Sleep } from '../http/options.js';

// Timeouts share one lazily re-armed timer. A setTimeout + clearTimeout per request measured
// ~25% of a sequential loopback GET's CPU (bench/rest.ts); here a request only adds itself to a
// set, and the timer is re-armed only when a deadline comes earlier than the armed one. The
// timer is unref'd, so an idle client never keeps a Node process alive.
const deadlines = new Set<Attempt>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

function arm(at: number): void {
  clearTimeout(timer);
  timerAt = at;
  // ceil: a timer firing a fraction early would find nothing due. A past deadline fires at once.
  timer = setTimeout(onTimer, Math.ceil(at - performance.now()));
  (timer as { unref?: () => void }).unref?.();
}

function onTimer(): void {
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const attempt of deadlines) {
    if (attempt.at <= now) {
      deadlines.delete(attempt);
      attempt.expired = true;
      attempt.abort();
    } else if (attempt.at < next) {
      next = attempt.at;
    }
  }
  if (next < Infinity) arm(next);
}

/**
 * The abort controller of one attempt: aborts on the caller's signal or after `timeoutMs`, and
 * says which. A small object, no closures per request (this is the hot path). With no timeout
 * and no caller signal its signal is not passed on: fetch then skips its abort bookkeeping.
 */
export class Attempt extends AbortController {
  /** The deadline on the performance.now() clock; Infinity when there is none. */
  readonly at: number;
  /** True once the deadline passed: the abort was a timeout. */
  expired = false;
  readonly #user: AbortSignal | undefined;

  constructor(user: AbortSignal | undefined, timeoutMs: number) {
    super();
    this.#user = user;
    const timed = timeoutMs > 0 && timeoutMs < Infinity;
    this.at = timed ? performance.now() + timeoutMs : Infinity;
    user?.addEventListener('abort', this, { once: true });
    if (timed) {
      deadlines.add(this);
      if (this.at < timerAt) arm(this.at);
    }
  }

  /** The caller's signal fired (EventListener object form, so no bound closure is needed). */
  handleEvent(): void {
    this.abort(this.#user?.reason);
  }

  /** Clears the deadline and the listener; call when the attempt is over (body read). */
  done(): void {
    deadlines.delete(this);
    this.#user?.removeEventListener('abort', this);
  }
}

/** A sleep the caller's signal can cut short (rejecting with APIUserAbortError). */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Rejects when the attempt aborts: APITimeoutError after its deadline, else APIUserAbortError. */
function abortion(attempt: Attempt, timeoutMs: number, what: string): Promise<never> {
  return new Promise((_resolve, reject) => {
    attempt.signal.addEventListener(
      'abort',
      () => reject(attempt.expired ? new APITimeoutError(`${what} (${timeoutMs} ms).`) : new APIUserAbortError()),
      { once: true },
    );
  });
}

/**
 * `work`, bounded by the caller's signal and `timeoutMs`: rejects with APITimeoutError (its
 * message starts with `what`) or APIUserAbortError when either comes first. The work itself
 * goes on (a state-file read or a token store cannot be cancelled); its result is dropped.
 */
export async function withinDeadline<T>(work: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number, what: string): Promise<T> {
  const attempt = new Attempt(signal, timeoutMs);
  if (attempt.at === Infinity && !signal) return work;
  try {
    return await Promise.race([work, abortion(attempt, timeoutMs, what)]);
  } finally {
    attempt.done();
  }
}
