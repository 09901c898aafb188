import { APIUserAbortError } from '../errors.js';

/** The signal of one attempt: aborts on the caller's signal or after `timeoutMs`, and says which. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
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
  readonly expire: () => void;
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

export function attemptSignal(user: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(user?.reason);
  user?.addEventListener('abort', onAbort, { once: true });
  // 0 / Infinity = no timeout.
  let deadline: Deadline | undefined;
  if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
    deadline = {
      at: performance.now() + timeoutMs,
      expire: () => {
        timedOut = true;
        controller.abort();
      },
    };
    deadlines.add(deadline);
    if (deadline.at < timerAt) arm(deadline.at);
  }
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      if (deadline) deadlines.delete(deadline);
      user?.removeEventListener('abort', onAbort);
    },
  };
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
