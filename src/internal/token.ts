import { TokenInvalidError } from '../errors.js';

/**
 * What a bearer token may hold once trimmed: visible ASCII only (RFC 9110 field values exclude
 * control characters and line breaks; RFC 6750 credentials hold no spaces). Anything else would
 * either be refused by fetch with an error that quotes the header, or change its meaning.
 */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/**
 * The token as it is sent: surrounding whitespace removed (a state.json or env value often ends
 * with a newline). Throws TokenInvalidError, which names `source` but never the token, when
 * what is left cannot travel in an Authorization header. An empty token counts as none.
 */
export function cleanToken(raw: string | null | undefined, source: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const token = raw.trim();
  if (token === '') return undefined;
  if (!SENDABLE_TOKEN.test(token)) throw new TokenInvalidError(source);
  return token;
}
