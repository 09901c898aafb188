import type { Discover } from '../auth/discover.js';
import type { TokenStore } from '../auth/token-store.js';
import type { DaemonClientOptions, Middleware, Sleep } from '../http/options.js';
import { sleep as realSleep } from './abort.js';
import { baseUrlOf } from './address.js';
import { makeLogger } from './logger.js';

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

/** The options with every default applied and the numbers checked (RangeError), once per client. */
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
