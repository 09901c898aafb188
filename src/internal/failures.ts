/**
 * Why an attempt got no answer, as the typed error the caller sees: a timeout, the caller's
 * abort, or a network failure worded for where it happened (Node names the system error; a
 * browser cannot tell a stopped daemon from a refused CORS preflight, so both are named).
 */
import { APIConnectionError, APITimeoutError, APIUserAbortError, DaemonError } from '../errors.js';
import type { Attempt } from './abort.js';
import type { OutgoingRequest } from '../http/options.js';

/** The system error code undici puts on a failed fetch's cause (`ECONNREFUSED`), if any. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** This page's origin in a browser (`http://localhost:5173`), undefined elsewhere. */
function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' && origin !== 'null' ? origin : undefined;
}

/**
 * Names why an attempt produced no answer: it timed out, the caller aborted, or the network
 * failed. A browser reports a refused CORS preflight exactly like a daemon that is not
 * running (a TypeError with no details), so its message names both causes.
 */
export function failureOf(error: unknown, attempt: Attempt, request: OutgoingRequest, timeoutMs: number, reading: boolean): DaemonError {
  if (error instanceof DaemonError) return error;
  const where = `${request.method} ${request.url}`;
  if (attempt.expired) {
    return new APITimeoutError(`No answer within ${timeoutMs} ms (${where}). Raise \`timeout\` if the daemon is busy.`, { cause: error });
  }
  if (attempt.signal.aborted) return new APIUserAbortError(undefined, { cause: error });
  const code = systemErrorCode(error);
  if (reading) return new APIConnectionError(`The connection broke while reading the daemon's answer (${where}${code ? `: ${code}` : ''}).`, { cause: error });
  if (code) return new APIConnectionError(`Could not connect to the daemon (${where}: ${code}). Is it running?`, { cause: error });
  const origin = pageOrigin();
  const page = origin ? `this page's origin ${origin}` : "this page's origin";
  return new APIConnectionError(
    `Could not reach the daemon (${where}). Either it is not running, or it refused ${page}: ` +
      "a daemon allows loopback origins and the origins it is configured with (the browser hides which; " +
      `the mock: --allowed-origin ${origin ?? '<origin>'}).`,
    { cause: error },
  );
}
