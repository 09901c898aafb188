/**
 * The schema of each path parameter of the contract (`SessionIdPath` → `SessionId`, `turnId` →
 * `TurnId`), checked with the validators generated from it. generated/validators.ts has no
 * per-parameter table, so the two names the contract's paths use are mapped here; a type test
 * (test/client/transport.test-d.ts) holds this list equal to the parameters of `paths`.
 */
import { validateSessionId, validateTurnId, validationError } from '../../generated/validators.js';
import type { PathParameterName } from './contract.js';

export const PATH_PARAMETER_VALIDATORS: Readonly<Record<PathParameterName, (value: unknown) => boolean>> = {
  sessionId: validateSessionId,
  turnId: validateTurnId,
};

/** Undefined when `value` is a valid `name` parameter; else what the contract expects there. */
export function checkPathParameter(name: string, value: unknown): string | undefined {
  const validate = (PATH_PARAMETER_VALIDATORS as Readonly<Record<string, (value: unknown) => boolean>>)[name];
  if (validate === undefined) return typeof value === 'string' && value !== '' ? undefined : 'a non-empty string';
  return validationError(validate, value)?.expected;
}
