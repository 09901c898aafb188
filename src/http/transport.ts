import type { Connection, Resolved } from '../auth/connection.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  ContractError,
  DaemonError,
} from '../errors.js';
import { Attempt } from './abort.js';
import type { OperationId, RequestBody, SuccessBody } from './contract.js';
import { redact } from './logger.js';
import type { NormalizedOptions, OutgoingRequest, RequestOptions } from './options.js';
import { isRetryableStatus, retryDelay } from './retry.js';

/** What a call adds to operation, method and path; most calls need none of it. */
export interface CallExtras<Op extends OperationId> {
  readonly body?: RequestBody<Op> | undefined;
  readonly query?: Readonly<Record<string, string | number | undefined>> | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** False only for the unauthenticated health probe. */
  readonly auth?: false;
  /**
   * False when repeating the call after the daemon may have acted on it (connection lost after
   * sending, timeout, 5xx) could act twice (createSession). Reads, idempotent POSTs and keyed
   * submits may be repeated.
   */
  readonly idempotent?: false;
}

const NONE: CallExtras<never> = {};

function queryString(query: CallExtras<OperationId>['query']): string {
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value !== undefined) out += `${out ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  }
  return out;
}

/** The body as JSON, or its text when it is not JSON. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Names why an attempt produced no answer: it timed out, the caller aborted, or the network failed. */
function failure(error: unknown, abort: Attempt, request: OutgoingRequest, timeout: number, doing: string): DaemonError {
  if (error instanceof DaemonError) return error;
  const where = `${request.method} ${request.url}`;
  if (abort.expired) return new APITimeoutError(`No answer within ${timeout} ms (${where}); raise \`timeout\` if the daemon is busy.`, { cause: error });
  if (abort.signal.aborted) return new APIUserAbortError(undefined, { cause: error });
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return new APIConnectionError(`Could not ${doing} the daemon (${where}${typeof code == 'string' ? `: ${code}` : ''}). Is it running?`, { cause: error });
}

/** Sends one contract operation; `call` holds what the operation adds (default: nothing). */
export type Send = <Op extends OperationId>(
  operationId: Op,
  method: 'GET' | 'POST',
  path: string,
  requestOptions: RequestOptions | undefined,
  call?: CallExtras<Op>,
) => Promise<SuccessBody<Op>>;

/**
 * Sends contract operations with plain `fetch(url, init)`: no Request object, no Headers merge
 * (that is where openapi-fetch spends its POST time, see bench/rest.ts), so the hot path stays
 * within a few percent of raw fetch. Adds auth, timeouts, retries, 401 re-auth and logging.
 * A closure rather than a class: nothing of it is a property name the minifier must keep.
 */
export function transport(o: NormalizedOptions, connection: Connection): Send {
  return async <Op extends OperationId>(
    operationId: Op,
    method: 'GET' | 'POST',
    path: string,
    requestOptions: RequestOptions | undefined,
    call: CallExtras<Op> = NONE,
  ): Promise<SuccessBody<Op>> => {
    const signal = requestOptions?.signal;
    const timeout = requestOptions?.timeout ?? o.timeout;
    const maxRetries = requestOptions?.maxRetries ?? o.maxRetries;
    const auth = call.auth ?? true;
    const idempotent = call.idempotent ?? true;
    const debugging = o.logger.debugging;
    if (signal?.aborted) throw new APIUserAbortError();

    let { baseUrl, token } = connection.cached(auth) ?? (await connection.resolve(auth));
    const target = path + queryString(call.query);
    const body = call.body && JSON.stringify(call.body);
    let retries = 0;
    let reauthenticated = false;

    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      if (call.headers) Object.assign(headers, call.headers);
      if (auth) headers.authorization = `Bearer ${token}`;
      const request: OutgoingRequest = { operationId, method, url: baseUrl + target, headers, body, attempt };
      const hooks = o.middleware.length > 0;
      if (hooks) for (const m of o.middleware) await m.onRequest?.(request);

      const started = debugging ? performance.now() : 0;
      const abort = new Attempt(signal, timeout);
      // fetch and the body read are awaited inline (no helper frames: this is the hot path);
      // their failures are classified below, a middleware's error propagates as is.
      let response: Response | undefined;
      let text = '';
      let failed: DaemonError | undefined;
      let doing: string | undefined = 'connect to';
      try {
        const init: RequestInit = { method: request.method, headers: request.headers };
        // Only what is set: a body or signal key, even undefined, costs fetch extra work.
        if (request.body !== undefined) init.body = request.body;
        if (signal || abort.at < Infinity) init.signal = abort.signal;
        response = await (o.fetch ?? fetch)(request.url, init);
        if (hooks) {
          doing = undefined;
          for (const m of o.middleware) response = (await m.onResponse?.(response, request)) ?? response;
        }
        doing = 'read the answer of';
        text = await response.text();
      } catch (e) {
        if (!doing) throw e;
        failed = failure(e, abort, request, timeout, doing);
      } finally {
        abort.done();
      }

      let error = failed;
      let value: unknown;
      let delay: number | undefined;
      let fresh: Resolved | undefined;
      // Connection refused: nothing reached the daemon, so even a non-idempotent call is safe to repeat.
      let refused = false;
      if (failed || !response) {
        refused = (failed?.cause as { cause?: { code?: unknown } } | undefined)?.cause?.code === 'ECONNREFUSED';
        if (failed instanceof APIConnectionError && (idempotent || refused) && retries < maxRetries) delay = retryDelay(++retries, o.backoff);
      } else if (response.ok) {
        value = parse(text);
        if (value === null || typeof value != 'object') {
          // The request id is a field of the error, for a daemon bug report.
          error = new ContractError(
            redact(`${operationId} got ${response.status} with a non-object body (${JSON.stringify(text.slice(0, 60))}): not a v3 daemon at ${baseUrl}?`, token),
            response.status,
            response.headers.get('x-request-id') ?? undefined,
          );
        }
      } else {
        const { status, headers: responseHeaders } = response;
        // Scrub before parsing, so neither the error's message nor its body can hold the token.
        const errorBody = parse(redact(text, token));
        error = APIError.from(status, errorBody, responseHeaders);
        if (status == 401 && auth && !reauthenticated && o.token === undefined) {
          // A restarted daemon writes a new token: re-read it once and retry if it changed.
          reauthenticated = true;
          try {
            fresh = await connection.resolve(true, true);
            if (fresh.token !== token) delay = 0;
          } catch (cause) {
            // Re-reading failed (e.g. state.json gone): the 401 stands, with that failure as its cause.
            error.cause = cause;
          }
        } else if (isRetryableStatus(status, idempotent) && retries < maxRetries) {
          delay = retryDelay(++retries, o.backoff, responseHeaders);
        }
      }
      if (debugging) {
        o.logger.debug(
          redact(
            `opta-daemon ${request.method} ${target} ${failed ? failed.name : response?.status} ${(performance.now() - started).toFixed(1)}ms ` +
              `req=${(!failed && response?.headers.get('x-request-id')) || '-'} attempt=${attempt}${delay === undefined ? '' : ` retry-in=${delay}ms`}`,
            token,
          ),
        );
      }
      if (!error) return value as SuccessBody<Op>;
      if (delay === undefined) throw error;
      if (!fresh) {
        await o.sleep(delay, signal);
        // Refused: a restarted daemon may listen on another port; re-read where it is now.
        if (refused && o.baseUrl === undefined && o.discover) fresh = await connection.resolve(auth, true, false).catch(() => undefined);
      }
      if (fresh) ({ baseUrl, token } = fresh);
    }
  };
}
