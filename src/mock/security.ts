/**
 * The contract's browser-facing defences (daemon-v3.openapi.yaml, "Security"), shared by REST
 * and the WebSocket upgrade: the Host check by hostname (DNS rebinding), the Origin check
 * (cross-site requests and WebSocket hijacking), CORS for allowed origins only, and the bearer
 * token check. `checkRequestSource` is the one policy function both paths call.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Hostnames that always name this machine; any port (proxies, tunnels and port mappings forward their own). */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** Schemes whose loopback origins are allowed by default (a page served from this machine). */
const LOOPBACK_ORIGIN_SCHEMES: readonly string[] = ['http', 'https'];

export const CORS_HEADERS = {
  'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'X-Request-Id, Retry-After',
} as const;

/** What the Host and Origin checks are configured with (the mock's options carry both). */
export interface SourcePolicy {
  /** Extra hostnames accepted in `Host` besides the loopback ones (lower case, any port). */
  readonly allowedHosts: readonly string[];
  /** Extra origins: exact `scheme://host[:port]`, `scheme://host:*`, `scheme://*`, or `null`. */
  readonly allowedOrigins: readonly string[];
}

export interface SecurityRefusal {
  readonly status: 400 | 403;
  readonly code: 'bad_request' | 'host_forbidden' | 'origin_forbidden';
  readonly message: string;
}

/** `name[:port]` or `[v6]:port`, as RFC 9110 §7.2 allows in Host. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::(\d{0,5}))?$/i;

/** A serialised origin (RFC 6454): `scheme://host[:port]`, nothing after. */
const ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-f:.]+\]|[^:/[\]@\s]*)(?::(\d{1,5}))?$/i;

/** The hostname a Host header names (lower case), or undefined when the header is malformed. */
export function hostnameOfHost(host: string): string | undefined {
  const match = HOST_HEADER.exec(host);
  return match ? (match[1] as string).toLowerCase() : undefined;
}

interface ParsedOrigin {
  readonly scheme: string;
  readonly hostname: string;
  readonly port: string | undefined;
}

function parseOrigin(origin: string): ParsedOrigin | undefined {
  const match = ORIGIN.exec(origin);
  if (!match) return undefined;
  return { scheme: (match[1] as string).toLowerCase(), hostname: (match[2] as string).toLowerCase(), port: match[3] };
}

/**
 * Checks that an allowed-origin entry is one the contract defines; throws a RangeError naming
 * the forms otherwise (called once when the options are normalised).
 */
export function assertOriginPattern(pattern: string): void {
  if (pattern === 'null') return;
  const wildcard = /^([a-z][a-z0-9+.-]*):\/\/\*$/i.test(pattern);
  const anyPort = pattern.endsWith(':*') && parseOrigin(pattern.slice(0, -2)) !== undefined;
  if (wildcard || anyPort || parseOrigin(pattern) !== undefined) return;
  throw new RangeError(
    `allowed origin ${JSON.stringify(pattern)} is not one of scheme://host[:port], scheme://host:*, scheme://* or null`,
  );
}

/** Does one configured pattern admit this origin? */
function originMatches(pattern: string, origin: string, parsed: ParsedOrigin | undefined): boolean {
  if (pattern === 'null' || parsed === undefined) return pattern === origin;
  const lowerPattern = pattern.toLowerCase();
  if (lowerPattern === `${parsed.scheme}://*`) return true;
  if (lowerPattern === `${parsed.scheme}://${parsed.hostname}:*`) return true;
  const serialised = `${parsed.scheme}://${parsed.hostname}${parsed.port === undefined ? '' : `:${parsed.port}`}`;
  return lowerPattern === serialised;
}

/** Is this `Origin` allowed: a loopback origin on any port, or one matching a configured pattern? */
export function originAllowed(origin: string, allowedOrigins: readonly string[]): boolean {
  const parsed = parseOrigin(origin);
  if (parsed && LOOPBACK_ORIGIN_SCHEMES.includes(parsed.scheme) && LOOPBACK_HOSTNAMES.includes(parsed.hostname)) return true;
  return allowedOrigins.some((pattern) => originMatches(pattern, origin, parsed));
}

/** `Host` must name a loopback host or a configured one, on any port; a request without Host is malformed. */
export function checkHost(headers: IncomingHttpHeaders, allowedHosts: readonly string[]): SecurityRefusal | undefined {
  const host = headers.host;
  if (host === undefined || host === '') {
    return { status: 400, code: 'bad_request', message: 'The request has no Host header (RFC 9112 §3.2); send Host: 127.0.0.1:<port>.' };
  }
  const hostname = hostnameOfHost(host);
  if (hostname !== undefined && (LOOPBACK_HOSTNAMES.includes(hostname) || allowedHosts.includes(hostname))) return undefined;
  return {
    status: 403,
    code: 'host_forbidden',
    message:
      `Host ${JSON.stringify(host)} is refused by the Host check (DNS rebinding): the daemon accepts the loopback hosts ` +
      `127.0.0.1, localhost and [::1] on any port, and the hosts it is configured to allow (mock: --allowed-host).`,
  };
}

/** A request with an `Origin` must come from a loopback origin or a configured one. */
export function checkOrigin(headers: IncomingHttpHeaders, allowedOrigins: readonly string[]): SecurityRefusal | undefined {
  const origin = headers.origin;
  if (origin === undefined || originAllowed(origin, allowedOrigins)) return undefined;
  return {
    status: 403,
    code: 'origin_forbidden',
    message:
      `Origin ${origin} is refused by the Origin check (cross-site request): the daemon accepts loopback origins ` +
      `(http/https on 127.0.0.1, localhost, [::1], any port) and the origins it is configured to allow (mock: --allowed-origin).`,
  };
}

/**
 * The one policy REST and the WebSocket upgrade share: the Host check, then the Origin check.
 * Undefined when the request may proceed (the token is checked afterwards, always).
 */
export function checkRequestSource(headers: IncomingHttpHeaders, policy: SourcePolicy): SecurityRefusal | undefined {
  return checkHost(headers, policy.allowedHosts) ?? checkOrigin(headers, policy.allowedOrigins);
}

/** CORS response headers: only for an allowed origin, echoing it (never `*`). */
export function corsHeaders(headers: IncomingHttpHeaders, allowedOrigins: readonly string[]): Record<string, string> {
  const origin = headers.origin;
  if (origin === undefined || !originAllowed(origin, allowedOrigins)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', ...CORS_HEADERS };
}

/** Constant-time comparison of a presented token with the daemon's. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer …` header. */
export function bearer(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m?.[1];
}
