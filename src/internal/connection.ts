import { DaemonError, TokenMissingError } from '../errors.js';
import type { NormalizedOptions } from './options.js';
import { baseUrlOf } from './address.js';
import { cleanToken } from './token.js';

/** What the connection resolves from: the client's normalised options (explicit baseUrl/token, the store, discovery). */
export type ConnectionSources = Pick<NormalizedOptions, 'baseUrl' | 'token' | 'tokenStore' | 'discover' | 'logger'>;

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
  readonly #sources: ConnectionSources;
  #inFlight: Promise<Resolved> | undefined;
  /** The last complete resolution, handed out as is (no allocation per request). */
  #last: Resolved | undefined;

  constructor(sources: ConnectionSources) {
    this.#sources = sources;
  }

  /** The cached resolution, if complete and no resolution is running: lets the hot path skip an await. */
  cached(needToken: boolean): Resolved | undefined {
    const last = this.#last;
    return last && (!needToken || last.token !== undefined) && !this.#inFlight ? last : undefined;
  }

  /**
   * The address and (if `needToken`) the token. `refresh` re-reads every non-explicit source;
   * `tokenRejected` (default: `refresh`) says the current token was just refused, so a store
   * still holding it is skipped in favour of discovery.
   */
  async resolve(needToken: boolean, refresh = false, tokenRejected = refresh): Promise<Resolved> {
    // One resolution at a time; a waiter re-checks the cache after it.
    while (this.#inFlight) await this.#inFlight.catch(() => undefined);
    const cached = refresh ? undefined : this.cached(needToken);
    if (cached) return cached;
    try {
      return await (this.#inFlight = this.#run(needToken, refresh, tokenRejected));
    } finally {
      this.#inFlight = undefined;
    }
  }

  async #run(needToken: boolean, refresh: boolean, tokenRejected: boolean): Promise<Resolved> {
    const sources = this.#sources;
    const last = this.#last;
    let baseUrl = sources.baseUrl ?? (refresh ? undefined : last?.baseUrl);
    let token = cleanToken(sources.token, 'the token option') ?? (refresh ? undefined : last?.token);

    if (needToken && token === undefined && sources.tokenStore) {
      const stored = cleanToken(await sources.tokenStore.get(), 'the token store');
      // After a 401, the stored token that just failed is no better than none.
      if (stored && !(tokenRejected && stored === last?.token)) token = stored;
    }
    const want = { baseUrl: baseUrl === undefined, token: needToken && token === undefined };
    if ((want.baseUrl || want.token) && sources.discover) {
      const found = await sources.discover({ refresh, want, logger: sources.logger });
      if (want.baseUrl) baseUrl = found.baseUrl;
      const discovered = want.token ? cleanToken(found.token, found.tokenSource ?? 'discover') : undefined;
      if (discovered) {
        token = discovered;
        await sources.tokenStore?.set?.(discovered);
      }
      if (baseUrl === undefined) throw new DaemonError('Daemon discovery found no address; pass host/port or baseUrl.');
    }
    // Nothing new after a 401: keep the old token; the caller reports the 401.
    token ??= last?.token;
    if (needToken && token === undefined) {
      throw new TokenMissingError(['options.token', ...(sources.tokenStore ? ['tokenStore'] : []), ...(sources.discover ? ['discover'] : [])]);
    }
    return (this.#last = { baseUrl: baseUrl ?? baseUrlOf(), token });
  }
}
