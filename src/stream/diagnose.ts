/**
 * Why a connection failed before `auth_ok`, from what a REST probe answered. Browsers hide the
 * status of a refused WebSocket upgrade (it is just a close 1006), but the daemon applies the
 * same Host/Origin and token checks to REST, so one REST call tells them apart. Pure: the shell
 * runs the probe and passes its outcome here.
 */

export type Finding =
  /** HTTP 403: refused for good (`reason`: the contract's code), with what to change. */
  | { readonly kind: 'forbidden'; readonly reason: string; readonly fix: string; readonly cause: unknown }
  /** HTTP 401: the token is wrong (re-read it once, then stop). */
  | { readonly kind: 'unauthorized'; readonly cause: unknown }
  /**
   * No answer at all: connection refused, timed out, DNS. `causes`: what that can mean here, for
   * the message (in a browser a page whose origin the daemon refuses fails exactly like this).
   */
  | { readonly kind: 'unreachable'; readonly causes: string; readonly cause: unknown }
  /** REST answers fine: the WebSocket itself failed (a proxy without upgrades, a transient drop). */
  | { readonly kind: 'reachable' }
  | { readonly kind: 'unknown'; readonly cause: unknown };

export type ProbeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

const FIXES: Readonly<Record<string, string>> = {
  host_forbidden:
    'the daemon accepts only the loopback hosts 127.0.0.1, localhost and [::1] (any port) and the hosts it is configured to allow ' +
    '(DNS-rebinding protection); connect through one of those names, or add this host to the daemon\'s allowed hosts (the mock: --allowed-host <host>)',
  origin_forbidden:
    "this page's Origin is not among the daemon's allowed origins; add it to the daemon's configuration (the mock: --allowed-origin <origin>) " +
    'or serve the app from an allowed origin',
};

function fieldOf(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/** This page's origin in a browser (`http://localhost:5173`), undefined elsewhere. */
export function currentPageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' && origin !== 'null' ? origin : undefined;
}

/** A page served from this machine over http(s): the contract allows those origins on any port. */
const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/**
 * What an unanswered probe can mean. A browser reports a refused CORS preflight exactly like a
 * daemon that is not running (a TypeError, no status), so a page on an origin that is not
 * loopback (loopback origins are always allowed) is told both, and the flag that allows it.
 */
function unreachableCauses(pageOrigin: string | undefined): string {
  if (pageOrigin === undefined || LOOPBACK_ORIGIN.test(pageOrigin)) return 'is it running?';
  return (
    `either it is not running, or this page's origin ${pageOrigin} is not allowed by the daemon ` +
    `(the browser hides which; allow it in the daemon's configuration — the mock: --allowed-origin ${pageOrigin}).`
  );
}

/**
 * Reads the probe's outcome: the REST client's typed errors carry `status` and the contract's
 * `code`. `pageOrigin`: the page the code runs on (browsers), for what an unanswered probe means.
 */
export function classifyProbe(outcome: ProbeOutcome, pageOrigin: string | undefined = currentPageOrigin()): Finding {
  if (outcome.ok) return { kind: 'reachable' };
  const { error } = outcome;
  const status = fieldOf(error, 'status');
  if (status === 403) {
    const code = fieldOf(error, 'code');
    const reason = typeof code === 'string' ? code : 'forbidden';
    return { kind: 'forbidden', reason, fix: FIXES[reason] ?? `the daemon forbids this client (${reason})`, cause: error };
  }
  if (status === 401) return { kind: 'unauthorized', cause: error };
  const name = fieldOf(error, 'name');
  if (status === undefined && (name === 'APIConnectionError' || name === 'APITimeoutError' || name === 'TypeError' || name === 'AbortError' || name === 'TimeoutError')) {
    return { kind: 'unreachable', causes: unreachableCauses(pageOrigin), cause: error };
  }
  return { kind: 'unknown', cause: error };
}
