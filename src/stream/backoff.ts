/** Reconnect delays. Every field is optional; defaults below. */
export interface BackoffOptions {
  /**
   * The first retry after a drop waits a random 0..initialDelayMaxMs (default 50, capped at 100):
   * a resume in tens of ms, yet the (at most 32) connections of a token do not reconnect in step.
   */
  readonly initialDelayMaxMs?: number;
  /** Retry n ≥ 1 waits random 0..min(capMs, baseMs·2^(n-1)) — "full jitter" (default 100). */
  readonly baseMs?: number;
  /** Upper bound of a delay (default 1000: the daemon is on loopback, a retry costs nothing; this keeps resume under flapping near a second). */
  readonly capMs?: number;
  /** The attempt counter resets only after a connection stayed open this long (default 3000), so a flapping daemon still backs off. */
  readonly healthyAfterMs?: number;
}

export type Backoff = Required<BackoffOptions>;

export function normaliseBackoff(o: BackoffOptions = {}): Backoff {
  return {
    initialDelayMaxMs: Math.min(100, o.initialDelayMaxMs ?? 50),
    baseMs: o.baseMs ?? 100,
    capMs: o.capMs ?? 1000,
    healthyAfterMs: o.healthyAfterMs ?? 3000,
  };
}

/** Delay before retry number `attempt` (0 = first retry after a drop). */
export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  if (attempt <= 0) return random() * b.initialDelayMaxMs;
  return random() * Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt - 1, 30));
}
