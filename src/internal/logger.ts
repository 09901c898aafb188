import type { Logger } from '../http/logger.js';

/**
 * The logger the client uses: the user's `logger` if given (debug lines only when `debug` is not
 * false), else the console with debug lines only when `debug` is true. Warnings always pass.
 */
export function makeLogger(debug: boolean | undefined, logger: Logger | undefined): Logger & { readonly debugging: boolean } {
  const base = logger ?? console;
  const debugging = logger ? debug !== false : debug === true;
  return {
    debugging,
    // Arrow functions, so a console or a user object keeps its `this`.
    debug: (message) => {
      if (debugging) base.debug(message);
    },
    warn: (message) => {
      base.warn(message);
    },
  };
}

/** Removes every occurrence of `secret` from `text` (defence in depth for server-echoed text). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.replaceAll(secret, '[redacted]') : text;
}
