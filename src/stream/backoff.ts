/** Reconnect delays. Every field is optional; defaults below. */
export interface BackoffOptions {
  /**
   * The first reconnect after a healthy connection drops waits a random 0..initialDelayMaxMs
   * (default 0: at once, capped at 100). Jitter starts with the first failure.
   */
  readonly initialDelayMaxMs?: number;
  /** Retry n ≥ 1 waits random 0..min(capMs, baseMs·2^(n-1)) — "full jitter" (default 100). */
  readonly baseMs?: number;
  /** Upper bound of a delay (default 1000: the daemon is on loopback, a retry costs nothing; this keeps resume under flapping near a second). */
  readonly capMs?: number;
  /** The attempt counter resets only after a connection stayed open this long (default 3000), so a flapping daemon still backs off. */
  readonly healthyAfterMs?: number;
}

/** Delay before retry number `attempt` (0 = first retry after a drop). Defaults are applied here, once. */
export function backoffDelay(
  { initialDelayMaxMs = 0, baseMs = 100, capMs = 1000 }: BackoffOptions,
  attempt: number,
  random: () => number = Math.random,
): number {
  return random() * (attempt > 0 ? Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30)) : Math.min(100, initialDelayMaxMs));
}
