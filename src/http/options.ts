// The public option types of the clients (exported by the entries). Their normalisation, done
// once per client, is private: src/internal/options.ts.
import type { Discover } from '../auth/discover.js';
import type { TokenStore } from '../auth/token-store.js';
import type { Logger } from './logger.js';

/** A sleep of `ms` that rejects when `signal` aborts (the `sleep` option, a test seam). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Per-call options, the optional last argument of every method. */
export interface RequestOptions {
  /** Aborts the call (rejects with APIUserAbortError), including a wait between retries. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds per attempt before APITimeoutError. Default: the client's `timeout`. */
  readonly timeout?: number | undefined;
  /** Retries after the first attempt. Default: the client's `maxRetries`. */
  readonly maxRetries?: number | undefined;
  /** submitTurn only: the Idempotency-Key of this logical submit. Default: a new `crypto.randomUUID()` per call. */
  readonly idempotencyKey?: string | undefined;
}

/** A request as middleware sees it, before it is sent; change it in place. */
export interface OutgoingRequest {
  readonly operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
}

/**
 * Request/response hooks, run on every attempt (after auth is added; a header they set is sent).
 * `onResponse` may return a replacement Response. Do not log `headers.authorization`.
 */
export interface Middleware {
  onRequest?(request: OutgoingRequest): void | Promise<void>;
  onResponse?(response: Response, request: OutgoingRequest): Response | void | Promise<Response | void>;
}

/** Everything `new DaemonClient(options)` accepts. Every field is optional. */
export interface DaemonClientOptions {
  /** Daemon host. Default: discovered (Node: OPTA_DAEMON_URL, state.json), else `127.0.0.1`. */
  readonly host?: string | undefined;
  /** Daemon port. Default: discovered, else `9999`. */
  readonly port?: number | undefined;
  /** Full base URL (e.g. `http://127.0.0.1:9999`); wins over host/port. Default: see host/port. */
  readonly baseUrl?: string | undefined;
  /** Bearer token. Default: `tokenStore`, then discovered (Node: OPTA_DAEMON_TOKEN, state.json). */
  readonly token?: string | undefined;
  /** Where the token is kept (keyring adapter, LocalStorageTokenStore...). Default: none. */
  readonly tokenStore?: TokenStore | undefined;
  /** Finds address/token the options lack. Default: none in the browser entry; env + state.json in the Node entry. */
  readonly discover?: Discover | undefined;
  /** Milliseconds per attempt before APITimeoutError; 0 or Infinity = none. Default 60000. */
  readonly timeout?: number | undefined;
  /** Retries on connection errors, timeouts, 408, 429 and 5xx (see README for which calls). Default 2. */
  readonly maxRetries?: number | undefined;
  /** Backoff base: retry n waits uniform [0, min(cap, base·2^(n-1))] ms. Default 500. */
  readonly retryBaseDelayMs?: number | undefined;
  /** Backoff cap in ms. Default 8000. */
  readonly retryMaxDelayMs?: number | undefined;
  /** The fetch to use. Default `globalThis.fetch` (looked up at each request, so it can be mocked). */
  readonly fetch?: typeof fetch | undefined;
  /** Hooks run on every attempt. Default none. */
  readonly middleware?: readonly Middleware[] | undefined;
  /** One debug line per request. Default false (Node entry: true when OPTA_DAEMON_DEBUG=1). */
  readonly debug?: boolean | undefined;
  /** Where debug lines and warnings go; giving one turns debug lines on unless `debug: false`. Default console (warnings only). */
  readonly logger?: Logger | undefined;
  /** Test seam: the sleep between retries. Default a setTimeout sleep. */
  readonly sleep?: Sleep | undefined;
  /** Test seam: uniform random in [0, 1) for jitter. Default Math.random. */
  readonly random?: (() => number) | undefined;
}
