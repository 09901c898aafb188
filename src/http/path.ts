/**
 * Request targets: a path template of the contract with its parameters filled in, and the
 * query string. Every parameter is checked against the pattern the contract declares for it
 * before it is placed in a URL, so an id such as `..` or `a/b` can never address another
 * resource; no request is sent with it.
 */
import { InvalidIdError } from '../errors.js';
import { checkPathParameter } from './path-parameters.js';

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

/** `/v3/sessions/{sessionId}` with `{ sessionId: 'sess-1' }` → `/v3/sessions/sess-1`; throws InvalidIdError for a bad id. */
export function expandPath(template: string, parameters: Readonly<Record<string, string>> | undefined): string {
  const parts = partsOf(template);
  let path = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value = parameters?.[name];
    const expected = checkPathParameter(name, value);
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
