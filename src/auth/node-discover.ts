// Node only: reached from src/node.ts, never from src/index.ts.
import { DaemonError, TokenMissingError } from '../errors.js';
import { DEFAULT_HOST, baseUrlOf } from '../internal/address.js';
import type { Discover } from './discover.js';
import { defaultStatePath, invalidState, readStateFile } from './state-file.js';

export interface NodeDiscoverOptions {
  /** Default `process.env`, read at each discovery (so a changed env is seen on refresh). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Default `~/.config/opta/daemon/state.json` under the current HOME. */
  readonly statePath?: string | undefined;
}

function urlFromEnv(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DaemonError(`OPTA_DAEMON_URL is not a URL (expected e.g. http://127.0.0.1:9999).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DaemonError(`OPTA_DAEMON_URL must be an http(s) URL (expected e.g. http://127.0.0.1:9999).`);
  }
  if (url.username || url.password) throw new DaemonError('OPTA_DAEMON_URL must not carry credentials; use OPTA_DAEMON_TOKEN.');
  return url.origin;
}

/**
 * Node discovery: env first (OPTA_DAEMON_URL, OPTA_DAEMON_TOKEN), then the state file
 * (OPTA_DAEMON_STATE, else ~/.config/opta/daemon/state.json), read only for what env lacks.
 */
export function nodeDiscover(options: NodeDiscoverOptions = {}): Discover {
  let warned = false;
  return async ({ want, logger }) => {
    const env = options.env ?? process.env;
    const baseUrl = want.baseUrl && env.OPTA_DAEMON_URL ? urlFromEnv(env.OPTA_DAEMON_URL) : undefined;
    // Trimmed here so that a value ending in a newline counts as set (the client checks the rest).
    const token = want.token ? env.OPTA_DAEMON_TOKEN?.trim() || undefined : undefined;
    if ((!want.baseUrl || baseUrl) && (!want.token || token)) return { baseUrl, token, tokenSource: 'OPTA_DAEMON_TOKEN' };

    const path = env.OPTA_DAEMON_STATE || options.statePath || defaultStatePath();
    // Warn about loose permissions once per client, not on every refresh.
    const state = await readStateFile(path, warned ? undefined : logger);
    warned = true;
    let stateUrl: string | undefined;
    if (want.baseUrl && !baseUrl) {
      if (state.port === undefined) throw invalidState(path, 'no "port"');
      stateUrl = baseUrlOf(state.host ?? DEFAULT_HOST, state.port);
    }
    if (want.token && !token && !state.token) {
      throw new TokenMissingError(['options.token', 'OPTA_DAEMON_TOKEN', `${path} (has no "token")`]);
    }
    return { baseUrl: baseUrl ?? stateUrl, token: token ?? state.token, tokenSource: token ? 'OPTA_DAEMON_TOKEN' : `${path} ("token")` };
  };
}
