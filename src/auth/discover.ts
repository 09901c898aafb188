import type { Logger } from '../http/logger.js';

/** What a discovery hook is asked for. */
export interface DiscoverRequest {
  /** True after a 401: re-read the source instead of a cached value (a restarted daemon writes a new token). */
  readonly refresh: boolean;
  /** Which pieces the client still lacks. */
  readonly want: { readonly baseUrl: boolean; readonly token: boolean };
  /** The client's logger, for warnings (e.g. loose state.json permissions). */
  readonly logger: Logger;
}

/** What a discovery hook found; leave out what it does not know. */
export interface Discovered {
  /** e.g. `http://127.0.0.1:9999` (no trailing slash). */
  readonly baseUrl?: string | undefined;
  readonly token?: string | undefined;
  /** Where the token came from (e.g. `OPTA_DAEMON_TOKEN`), named by an error about it; never the token. */
  readonly tokenSource?: string | undefined;
}

/**
 * Finds the daemon's address and token when the options do not give them. The Node entry's
 * default reads env and state.json; browsers have none (then `http://127.0.0.1:9999` and the
 * token store). Throw a typed DaemonError when the source is broken.
 */
export type Discover = (request: DiscoverRequest) => Promise<Discovered>;
