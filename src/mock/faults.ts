/**
 * Fault injection for frontend work. The decisions live here (pure apart from Math.random) so
 * the HTTP router and WebSocket handler only ask "should this fail now?".
 */
import { normaliseFaults, type MockFaults, type NormalisedFaults } from './options.js';

export type RestFault = { status: 500; code: 'internal' } | { status: 429; code: 'rate_limited'; retryAfter: number };

export class Faults {
  private current: NormalisedFaults;
  /** Until when (Date.now() ms) WebSocket frames are held back, as by a dead network path. */
  private blackholeUntil = 0;

  constructor(initial: NormalisedFaults, private readonly random: () => number = Math.random) {
    this.current = initial;
  }

  get settings(): NormalisedFaults {
    return { ...this.current };
  }

  /** Changes some faults at run time; unspecified ones keep their value. */
  set(partial: MockFaults): void {
    this.current = normaliseFaults(partial, this.current);
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  /**
   * Black-holes every WebSocket for `seconds` from now (0 ends it for frames not yet held):
   * sockets stay open but nothing the mock sends arrives until the hole closes, the way a
   * dead Wi-Fi or a sleeping laptop looks to a client — its liveness check has to notice.
   */
  blackhole(seconds: number, now = Date.now()): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`mock blackhole seconds must be a number ≥ 0, got ${String(seconds)}`);
    this.blackholeUntil = seconds === 0 ? 0 : now + seconds * 1000;
  }

  /** Milliseconds the black hole still lasts (0 when none). */
  blackholeRemainingMs(now = Date.now()): number {
    return Math.max(0, this.blackholeUntil - now);
  }

  /** How long a WebSocket frame queued now waits before it is written: latency, or the black hole's rest. */
  socketDelayMs(now = Date.now()): number {
    return Math.max(this.current.latencyMs, this.blackholeRemainingMs(now));
  }

  /** Whether this REST request fails on purpose, and how. 429 is drawn before 500. */
  rest(): RestFault | undefined {
    const f = this.current;
    if (f.rateLimitRate > 0 && this.random() < f.rateLimitRate) return { status: 429, code: 'rate_limited', retryAfter: f.retryAfterSeconds };
    if (f.restErrorRate > 0 && this.random() < f.restErrorRate) return { status: 500, code: 'internal' };
    return undefined;
  }

  /** Whether to drop a connection after it has been sent its `sentEvents`-th event frame. */
  dropAfterEvent(sentEvents: number): boolean {
    const f = this.current;
    if (f.dropEveryNEvents > 0 && sentEvents % f.dropEveryNEvents === 0) return true;
    return f.dropProbability > 0 && this.random() < f.dropProbability;
  }
}
