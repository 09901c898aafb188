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
  /** No answer at all: connection refused, timed out, DNS. */
  | { readonly kind: 'unreachable'; readonly cause: unknown }
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

/** Reads the probe's outcome: the REST client's typed errors carry `status` and the contract's `code`. */
export function classifyProbe(outcome: ProbeOutcome): Finding {
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
    return { kind: 'unreachable', cause: error };
  }
  return { kind: 'unknown', cause: error };
}
