import { parseRetryAfter } from '../errors.js';

/**
 * Retry timing. Full jitter (AWS "Exponential Backoff And Jitter"): the delay before retry n
 * (1-based) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))], so many clients retrying
 * after one daemon hiccup spread out instead of stampeding. Defaults 500 ms base, 8 s cap.
 */
export interface Backoff {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform random in [0, 1): a seam for tests. */
  readonly random: () => number;
}

/** Longest server-requested wait (Retry-After) the client sleeps through; longer ones are thrown to the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Is an error status worth retrying? 408 and 429 always: the daemon certainly did not act, so
 * even a non-idempotent request (createSession) may be repeated. 5xx only when `idempotent`:
 * the work may have happened.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return status == 408 || status == 429 || (idempotent && status >= 500);
}

/**
 * Milliseconds to wait before retry `retry` (1-based): the server's Retry-After when it gave
 * one (undefined if that exceeds MAX_RETRY_AFTER_MS: do not retry), else full-jitter backoff.
 */
export function retryDelay(retry: number, backoff: Backoff, headers?: Headers): number | undefined {
  const asked = parseRetryAfter(headers);
  if (asked === undefined) return Math.floor(backoff.random() * Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1)));
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}
