/**
 * Request targets: a path template of the contract with its parameters filled in, and the
 * query string. Every parameter is checked against the pattern the contract declares for it
 * before it is placed in a URL, so an id such as `..` or `a/b` can never address another
 * resource; no request is sent with it.
 */
import { InvalidIdError } from '../errors.js';
import { checkPathParameter } from './path-parameters.js';

const PLACEHOLDER = /\{([^}]+)\}/g;

/** `/v3/sessions/{sessionId}` with `{ sessionId: 'sess-1' }` → `/v3/sessions/sess-1`; throws InvalidIdError for a bad id. */
export function expandPath(template: string, parameters: Readonly<Record<string, string>> | undefined): string {
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = parameters?.[name];
    const expected = checkPathParameter(name, value);
    if (expected !== undefined) throw new InvalidIdError(name, value, expected);
    return encodeURIComponent(value as string);
  });
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
