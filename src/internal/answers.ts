/**
 * Reading an answer: JSON bodies, error bodies kept as text when they are not JSON, and the
 * check of a success body against the schema the contract declares for its operation and
 * status (the generated validators).
 */
import { responseValidators, validationError } from '../../generated/validators.js';

/** The body as JSON; `undefined` when it is not JSON (an empty body included). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An error body as JSON, or its text when it is not JSON. */
export function parseErrorBody(text: string): unknown {
  const value = parseJson(text);
  return value === undefined ? text : value;
}

/** An operation's body validators by status, as generated from the contract. */
type StatusValidators = Readonly<Record<number, (value: unknown) => boolean>>;

/**
 * Checks a success body against the schema the contract declares for this operation and
 * status (generated validators). Returns what is wrong — where and what was expected, never the
 * value — or undefined when the body conforms.
 */
export function successBodyProblem(operationId: string, status: number, value: unknown, text: string, override: ((value: unknown) => boolean) | undefined): string | undefined {
  if (value === undefined) return `a body that is not JSON (${JSON.stringify(text.slice(0, 60))})`;
  const validators = (responseValidators as Readonly<Record<string, StatusValidators>>)[operationId];
  const strict = validators?.[status];
  if (!strict) return `status ${status}, which the contract does not declare for it`;
  const validate = override ?? strict;
  const failure = validationError(validate, value);
  return failure && `a body that breaks its schema at ${failure.path} (expected ${failure.expected})`;
}
