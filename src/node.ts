// The Node entry: everything of the browser entry, with a DaemonRestClient and a DaemonClient
// that discover the daemon from env and state.json by default.
import { nodeDiscover } from './auth/node-discover.js';
import { DaemonClient as BrowserDaemonClient } from './client.js';
import { DaemonRestClient as BrowserDaemonRestClient } from './rest-client.js';
import type { DaemonClientOptions } from './http/options.js';
import type { ConnectWebSocketOptions } from './client.js';
import type { EventStream } from './stream/connection.js';
import { defaultNodeWebSocket } from './stream/ws-node.js';

// Every name of the browser entry — its list is curated in src/index.ts, so it is re-exported
// whole rather than copied — with this file's DaemonRestClient and DaemonClient in place of the
// browser ones (a local declaration wins over a star re-export). etc/daemon-client.api.md records the result.
export * from './index.js';

// ---- src/auth/: discovery from env and state.json --------------------------------------------
export { nodeDiscover, type NodeDiscoverOptions } from './auth/node-discover.js';
export { readStateFile, defaultStatePath, type DaemonState } from './auth/state-file.js';

// ---- src/stream/ws-node.ts: the `ws` transport, where Node has no global WebSocket -------------
export { NodeWebSocket } from './stream/ws-node.js';

/**
 * The Node defaults of both clients: `discover: nodeDiscover()` (OPTA_DAEMON_URL /
 * OPTA_DAEMON_TOKEN, then OPTA_DAEMON_STATE or ~/.config/opta/daemon/state.json) and
 * `debug: true` when OPTA_DAEMON_DEBUG=1; a field given in `options` wins.
 */
function withNodeDefaults(options: DaemonClientOptions): DaemonClientOptions {
  return {
    ...options,
    discover: options.discover ?? nodeDiscover(),
    debug: options.debug ?? (process.env.OPTA_DAEMON_DEBUG === '1' || undefined),
  };
}

/**
 * The DaemonRestClient of the Node entry: REST only (no event stream), with the Node defaults
 * `discover: nodeDiscover()` (OPTA_DAEMON_URL / OPTA_DAEMON_TOKEN, then OPTA_DAEMON_STATE or
 * ~/.config/opta/daemon/state.json) and `debug: true` when OPTA_DAEMON_DEBUG=1.
 */
export class DaemonRestClient extends BrowserDaemonRestClient {
  constructor(options: DaemonClientOptions = {}) {
    super(withNodeDefaults(options));
  }
}

/**
 * The DaemonClient of the Node entry: same class as the browser's, with the Node defaults of
 * DaemonRestClient (env + state.json discovery, OPTA_DAEMON_DEBUG) and, for the stream, the
 * global WebSocket or, where Node has none, the `ws` package. It extends the browser
 * DaemonClient, so `instanceof` holds for the browser classes, not for the Node DaemonRestClient.
 */
export class DaemonClient extends BrowserDaemonClient {
  constructor(options: DaemonClientOptions = {}) {
    super(withNodeDefaults(options));
  }

  /** As in the browser, with the global WebSocket or, where Node has none, the `ws` package. */
  override connectWebSocket(options: ConnectWebSocketOptions = {}): EventStream {
    return super.connectWebSocket({ WebSocket: defaultNodeWebSocket(), ...options });
  }
}
