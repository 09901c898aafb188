/**
 * Fault injection for frontend work. The decisions live here (pure apart from Math.random) so
 * the HTTP router and WebSocket handler only ask "should this fail now?".
 */
import { normaliseFaults, type MockFaults, type NormalisedFaults } from './options.js';

export type RestFault = { status: 500; code: 'internal' } | { status: 429; code: 'rate_limited'; retryAfter: number };

export class Faults {
  private current: NormalisedFaults;

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
