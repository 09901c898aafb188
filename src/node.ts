// The Node entry: everything of the browser entry, with a DaemonClient that discovers the
// daemon from env and state.json by default.
import { nodeDiscover } from './auth/node-discover.js';
import { DaemonClient as BrowserDaemonClient } from './client.js';
import type { DaemonClientOptions } from './http/options.js';
import type { ConnectWebSocketOptions } from './client.js';
import type { EventStream } from './stream/connection.js';
import { defaultNodeWebSocket } from './stream/ws-node.js';

// Every name of the browser entry — its list is curated in src/index.ts, so it is re-exported
// whole rather than copied — with this file's DaemonClient in place of the browser one (a local
// declaration wins over a star re-export). etc/daemon-client.api.md records the result.
export * from './index.js';

// ---- src/auth/: discovery from env and state.json --------------------------------------------
export { nodeDiscover, type NodeDiscoverOptions } from './auth/node-discover.js';
export { readStateFile, defaultStatePath, type DaemonState } from './auth/state-file.js';

// ---- src/stream/ws-node.ts: the `ws` transport, where Node has no global WebSocket -------------
export { NodeWebSocket } from './stream/ws-node.js';

/**
 * The DaemonClient of the Node entry: same class, with defaults `discover: nodeDiscover()`
 * (OPTA_DAEMON_URL / OPTA_DAEMON_TOKEN, then OPTA_DAEMON_STATE or ~/.config/opta/daemon/state.json)
 * and `debug: true` when OPTA_DAEMON_DEBUG=1.
 */
export class DaemonClient extends BrowserDaemonClient {
  constructor(options: DaemonClientOptions = {}) {
    super({
      ...options,
      discover: options.discover ?? nodeDiscover(),
      debug: options.debug ?? (process.env.OPTA_DAEMON_DEBUG === '1' || undefined),
    });
  }

  /** As in the browser, with the global WebSocket or, where Node has none, the `ws` package. */
  override connectWebSocket(options: ConnectWebSocketOptions = {}): EventStream {
    return super.connectWebSocket({ WebSocket: defaultNodeWebSocket(), ...options });
  }
}
