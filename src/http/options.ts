import { baseUrlOf, type Discover } from '../auth/discover.js';
import type { TokenStore } from '../auth/token-store.js';
import { sleep as realSleep, type Sleep } from './abort.js';
import { makeLogger, type Logger } from './logger.js';

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

/** The options after defaults, computed once per client. */
export interface NormalizedOptions {
  readonly baseUrl: string | undefined;
  readonly token: string | undefined;
  readonly tokenStore?: TokenStore | undefined;
  readonly discover?: Discover | undefined;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly backoff: { readonly baseDelayMs: number; readonly maxDelayMs: number; readonly random: () => number };
  readonly fetch?: typeof fetch | undefined;
  /** Mutable: `DaemonClient.use()` appends. */
  readonly middleware: Middleware[];
  readonly logger: ReturnType<typeof makeLogger>;
  readonly sleep: Sleep;
}

const NUMERIC = ['timeout', 'maxRetries', 'retryBaseDelayMs', 'retryMaxDelayMs'] as const;

/** The explicit address: `baseUrl` without trailing slashes, else host/port (either may default), else none (discover it). */
function explicitBaseUrl(options: DaemonClientOptions): string | undefined {
  if (options.baseUrl !== undefined) return options.baseUrl.replace(/\/+$/, '');
  if (options.host === undefined && options.port === undefined) return undefined;
  return baseUrlOf(options.host, options.port);
}

export function normalizeOptions(options: DaemonClientOptions): NormalizedOptions {
  for (const name of NUMERIC) {
    const value = options[name];
    const valid = value === undefined || value >= 0;
    if (!valid) throw new RangeError(`DaemonClient option ${name} must be a number >= 0 (got ${value}).`);
  }
  return {
    // tokenStore, discover and fetch as given (the other given fields ride along unused).
    ...options,
    baseUrl: explicitBaseUrl(options),
    token: options.token || undefined,
    timeout: options.timeout ?? 60_000,
    maxRetries: Math.floor(options.maxRetries ?? 2),
    backoff: {
      baseDelayMs: options.retryBaseDelayMs ?? 500,
      maxDelayMs: options.retryMaxDelayMs ?? 8_000,
      random: options.random ?? Math.random,
    },
    middleware: [...(options.middleware ?? [])],
    logger: makeLogger(options.debug, options.logger),
    sleep: options.sleep ?? realSleep,
  };
}
