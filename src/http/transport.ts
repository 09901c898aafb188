import type { Connection } from '../auth/connection.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  ContractError,
  DaemonError,
} from '../errors.js';
import { attemptSignal, type AttemptSignal } from './abort.js';
import type { OperationId, RequestBody, SuccessBody } from './contract.js';
import { redact } from './logger.js';
import type { NormalizedOptions, OutgoingRequest, RequestOptions } from './options.js';
import { isRetryableStatus, isUnprocessedStatus, retryDelay } from './retry.js';

/** One REST operation call, as the client describes it. */
export interface Call<Op extends OperationId> {
  readonly operationId: Op;
  readonly method: 'GET' | 'POST';
  /** Path with its parameters already encoded, e.g. `/v3/sessions/sess-1/turns`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>> | undefined;
  readonly body?: RequestBody<Op> | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** False only for the unauthenticated health probe. */
  readonly auth: boolean;
  /**
   * May this call be repeated when the daemon may already have acted on it (connection lost
   * after sending, timeout, 5xx)? True for reads, idempotent POSTs and keyed submits.
   */
  readonly idempotent: boolean;
}

function queryString(query: Call<OperationId>['query']): string {
  if (!query) return '';
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value !== undefined) out += `${out ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  return out;
}

/** Connection refused: nothing reached the daemon, so even a non-idempotent call is safe to repeat. */
function notSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return code === 'ECONNREFUSED';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Sends contract operations with plain `fetch(url, init)`: no Request object, no Headers merge
 * (that is where openapi-fetch spends its POST time, see bench/rest.ts), so the hot path stays
 * within a few percent of raw fetch. Adds auth, timeouts, retries, 401 re-auth and logging.
 */
export class Transport {
  constructor(
    private readonly options: NormalizedOptions,
    private readonly connection: Connection,
  ) {}

  async request<Op extends OperationId>(call: Call<Op>, requestOptions?: RequestOptions): Promise<SuccessBody<Op>> {
    const o = this.options;
    const signal = requestOptions?.signal;
    const timeout = requestOptions?.timeout ?? o.timeout;
    const maxRetries = requestOptions?.maxRetries ?? o.maxRetries;
    if (signal?.aborted) throw new APIUserAbortError();

    let { baseUrl, token } = this.connection.cached(call.auth) ?? (await this.connection.resolve(call.auth));
    const target = call.path + queryString(call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    let retries = 0;
    let reauthenticated = false;

    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      if (call.headers) Object.assign(headers, call.headers);
      if (call.auth && token !== undefined) headers.authorization = `Bearer ${token}`;
      const request: OutgoingRequest = { operationId: call.operationId, method: call.method, url: baseUrl + target, headers, body, attempt };
      const hooks = o.middleware.length > 0;
      if (hooks) for (const m of o.middleware) await m.onRequest?.(request);

      const started = o.logger.debugging ? performance.now() : 0;
      const attemptAbort = attemptSignal(signal, timeout);
      // fetch and the body read are awaited inline (no helper frames: this is the hot path);
      // their failures are classified below, a middleware's error propagates as is.
      let response: Response | undefined;
      let text = '';
      let failure: DaemonError | undefined;
      try {
        const init: RequestInit = { method: request.method, headers: request.headers };
        // Only what is set: a body or signal key, even undefined, costs fetch extra work.
        if (request.body !== undefined) init.body = request.body;
        if (attemptAbort.signal) init.signal = attemptAbort.signal;
        try {
          response = await (o.fetch ?? globalThis.fetch)(request.url, init);
        } catch (error) {
          failure = this.failure(error, attemptAbort, signal, timeout, request, 'connect to');
        }
        if (response && hooks) for (const m of o.middleware) response = (await m.onResponse?.(response, request)) ?? response;
        if (response) {
          try {
            text = await response.text();
          } catch (error) {
            failure = this.failure(error, attemptAbort, signal, timeout, request, 'read the answer of');
          }
        }
      } finally {
        attemptAbort.done();
      }
      if (failure || !response) {
        const error = failure as DaemonError;
        const safe = call.idempotent || notSent(error.cause);
        const delay = error instanceof APIConnectionError && safe && retries < maxRetries ? retryDelay(retries + 1, o.backoff) : undefined;
        this.log(request, target, error.name, started, undefined, delay, token);
        if (delay === undefined) throw error;
        retries++;
        await o.sleep(delay, signal);
        if (!safe || !notSent(error.cause) || !this.connection.addressRefreshable) continue;
        // Refused: a restarted daemon may listen on another port; re-read where it is now.
        const fresh = await this.connection.resolve(call.auth, true, false).catch(() => undefined);
        if (fresh) ({ baseUrl, token } = fresh);
        continue;
      }
      const { status } = response;

      if (response.ok) {
        const parsed = parseJson(text);
        if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object') {
          if (o.logger.debugging) this.log(request, target, String(status), started, response.headers.get('x-request-id') ?? undefined, undefined, token);
          return parsed.value as SuccessBody<Op>;
        }
        const requestId = response.headers.get('x-request-id') ?? undefined;
        this.log(request, target, String(status), started, requestId, undefined, token);
        throw new ContractError(
          redact(
            `${call.operationId} got ${status} with ${parsed.ok ? 'non-object JSON' : 'a non-JSON body'} ` +
              `(${JSON.stringify(text.slice(0, 60))}): not a v3 daemon at ${baseUrl}?${requestId ? ` (request id ${requestId})` : ''}`,
            token,
          ),
          status,
          requestId,
          parsed.ok ? undefined : { cause: parsed.error },
        );
      }
      const requestId = response.headers.get('x-request-id') ?? undefined;

      // Scrub before parsing, so neither the error's message nor its body can hold the token.
      const scrubbed = redact(text, token);
      const parsed = parseJson(scrubbed);
      const errorBody = parsed.ok ? parsed.value : scrubbed;

      if (status === 401 && call.auth && !reauthenticated && this.connection.tokenRefreshable) {
        // A restarted daemon writes a new token: re-read it once and retry if it changed.
        reauthenticated = true;
        let fresh: { baseUrl: string; token: string | undefined };
        try {
          fresh = await this.connection.resolve(true, true);
        } catch (cause) {
          this.log(request, target, String(status), started, requestId, undefined, token);
          const error = APIError.from(status, errorBody, response.headers);
          throw new AuthenticationError(status, errorBody, response.headers, redact(`${error.message} Re-reading the token failed: ${(cause as Error).message}`, token));
        }
        if (fresh.token !== token) {
          this.log(request, target, String(status), started, requestId, 0, token);
          ({ baseUrl, token } = fresh);
          continue;
        }
      }

      const error = APIError.from(status, errorBody, response.headers);
      const mayRetry = isRetryableStatus(status) && retries < maxRetries && (call.idempotent || isUnprocessedStatus(status));
      const delay = mayRetry ? retryDelay(retries + 1, o.backoff, response.headers) : undefined;
      this.log(request, target, String(status), started, requestId, delay, token);
      if (delay === undefined) throw error;
      retries++;
      await o.sleep(delay, signal);
    }
  }

  /** Names why an attempt produced no answer: the caller aborted, it timed out, or the network failed. */
  private failure(error: unknown, abort: AttemptSignal, user: AbortSignal | undefined, timeout: number, request: OutgoingRequest, what: string): DaemonError {
    if (error instanceof DaemonError) return error;
    if (user?.aborted) return new APIUserAbortError(undefined, { cause: error });
    const where = `${request.method} ${request.url}`;
    if (abort.timedOut()) {
      return new APITimeoutError(`No answer within ${timeout} ms (${where}); raise \`timeout\` if the daemon is busy.`, { cause: error });
    }
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    return new APIConnectionError(
      `Could not ${what} the daemon (${where}${typeof code === 'string' ? `: ${code}` : ''}). Is it running?`,
      { cause: error },
    );
  }

  private log(request: OutgoingRequest, target: string, outcome: string, started: number, requestId: string | undefined, retryIn: number | undefined, token: string | undefined): void {
    if (!this.options.logger.debugging) return;
    const ms = (performance.now() - started).toFixed(1);
    const line =
      `opta-daemon ${request.method} ${target} ${outcome} ${ms}ms` +
      ` req=${requestId ?? '-'} attempt=${request.attempt}` +
      (retryIn === undefined ? '' : ` retry-in=${retryIn}ms`);
    this.options.logger.debug(redact(line, token));
  }
}
