/**
 * Request targets: a path template of the contract with its parameters filled in, and the
 * query string. Every parameter is checked with the validator generated from the schema the
 * contract declares for it (`parameterValidators[operationId].path`) before it is placed in a
 * URL, so an id such as `..` or `a/b` can never address another resource; no request is sent.
 */
import { parameterValidators, validationError } from '../../generated/validators.js';
import { InvalidIdError } from '../errors.js';

type Validate = (value: unknown) => boolean;

/** The generated validators of an operation's path parameters, by name. */
function pathValidatorsOf(operationId: string): Readonly<Record<string, Validate>> | undefined {
  const parameters = (parameterValidators as Readonly<Record<string, { readonly path?: Readonly<Record<string, Validate>> }>>)[operationId];
  return parameters?.path;
}

/** A template split at its placeholders: `['/v3/sessions/', 'sessionId', '/turns']` (names at odd indexes). */
type TemplateParts = readonly string[];

const PLACEHOLDER = /\{([^}]+)\}/;

/** Templates split once, not on every request (there are nine). */
const splitTemplates = new Map<string, TemplateParts>();

function partsOf(template: string): TemplateParts {
  let parts = splitTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(PLACEHOLDER);
    splitTemplates.set(template, parts);
  }
  return parts;
}

/**
 * `/v3/sessions/{sessionId}` with `{ sessionId: 'sess-1' }` → `/v3/sessions/sess-1`, each value
 * checked by the operation's generated parameter validator; throws InvalidIdError for a bad one.
 */
export function expandPath(operationId: string, template: string, parameters: Readonly<Record<string, string>> | undefined): string {
  const parts = partsOf(template);
  if (parts.length === 1) return template;
  const validators = pathValidatorsOf(operationId);
  let path = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value = parameters?.[name];
    const validate = validators?.[name];
    // A parameter the contract gives no schema must still be a non-empty string.
    const expected = validate ? validationError(validate, value)?.expected : typeof value === 'string' && value !== '' ? undefined : 'a non-empty string';
    if (expected !== undefined) throw new InvalidIdError(name, value, expected);
    path += encodeURIComponent(value as string) + (parts[index + 1] as string);
  }
  return path;
}

/** `?afterSeq=0&limit=500` from the defined fields of `query` ('' when none). */
export function queryString(query: Readonly<Record<string, string | number | boolean | undefined>> | undefined): string {
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    out += `${out === '' ? '?' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  }
  return out;
}
