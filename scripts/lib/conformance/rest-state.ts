/** What the REST lifecycle checks hand on to each other, and their small shared helpers. */
import { describe, field, type Exchange } from './http.js';
import type { PollResult } from './rest-assert.js';
import type { Check } from './report.js';

export interface LifecycleState {
  chat?: string;
  doSession?: string;
  turnId?: string;
  poll?: PollResult;
  /** Every session this run created, closed at the end. */
  readonly created: string[];
}

export const PROMPT = 'Conformance check: explain in one paragraph how unified memory works.';

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`cannot run: ${what} failed earlier`);
  return value;
}

export function sessionShape(c: Check, ex: Exchange, expect: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(expect)) {
    c.expect(field(ex.body, k) === v, () => `${describe(ex)}: ${k} is ${JSON.stringify(field(ex.body, k))}, expected ${JSON.stringify(v)}`);
  }
}
