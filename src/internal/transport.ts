/**
 * The REST transport: one `request(method, path, call, options)` per contract operation, where
 * `method` and `path` are keys of the generated `paths` (openapi-fetch style: a pair the
 * contract does not declare does not compile) and the path parameters, query, body and answer
 * are typed by that operation. It sends with plain `fetch(url, init)` — no Request object and
 * no Headers merge, which is where openapi-fetch spends its time (bench/rest.ts) — and adds
 * auth, deadlines, retries, the 401 re-read, contract checks of the answer and logging.
 */
import { OPERATION_IDS } from '../../generated/operations.js';
import type { Connection, Resolved } from './connection.js';
import { APIConnectionError, APIError, ContractError, DaemonError, APIUserAbortError } from '../errors.js';
import { Attempt, withinDeadline } from './abort.js';
import { parseErrorBody, parseJson, successBodyProblem } from './answers.js';
import { failureOf, systemErrorCode } from './failures.js';
import type { HttpMethod, OperationAt, PathParamsOf, PathWith, QueryOf, RequestBodyOf, ResponseBodyOf } from './operation-types.js';
import { redact } from './logger.js';
import type { Middleware, OutgoingRequest, RequestOptions } from '../http/options.js';
import type { NormalizedOptions } from './options.js';
import { expandPath, queryString } from './path.js';
import { isRetryableStatus, retryDelay } from './retry.js';

/** Path parameters: required when the operation has some. */
type PathInput<Operation> = [PathParamsOf<Operation>] extends [never]
  ? { readonly path?: undefined }
  : { readonly path: PathParamsOf<Operation> };

/** The JSON body: required when the operation takes one. */
type BodyInput<Operation> = [RequestBodyOf<Operation>] extends [never]
  ? { readonly body?: undefined }
  : { readonly body: RequestBodyOf<Operation> };

/** What one call adds to its method and path, typed by the operation. */
export type Call<Operation> = PathInput<Operation> &
  BodyInput<Operation> & {
    readonly query?: ([QueryOf<Operation>] extends [never] ? undefined : QueryOf<Operation>) | undefined;
    readonly headers?: Readonly<Record<string, string>> | undefined;
    /** False only for the unauthenticated health probe. */
    readonly auth?: false;
    /**
     * False when repeating the call after the daemon may have acted on it (connection lost after
     * sending, timeout, 5xx) could act twice (createSession). Reads, idempotent POSTs and keyed
     * submits may be repeated.
     */
    readonly idempotent?: false;
    /** A long-poll wait the daemon was asked for (ms): it extends the attempt's deadline. */
    readonly waitMs?: number | undefined;
    /**
     * The success body's validator, when not the contract's strict one for the status (e.g. an
     * event page that may hold event names newer than this SDK). Generated, never hand-written.
     */
    readonly validateSuccess?: ((value: unknown) => boolean) | undefined;
  };

/** The answer of one attempt: the response and its whole body. */
interface Answer {
  readonly response: Response;
  readonly text: string;
}

/** What the attempt led to: a value to return, or an error. */
interface Outcome {
  readonly value?: unknown;
  readonly error?: DaemonError;
}

/** One call's settings and its retry bookkeeping across attempts. */
interface CallState {
  readonly signal: AbortSignal | undefined;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly auth: boolean;
  readonly idempotent: boolean;
  retries: number;
  reauthenticated: boolean;
}

/** After a failed attempt: wait `delay` ms and try again (undefined: do not), with `fresh` credentials if re-read. */
interface RetryPlan {
  readonly delay: number | undefined;
  readonly fresh: Resolved | undefined;
  /** The connection was refused (nothing reached the daemon; it may have moved to another port). */
  readonly refused: boolean;
}

const NO_RETRY: RetryPlan = { delay: undefined, fresh: undefined, refused: false };

async function runRequestHooks(middleware: readonly Middleware[], request: OutgoingRequest): Promise<void> {
  for (const hook of middleware) await hook.onRequest?.(request);
}

async function runResponseHooks(middleware: readonly Middleware[], response: Response, request: OutgoingRequest): Promise<Response> {
  let current = response;
  for (const hook of middleware) current = (await hook.onResponse?.(current, request)) ?? current;
  return current;
}

export class Transport {
  readonly #options: NormalizedOptions;
  readonly #connection: Connection;

  constructor(options: NormalizedOptions, connection: Connection) {
    this.#options = options;
    this.#connection = connection;
  }

  /**
   * Sends the operation `method path` of the contract and resolves with its success body.
   * Rejects with a DaemonError: InvalidIdError before sending, APIError for an error answer,
   * ContractError for a success answer the contract does not allow, APIConnectionError /
   * APITimeoutError / APIUserAbortError when no answer came.
   */
  async request<Method extends HttpMethod, Path extends PathWith<Method>>(
    method: Method,
    path: Path,
    call: Call<OperationAt<Path, Method>>,
    requestOptions?: RequestOptions,
  ): Promise<ResponseBodyOf<OperationAt<Path, Method>>> {
    const options = this.#options;
    const operationId = (OPERATION_IDS as Readonly<Record<string, string>>)[`${method} ${path}`] ?? `${method} ${path}`;
    const signal = requestOptions?.signal;
    const timeout = requestOptions?.timeout ?? options.timeout;
    const maxRetries = requestOptions?.maxRetries ?? options.maxRetries;
    const auth = call.auth ?? true;
    const idempotent = call.idempotent ?? true;
    // A long-poll's wait is not the daemon being slow: the deadline covers the answer after it.
    const attemptTimeout = call.waitMs && timeout > 0 && timeout < Infinity ? timeout + call.waitMs : timeout;
    if (signal?.aborted) throw new APIUserAbortError();

    // Checked before anything else: an id that is not the contract's never reaches a URL.
    const target = expandPath(operationId, path, call.path as Readonly<Record<string, string>> | undefined) + queryString(call.query);
    let resolved = this.#connection.cached(auth) ?? (await this.#resolve(auth, false, signal, timeout));
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const middleware = options.middleware;
    const state: CallState = { signal, timeout, maxRetries, auth, idempotent, retries: 0, reauthenticated: false };

    for (let attemptNumber = 1; ; attemptNumber++) {
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      if (call.headers) Object.assign(headers, call.headers);
      if (auth) headers.authorization = `Bearer ${resolved.token}`;
      const request: OutgoingRequest = { operationId, method, url: resolved.baseUrl + target, headers, body, attempt: attemptNumber };
      if (middleware.length > 0) await runRequestHooks(middleware, request);

      const started = options.logger.debugging ? performance.now() : 0;
      const answer = await this.#exchange(request, signal, attemptTimeout);
      const outcome = answer instanceof DaemonError ? { error: answer } : this.#judge(operationId, answer, resolved, call.validateSuccess);

      const plan = outcome.error ? await this.#planRetry(answer, outcome.error, state, resolved) : NO_RETRY;
      if (options.logger.debugging) this.#log(request, target, answer, started, plan.delay, resolved.token);
      if (!outcome.error) return outcome.value as ResponseBodyOf<OperationAt<Path, Method>>;
      if (plan.delay === undefined) throw outcome.error;
      let fresh = plan.fresh;
      if (!fresh) {
        await options.sleep(plan.delay, signal);
        // Refused: a restarted daemon may listen on another port; re-read where it is now.
        if (plan.refused && options.baseUrl === undefined && options.discover) {
          fresh = await this.#resolve(state.auth, true, signal, state.timeout, false).catch(() => undefined);
        }
      }
      if (fresh) resolved = fresh;
    }
  }

  /**
   * Whether and when to try again after a failed attempt: connection errors when the call may
   * be repeated (or nothing reached the daemon), 408/429/5xx per `isRetryableStatus`, and a 401
   * once with a re-read token (at once, when the token changed).
   */
  async #planRetry(answer: Answer | DaemonError, error: DaemonError, state: CallState, resolved: Resolved): Promise<RetryPlan> {
    const backoff = this.#options.backoff;
    const retryAllowed = state.retries < state.maxRetries;
    if (answer instanceof DaemonError) {
      // Connection refused: nothing reached the daemon, so even a non-idempotent call is safe to repeat.
      const refused = answer instanceof APIConnectionError && systemErrorCode(answer.cause) === 'ECONNREFUSED';
      const repeatable = answer instanceof APIConnectionError && (state.idempotent || refused);
      if (!repeatable || !retryAllowed) return NO_RETRY;
      return { delay: retryDelay(++state.retries, backoff), fresh: undefined, refused };
    }
    const status = answer.response.status;
    if (status === 401 && state.auth && !state.reauthenticated && this.#options.token === undefined) {
      // A restarted daemon writes a new token: re-read it once and retry if it changed.
      state.reauthenticated = true;
      try {
        const fresh = await this.#resolve(state.auth, true, state.signal, state.timeout);
        return fresh.token !== resolved.token ? { delay: 0, fresh, refused: false } : { delay: undefined, fresh, refused: false };
      } catch (cause) {
        // Re-reading failed (e.g. state.json gone): the 401 stands, with that failure as its cause.
        error.cause = cause;
        return NO_RETRY;
      }
    }
    if (!isRetryableStatus(status, state.idempotent) || !retryAllowed) return NO_RETRY;
    return { delay: retryDelay(++state.retries, backoff, answer.response.headers), fresh: undefined, refused: false };
  }

  /** The address and token, within the call's deadline (state files, token stores and discover hooks can hang). */
  #resolve(auth: boolean, refresh: boolean, signal: AbortSignal | undefined, timeout: number, tokenRejected = refresh): Promise<Resolved> {
    return withinDeadline(
      this.#connection.resolve(auth, refresh, tokenRejected),
      signal,
      timeout,
      'Finding the daemon (state file, token store or discover hook) took longer than the timeout',
    );
  }

  /** One attempt: fetch, response middleware, body read. Returns the answer, or why there is none. */
  async #exchange(request: OutgoingRequest, signal: AbortSignal | undefined, timeout: number): Promise<Answer | DaemonError> {
    const middleware = this.#options.middleware;
    const attempt = new Attempt(signal, timeout);
    let stage: 'fetch' | 'middleware' | 'read' = 'fetch';
    try {
      const init: RequestInit = { method: request.method, headers: request.headers };
      // Only what is set: a body or signal key, even undefined, costs fetch extra work.
      if (request.body !== undefined) init.body = request.body;
      if (signal || attempt.at < Infinity) init.signal = attempt.signal;
      const fetchImplementation = this.#options.fetch ?? fetch;
      let response = await fetchImplementation(request.url, init);
      if (middleware.length > 0) {
        stage = 'middleware';
        response = await runResponseHooks(middleware, response, request);
      }
      stage = 'read';
      const text = await response.text();
      return { response, text };
    } catch (error) {
      // A middleware's own error propagates as is (it is the application's).
      if (stage === 'middleware') throw error;
      return failureOf(error, attempt, request, timeout, stage === 'read');
    } finally {
      attempt.done();
    }
  }

  /** The value of a success answer (checked against the contract), or the error of any other. */
  #judge(operationId: string, answer: Answer, resolved: Resolved, validateSuccess: ((value: unknown) => boolean) | undefined): Outcome {
    const { response, text } = answer;
    if (!response.ok) {
      // Scrubbed before parsing, so neither the error's message nor its body can hold the token.
      return { error: APIError.from(response.status, parseErrorBody(redact(text, resolved.token)), headersWithoutToken(response.headers, resolved.token)) };
    }
    const value = parseJson(text);
    const problem = successBodyProblem(operationId, response.status, value, text, validateSuccess);
    if (problem === undefined) return { value };
    const requestId = headersWithoutToken(response.headers, resolved.token).get('x-request-id') ?? undefined;
    const message = `${operationId} got ${response.status} with ${problem}: the daemon at ${resolved.baseUrl} broke the v3 contract.`;
    return { error: new ContractError(redact(message, resolved.token), response.status, requestId) };
  }

  #log(request: OutgoingRequest, target: string, answer: Answer | DaemonError, started: number, delay: number | undefined, token: string | undefined): void {
    const failed = answer instanceof DaemonError;
    const status = failed ? answer.name : answer.response.status;
    const requestId = (!failed && answer.response.headers.get('x-request-id')) || '-';
    const retry = delay === undefined ? '' : ` retry-in=${delay}ms`;
    const line = `opta-daemon ${request.method} ${target} ${status} ${(performance.now() - started).toFixed(1)}ms req=${requestId} attempt=${request.attempt}${retry}`;
    this.#options.logger.debug(redact(line, token));
  }
}

/** The answer's headers, with the token scrubbed from any value that echoes it (they end up in errors). */
function headersWithoutToken(headers: Headers, token: string | undefined): Headers {
  if (!token || token.length < 4) return headers;
  let scrubbed: Headers | undefined;
  headers.forEach((value, name) => {
    if (!value.includes(token)) return;
    scrubbed ??= new Headers(headers);
    scrubbed.set(name, redact(value, token));
  });
  return scrubbed ?? headers;
}
