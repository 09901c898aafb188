import type { components } from '../generated/openapi.js';

/** The contract's machine-readable error code (`Problem.code`). */
export type ErrorCode = components['schemas']['ErrorCode'];

// Size note (the browser bundle has an 8 KB budget): fields assigned in a constructor are
// `declare`d, so the compiled class does not also carry an empty field definition per field;
// `name` stays an own string per class (minified class names cannot supply it).

/**
 * The base of every error this SDK throws or emits. Subclasses add what their cause knows
 * (HTTP status, contract error code, close code...). No message ever contains the token.
 */
export class DaemonError extends Error {
  override readonly name: string = 'DaemonError';
}

// ---------------------------------------------------------------------------------------------
// Discovery and auth: raised before any request is sent.

// The state-file errors' messages are written by the Node-only reader (src/auth/state-file.ts):
// the classes stay here (browser code may test `instanceof`), their words stay out of the
// browser bundle.

/** Any problem with the daemon's state file; `path` names the file. */
export class StateFileError extends DaemonError {
  override readonly name: string = 'StateFileError';
  declare readonly path: string;
  constructor(message: string, path: string, options?: ErrorOptions) {
    super(message, options);
    this.path = path;
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

/**
 * A token holds characters that cannot travel in an HTTP header or a bearer credential (a line
 * break, a control character, a space inside, non-ASCII). `source` names where it came from;
 * the token itself appears nowhere in the error.
 */
export class TokenInvalidError extends DaemonError {
  override readonly name: string = 'TokenInvalidError';
  declare readonly source: string;
  constructor(source: string) {
    super(
      `The daemon token from ${source} holds characters that cannot be sent in an Authorization header ` +
        `(control characters, line breaks, spaces or non-ASCII). Fix ${source}, or re-read the token from the daemon's state.json.`,
    );
    this.source = source;
  }
}

/**
 * An id given to a method does not match the pattern the contract declares for it (e.g.
 * `SessionId`: `sess-` and 1–64 of A-Z a-z 0-9 _ -). Raised before any request is sent, so an
 * id such as `..` can never address another resource.
 */
export class InvalidIdError extends DaemonError {
  override readonly name: string = 'InvalidIdError';
  /** The path parameter, e.g. `sessionId`. */
  declare readonly parameter: string;
  constructor(parameter: string, value: unknown, expected: string) {
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
    super(`Invalid ${parameter} ${shown}: expected ${expected}. No request was sent.`);
    this.parameter = parameter;
  }
}

/** No token could be found in any source (options, token store, env, state.json); `sources` lists where it looked. */
export class TokenMissingError extends DaemonError {
  override readonly name: string = 'TokenMissingError';
  declare readonly sources: readonly string[];
  constructor(sources: readonly string[]) {
    super(`No daemon token (looked in: ${sources.join(', ')}). Pass \`token\` or \`tokenStore\`.`);
    this.sources = sources;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP: the daemon answered with an error status.

/** What an error body may hold: the contract's Problem (410: CursorExpiredProblem) fields, as it types them. */
type ProblemFields = Partial<components['schemas']['Problem'] & components['schemas']['CursorExpiredProblem']> | null;

/**
 * What the SDK tells the user to do, after the daemon's own message, by the contract's error
 * code. Codes without an entry fall back to ADVICE_BY_STATUS, then to a generic line.
 */
const ADVICE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'Check the request against the contract (see details).',
  bad_request: 'Check the request against the contract.',
  unauthorized: 'Pass a fresh token (the daemon writes a new one to state.json when it restarts).',
  host_forbidden: 'Connect through 127.0.0.1, localhost or [::1], or add this host to the daemon\'s allowed hosts.',
  origin_forbidden: 'Serve the page from a loopback origin, or add its origin to the daemon\'s allowed origins.',
  session_not_found: 'Check the session id (listSessions shows the ones the daemon has).',
  turn_not_found: 'Check the turn id (getSession shows the running turn).',
  session_not_active: 'Create a new session: this one accepts no more turns.',
  turn_in_progress: 'Wait for the running turn\'s stop event (or cancel it), then submit again.',
  idempotency_key_reused: 'Use a new Idempotency-Key for a different body.',
  cursor_expired: 'Resume from resumeAfterSeq, and expect a gap.',
  payload_too_large: 'Send a smaller body (at most 1 MiB).',
  unsupported_media_type: 'Send the body as application/json.',
  rate_limited: 'Retry later (after Retry-After).',
  internal: 'Retry later; the daemon log has the request id.',
};

const ADVICE_BY_STATUS: Record<number, string> = {
  401: ADVICE_BY_CODE.unauthorized as string,
  403: 'Use a loopback host and origin, or allow them in the daemon\'s configuration.',
  429: 'Retry later.',
};

/** The advice for an error answer: by code, else by status, else by status class. */
function adviceFor(status: number, code: ErrorCode | undefined): string {
  const byCode = code === undefined ? undefined : ADVICE_BY_CODE[code];
  if (byCode) return byCode;
  const byStatus = ADVICE_BY_STATUS[status];
  if (byStatus) return byStatus;
  return status >= 500 ? 'Retry later.' : 'Check the request.';
}

/** Ends a sentence with a full stop unless it already ends with one (or is empty). */
function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || /[.!?]$/.test(trimmed)) return trimmed;
  return `${trimmed}.`;
}

/**
 * The daemon answered with a non-2xx status. Use `APIError.from` to get the subclass of the
 * status family; `code` is the contract's ErrorCode when the body is a `Problem`.
 */
export class APIError extends DaemonError {
  override readonly name: string = 'APIError';
  /** HTTP status. */
  declare readonly status: number;
  /** The parsed body (a `Problem` per the contract), or its text when it was not JSON. */
  declare readonly body: unknown;
  /** Response headers. */
  declare readonly headers: Headers | undefined;
  /** The contract's error code, when the body carried one. */
  declare readonly code: ErrorCode | undefined;
  /** The daemon's request id (body `requestId`, else the `X-Request-Id` header): quote it in reports. */
  declare readonly requestId: string | undefined;

  constructor(status: number, body: unknown, headers: Headers | undefined, message?: string) {
    // A body that is not a Problem (text, JSON of another shape) has none of these fields.
    const problem = body as ProblemFields;
    const code = problem?.code;
    const requestId = problem?.requestId ?? headers?.get('x-request-id') ?? undefined;
    const said = asSentence(problem?.message ?? (typeof body == 'string' ? body.slice(0, 200) : ''));
    const advice = adviceFor(status, code);
    const heading = `Daemon answered ${status}${code ? ` ${code}` : ''}`;
    const sentences = said === '' ? `${heading}. ${advice}` : `${heading}: ${said} ${advice}`;
    super(message ?? `${sentences}${requestId ? ` (request id ${requestId})` : ''}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.code = code;
    this.requestId = requestId;
  }

  /** The one place that picks the error class of a status. */
  static from(status: number, body: unknown, headers?: Headers): APIError {
    return new (BY_STATUS[status] ?? (status < 500 ? APIError : InternalServerError))(status, body, headers);
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
  readonly afterSeq: number | undefined = (this.body as ProblemFields)?.afterSeq;
  readonly oldestSeq: number | undefined = (this.body as ProblemFields)?.oldestSeq;
  readonly headSeq: number | undefined = (this.body as ProblemFields)?.headSeq;
  readonly epoch: string | undefined = (this.body as ProblemFields)?.epoch;
  /** The cursor to resume from (`oldestSeq - 1`), when the body says. */
  get resumeAfterSeq(): number | undefined {
    return this.oldestSeq === undefined ? undefined : this.oldestSeq - 1;
  }
}

/** 429: `retryAfterMs` is what the daemon asked to wait (Retry-After / retry-after-ms), if it said. */
export class RateLimitError extends APIError {
  override readonly name: string = 'RateLimitError';
  readonly retryAfterMs = parseRetryAfter(this.headers);
}

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  410: CursorExpiredError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** A header value as a finite number, or undefined when absent, empty or not a number. */
function finiteNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Milliseconds the server asked to wait: `retry-after-ms`, else `Retry-After` in seconds or as
 * an HTTP date. Undefined when absent or unparsable; never negative.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const milliseconds = finiteNumber(headers?.get('retry-after-ms'));
  if (milliseconds !== undefined) return Math.max(0, milliseconds);
  const retryAfter = headers?.get('retry-after') ?? '';
  const seconds = finiteNumber(retryAfter);
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

// ---------------------------------------------------------------------------------------------
// No answer: the request never completed.

/** The daemon could not be reached, or the connection broke before a full answer. */
export class APIConnectionError extends DaemonError {
  override readonly name: string = 'APIConnectionError';
}

/** No answer within `timeout` ms (per attempt). */
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = 'APITimeoutError';
}

/** The caller's `signal` aborted the request. */
export class APIUserAbortError extends DaemonError {
  override readonly name: string = 'APIUserAbortError';
  constructor(message = 'Aborted by the caller (signal).', options?: ErrorOptions) {
    super(message, options);
  }
}

/** The daemon answered something the contract does not allow (e.g. a non-JSON body on a JSON operation). */
export class ContractError extends DaemonError {
  override readonly name: string = 'ContractError';
  /** HTTP status of the offending answer. */
  declare readonly status: number | undefined;
  /** Request id of the offending answer, to quote in a daemon bug report. */
  declare readonly requestId: string | undefined;
  constructor(message: string, status: number | undefined, requestId: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.requestId = requestId;
  }
}

/** The daemon's event epoch changed while `readEvents` was paging: seqs of two lives do not compare. */
export class EpochChangedError extends DaemonError {
  override readonly name: string = 'EpochChangedError';
  declare readonly previousEpoch: string;
  declare readonly epoch: string;
  constructor(previousEpoch: string, epoch: string) {
    super(`Event epoch changed (${previousEpoch} → ${epoch}): the daemon restarted; re-read from afterSeq 0.`);
    this.previousEpoch = previousEpoch;
    this.epoch = epoch;
  }
}
