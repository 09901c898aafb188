import { APIUserAbortError } from '../errors.js';

/** The signal of one attempt: aborts on the caller's signal or after `timeoutMs`, and says which. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  /** Clears the timer and the listener; call when the attempt is over (body read). */
  done(): void;
}

export function attemptSignal(user: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(user?.reason);
  user?.addEventListener('abort', onAbort, { once: true });
  // Infinity / 0 = no timeout (setTimeout would fire at once for Infinity).
  const timer =
    timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      if (timer !== undefined) clearTimeout(timer);
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
