import { DaemonError, TokenMissingError } from '../errors.js';
import type { Logger } from '../http/logger.js';
import { DEFAULT_HOST, DEFAULT_PORT, baseUrlOf, type Discover } from './discover.js';
import type { TokenStore } from './token-store.js';

export interface ConnectionSources {
  /** Explicit base URL (options.baseUrl, or built from options.host/port). */
  readonly baseUrl: string | undefined;
  /** Explicit token (options.token). */
  readonly token: string | undefined;
  readonly tokenStore: TokenStore | undefined;
  readonly discover: Discover | undefined;
  readonly logger: Logger;
}

export interface Resolved {
  readonly baseUrl: string;
  readonly token: string | undefined;
}

/**
 * Resolves the daemon's address and token lazily (first request), in the documented order:
 * explicit options → token store → discovery (Node: env, then state.json) → browser default
 * address. Results are cached; `refresh` (after a 401) re-reads every non-explicit source.
 * Concurrent first requests share one resolution.
 */
export class Connection {
  private baseUrl: string | undefined;
  private token: string | undefined;
  private inFlight: Promise<Resolved> | undefined;
  /** The last complete resolution, handed out as is by `cached` (no allocation per request). */
  private last: Resolved | undefined;

  constructor(private readonly sources: ConnectionSources) {}

  /** True when the token can change on refresh (not an explicit option). */
  get tokenRefreshable(): boolean {
    return this.sources.token === undefined;
  }

  /** The cached resolution, if complete: lets the hot path skip an await. */
  cached(needToken: boolean): Resolved | undefined {
    return this.last && (!needToken || this.last.token !== undefined) && !this.inFlight ? this.last : undefined;
  }

  /** True when the address can change on refresh (discovered, not an explicit option). */
  get addressRefreshable(): boolean {
    return this.sources.baseUrl === undefined && this.sources.discover !== undefined;
  }

  /**
   * The address and (if `needToken`) the token. `refresh` re-reads every non-explicit source;
   * `tokenRejected` (default: `refresh`) says the current token was just refused, so a store
   * still holding it is skipped in favour of discovery.
   */
  async resolve(needToken: boolean, refresh = false, tokenRejected = refresh): Promise<Resolved> {
    if (!refresh && this.baseUrl !== undefined && (!needToken || this.token !== undefined)) {
      return { baseUrl: this.baseUrl, token: this.token };
    }
    // One resolution at a time; a waiter re-checks the cache after it.
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (!refresh && this.baseUrl !== undefined && (!needToken || this.token !== undefined)) {
      return { baseUrl: this.baseUrl, token: this.token };
    }
    this.inFlight = this.run(needToken, refresh, tokenRejected);
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async run(needToken: boolean, refresh: boolean, tokenRejected: boolean): Promise<Resolved> {
    const { sources } = this;
    const rejected = tokenRejected ? this.token : undefined;
    let baseUrl = refresh ? sources.baseUrl : (this.baseUrl ?? sources.baseUrl);
    let token = sources.token ?? (refresh ? undefined : this.token);

    if (needToken && token === undefined && sources.tokenStore) {
      const stored = (await sources.tokenStore.get()) ?? undefined;
      // After a 401, the stored token that just failed is no better than none.
      if (stored && stored !== rejected) token = stored;
    }
    const want = { baseUrl: baseUrl === undefined, token: needToken && token === undefined };
    if ((want.baseUrl || want.token) && sources.discover) {
      const found = await sources.discover({ refresh, want, logger: sources.logger });
      if (want.baseUrl) baseUrl = found.baseUrl;
      if (want.token && found.token) {
        token = found.token;
        await sources.tokenStore?.set?.(token);
      }
    }
    if (baseUrl === undefined) {
      if (sources.discover) throw new DaemonError('Daemon discovery found no address; pass host/port or baseUrl.');
      baseUrl = baseUrlOf(DEFAULT_HOST, DEFAULT_PORT);
    }
    if (needToken && token === undefined) {
      // Nothing new after a 401: keep the old token; the caller reports the 401.
      if (refresh && this.token !== undefined) token = this.token;
      else
        throw new TokenMissingError(
          ['options.token', ...(sources.tokenStore ? ['tokenStore'] : []), ...(sources.discover ? ['discovery (env, state.json)'] : [])],
        );
    }
    this.baseUrl = baseUrl;
    if (token !== undefined) this.token = token;
    this.last = { baseUrl, token: this.token };
    return { baseUrl, token };
  }
}
