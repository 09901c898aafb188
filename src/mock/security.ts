/**
 * The contract's browser-facing defences, shared by REST and the WebSocket upgrade:
 * Host check (DNS rebinding), Origin check (cross-site requests and WebSocket hijacking),
 * CORS for allowed origins only, and the bearer token check.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const ALLOWED_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

export const CORS_HEADERS = {
  'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'X-Request-Id, Retry-After',
} as const;

export type SecurityRefusal = { code: 'host_forbidden' | 'origin_forbidden'; message: string };

/** `Host` must be a loopback name with the daemon's own port. */
export function checkHost(headers: IncomingHttpHeaders, port: number): SecurityRefusal | undefined {
  const host = headers.host ?? '';
  if (ALLOWED_HOSTNAMES.some((h) => host.toLowerCase() === `${h}:${port}`)) return undefined;
  return { code: 'host_forbidden', message: `Host ${JSON.stringify(host)} is not allowed; use 127.0.0.1:${port}, localhost:${port} or [::1]:${port}` };
}

/** A request with an `Origin` must come from an allowed origin (exact match). */
export function checkOrigin(headers: IncomingHttpHeaders, allowed: readonly string[]): SecurityRefusal | undefined {
  const origin = headers.origin;
  if (origin === undefined || allowed.includes(origin)) return undefined;
  return { code: 'origin_forbidden', message: `Origin ${origin} is not allowed` };
}

/** CORS response headers: only for an allowed origin, echoing it (never `*`). */
export function corsHeaders(headers: IncomingHttpHeaders, allowed: readonly string[]): Record<string, string> {
  const origin = headers.origin;
  if (origin === undefined || !allowed.includes(origin)) return {};
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
