import type { components } from '../generated/openapi.js';

/** The contract's machine-readable error code (`Problem.code`). */
export type ErrorCode = components['schemas']['ErrorCode'];

/**
 * The base of every error this SDK throws or emits. Subclasses add what their cause knows
 * (HTTP status, contract error code, close code...). No message ever contains the token.
 */
export class DaemonError extends Error {
  override readonly name: string = 'DaemonError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Discovery and auth: raised before any request is sent.

// The state-file errors' messages are written by the Node-only reader (src/auth/state-file.ts):
// the classes stay here (browser code may test `instanceof`), their words stay out of the
// browser bundle.

/** Any problem with the daemon's state file; `path` names the file. */
export class StateFileError extends DaemonError {
  override readonly name: string = 'StateFileError';
  constructor(message: string, readonly path: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** state.json does not exist: the daemon is not running (or never ran) for this user. */
export class StateFileMissingError extends StateFileError {
  override readonly name: string = 'StateFileMissingError';
}

/** state.json exists but could not be read (permissions, a directory, I/O error). */
export class StateFileUnreadableError extends StateFileError {
  override readonly name: string = 'StateFileUnreadableError';
}

/** state.json is not JSON, or not the `{ host, port, token }` object the daemon writes. */
export class StateFileInvalidError extends StateFileError {
  override readonly name: string = 'StateFileInvalidError';
}

/** No token could be found in any source (options, token store, env, state.json). */
export class TokenMissingError extends DaemonError {
  override readonly name: string = 'TokenMissingError';
  constructor(readonly sources: readonly string[]) {
    super(`No daemon token (looked in: ${sources.join(', ')}). Pass \`token\` or \`tokenStore\`, or set OPTA_DAEMON_TOKEN.`);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP: the daemon answered with an error status.

type Headers_ = Headers;

function readRequestId(body: unknown, headers: Headers_ | undefined): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { requestId?: unknown }).requestId === 'string') {
    return (body as { requestId: string }).requestId;
  }
  return headers?.get('x-request-id') ?? undefined;
}

function field<T>(body: unknown, key: string, type: 'string' | 'number'): T | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === type ? (value as T) : undefined;
}

/** What the SDK tells the user to do, per status, after the server's own message. */
const ADVICE: Record<number, string> = {
  400: 'Check the arguments.',
  401: 'Token refused after re-reading it; pass a fresh token.',
  403: 'Host or Origin refused; use 127.0.0.1/localhost or allow this origin.',
  404: 'Check the session or turn id.',
  409: 'Re-read the session, then retry.',
  410: 'Resume from error.resumeAfterSeq.',
  422: 'Check the arguments.',
  429: 'Retry later.',
};

/**
 * The daemon answered with a non-2xx status. Use `APIError.from` to get the subclass of the
 * status family; `code` is the contract's ErrorCode when the body is a `Problem`.
 */
export class APIError extends DaemonError {
  override readonly name: string = 'APIError';
  /** The contract's error code, when the body carried one. */
  readonly code: ErrorCode | undefined;
  /** The daemon's request id (body `requestId`, else the `X-Request-Id` header): quote it in reports. */
  readonly requestId: string | undefined;

  constructor(
    /** HTTP status. */
    readonly status: number,
    /** The parsed body (a `Problem` per the contract), or its text when it was not JSON. */
    readonly body: unknown,
    /** Response headers. */
    readonly headers: Headers_ | undefined,
    message?: string,
  ) {
    const requestId = readRequestId(body, headers);
    const serverMessage = field<string>(body, 'message', 'string');
    super(
      message ??
        [
          `Daemon answered ${status}${field<string>(body, 'code', 'string') ? ` ${field<string>(body, 'code', 'string')}` : ''}:`,
          serverMessage ?? (typeof body === 'string' && body ? body.slice(0, 200) : '(no message)'),
          ADVICE[status] ?? (status >= 500 ? 'Retry, or see the daemon log.' : ''),
          requestId ? `(request id ${requestId})` : '',
        ]
          .filter(Boolean)
          .join(' '),
    );
    this.code = field<ErrorCode>(body, 'code', 'string');
    this.requestId = requestId;
  }

  /** The one place that picks the error class of a status. */
  static from(status: number, body: unknown, headers?: Headers_): APIError {
    switch (status) {
      case 400: return new BadRequestError(status, body, headers);
      case 401: return new AuthenticationError(status, body, headers);
      case 403: return new PermissionDeniedError(status, body, headers);
      case 404: return new NotFoundError(status, body, headers);
      case 409: return new ConflictError(status, body, headers);
      case 410: return new CursorExpiredError(status, body, headers);
      case 413: return new PayloadTooLargeError(status, body, headers);
      case 422: return new UnprocessableEntityError(status, body, headers);
      case 429: return new RateLimitError(status, body, headers);
    }
    return status >= 500 ? new InternalServerError(status, body, headers) : new APIError(status, body, headers);
  }
}

export class BadRequestError extends APIError { override readonly name: string = 'BadRequestError'; }
export class AuthenticationError extends APIError { override readonly name: string = 'AuthenticationError'; }
export class PermissionDeniedError extends APIError { override readonly name: string = 'PermissionDeniedError'; }
export class NotFoundError extends APIError { override readonly name: string = 'NotFoundError'; }
export class ConflictError extends APIError { override readonly name: string = 'ConflictError'; }
export class PayloadTooLargeError extends APIError { override readonly name: string = 'PayloadTooLargeError'; }
export class UnprocessableEntityError extends APIError { override readonly name: string = 'UnprocessableEntityError'; }
export class InternalServerError extends APIError { override readonly name: string = 'InternalServerError'; }

/** 410 `cursor_expired`: the events after `afterSeq` are gone; resume from `resumeAfterSeq`. */
export class CursorExpiredError extends APIError {
  override readonly name: string = 'CursorExpiredError';
  readonly afterSeq: number | undefined = field<number>(this.body, 'afterSeq', 'number');
  readonly oldestSeq: number | undefined = field<number>(this.body, 'oldestSeq', 'number');
  readonly headSeq: number | undefined = field<number>(this.body, 'headSeq', 'number');
  readonly epoch: string | undefined = field<string>(this.body, 'epoch', 'string');
  /** The cursor to resume from (`oldestSeq - 1`), when the body says. */
  get resumeAfterSeq(): number | undefined {
    return this.oldestSeq === undefined ? undefined : this.oldestSeq - 1;
  }
}

/** 429: `retryAfterMs` is what the daemon asked to wait (Retry-After / retry-after-ms), if it said. */
export class RateLimitError extends APIError {
  override readonly name: string = 'RateLimitError';
  readonly retryAfterMs: number | undefined = parseRetryAfter(this.headers);
}

/**
 * Milliseconds the server asked to wait: `retry-after-ms`, else `Retry-After` in seconds or as
 * an HTTP date. Undefined when absent or unparsable.
 */
export function parseRetryAfter(headers: Headers_ | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// ---------------------------------------------------------------------------------------------
// No answer: the request never completed.

/** The daemon could not be reached, or the connection broke before a full answer. */
export class APIConnectionError extends DaemonError {
  override readonly name: string = 'APIConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer within `timeout` ms (per attempt). */
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = 'APITimeoutError';
}

/** The caller's `signal` aborted the request. */
export class APIUserAbortError extends DaemonError {
  override readonly name: string = 'APIUserAbortError';
  constructor(message = 'Request aborted by the caller (signal).', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The daemon answered something the contract does not allow (e.g. a non-JSON body on a JSON operation). */
export class ContractError extends DaemonError {
  override readonly name: string = 'ContractError';
  constructor(
    message: string,
    /** HTTP status of the offending answer. */
    readonly status: number | undefined,
    /** Request id of the offending answer, to quote in a daemon bug report. */
    readonly requestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The daemon's event epoch changed while `readEvents` was paging: seqs of two lives do not compare. */
export class EpochChangedError extends DaemonError {
  override readonly name: string = 'EpochChangedError';
  constructor(readonly previousEpoch: string, readonly epoch: string) {
    super(`Event epoch changed (${previousEpoch} → ${epoch}): the daemon restarted. Re-read from afterSeq 0.`);
  }
}
