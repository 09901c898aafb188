import { APIUserAbortError } from '../errors.js';

/** The signal of one attempt: aborts on the caller's signal or after `timeoutMs`, and says which. */
export interface AttemptSignal {
  readonly signal: AbortSignal | undefined;
  timedOut(): boolean;
  /** Clears the deadline and the listener; call when the attempt is over (body read). */
  done(): void;
}

// Timeouts share one lazily re-armed timer. A setTimeout + clearTimeout per request measured
// ~25% of a sequential loopback GET's CPU (bench/rest.ts); here a request only adds itself to a
// set, and the timer is re-armed only when a deadline comes earlier than the armed one. The
// timer is unref'd, so an idle client never keeps a Node process alive.
interface Deadline {
  readonly at: number;
  expire(): void;
}
const deadlines = new Set<Deadline>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

function arm(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(onTimer, Math.max(0, Math.ceil(at - performance.now())));
  (timer as { unref?: () => void }).unref?.();
}

function onTimer(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const d of deadlines) {
    if (d.at <= now) {
      deadlines.delete(d);
      d.expire();
    } else if (d.at < next) next = d.at;
  }
  if (next !== Infinity) arm(next);
}

/**
 * One attempt's abort handling as a small object (no closures per request: this is the hot
 * path). With no timeout and no caller signal there is no signal at all: fetch skips its abort
 * bookkeeping.
 */
class Attempt implements AttemptSignal, Deadline {
  readonly signal: AbortSignal | undefined;
  readonly at: number;
  private expired = false;
  private readonly controller: AbortController | undefined;

  constructor(
    private readonly user: AbortSignal | undefined,
    timeoutMs: number,
  ) {
    const timed = timeoutMs > 0 && Number.isFinite(timeoutMs);
    this.at = timed ? performance.now() + timeoutMs : Infinity;
    if (!timed && !user) return;
    this.controller = new AbortController();
    this.signal = this.controller.signal;
    user?.addEventListener('abort', this, { once: true });
    if (timed) {
      deadlines.add(this);
      if (this.at < timerAt) arm(this.at);
    }
  }
  /** The caller's signal fired (EventListener object form, so no bound closure is needed). */
  handleEvent(): void {
    this.controller?.abort(this.user?.reason);
  }
  expire(): void {
    this.expired = true;
    this.controller?.abort();
  }
  timedOut(): boolean {
    return this.expired;
  }
  done(): void {
    if (this.at !== Infinity) deadlines.delete(this);
    this.user?.removeEventListener('abort', this);
  }
}

export function attemptSignal(user: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  return new Attempt(user, timeoutMs);
}

/** A sleep the caller's signal can cut short (rejecting with APIUserAbortError). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
