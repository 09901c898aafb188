/**
 * Where spec violations of the mock's own output go: logged loudly, counted (tests assert zero),
 * and in strict mode turned into an exception so the caller answers 500 / closes 1011 instead
 * of sending something the contract does not allow.
 */
import type { Violation } from './validation.js';

export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
}

export class Conformance {
  readonly violations: Violation[] = [];

  constructor(private readonly strict: boolean, private readonly log: (line: string) => void) {}

  report(where: string, errors: string): void {
    const v = { where, errors };
    this.violations.push(v);
    this.log(`[mock] CONTRACT VIOLATION in ${where}: ${errors}`);
    if (this.strict) throw new ContractViolationError(`${where}: ${errors}`);
  }
}
