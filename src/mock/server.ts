/**
 * startMockDaemon: one HTTP server on one port serving REST v3 and the /v3/ws upgrade, over
 * one store, as the real daemon does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Conformance } from './conformance.js';
import { Faults } from './faults.js';
import { answerClientError, createRestHandler, refuseUpgradeWithoutHost } from './http.js';
import { MockControls } from './inspector/controls.js';
import { InspectorRoutes, INSPECTOR_PREFIX, isInspectorPath } from './inspector/routes.js';
import { normaliseOptions, type MockDaemonOptions, type MockFaults, type NormalisedFaults } from './options.js';
import { contractEventCheck, isScenarioPath, loadScenarioFile, loadScenarios, type Scenario } from './scenarios.js';
import { writeStateFile, type StateFile } from './state-file.js';
import { Store } from './store.js';
import { TurnRunner } from './turns.js';
import { contractValidator, type Violation } from './validation.js';
import { CLOSE, StreamServer } from './ws.js';

export interface MockDaemon {
  /** REST base URL, e.g. `http://127.0.0.1:9999`. */
  readonly url: string;
  /** WebSocket URL, e.g. `ws://127.0.0.1:9999/v3/ws`. */
  readonly wsUrl: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** Where state.json was written, or null when `statePath: null`. */
  readonly statePath: string | null;
  /** Milliseconds from the call to listening. */
  readonly readyMs: number;
  /** The current epoch (changes on `restart()`). */
  readonly epoch: string;
  /** Contract violations of the mock's own output so far (tests assert none). */
  readonly violations: readonly Violation[];
  /** Scenario names available (file names in the scenarios directory, and a `scenario` file given by path). */
  readonly scenarios: readonly string[];
  /** The inspector page, e.g. `http://127.0.0.1:9999/_mock/` (it asks for the token). */
  readonly inspectorUrl: string;
  /** The current faults. */
  readonly faults: NormalisedFaults;
  /** Changes faults at run time (unspecified ones are kept). */
  setFaults(faults: MockFaults): void;
  /** Number of open WebSocket connections. */
  connectionCount(): number;
  /** Cuts every WebSocket now with no close frame (clients see 1006); returns how many. */
  dropSockets(): number;
  /** Holds back every WebSocket frame for `seconds` (sockets stay open; 0 ends it). */
  blackhole(seconds: number): void;
  /** Drops a session's held events but the newest `keep` (default 0): older cursors expire. */
  expireBuffer(sessionId: string, keep?: number): { oldestSeq: number; headSeq: number };
  /** The scenario later turns play unless their prompt picks one (`[mock:NAME]`). */
  setScenario(name: string): void;
  /**
   * Simulates a daemon restart on the same port: running turns end with session.cancelled
   * (reason shutdown), every WebSocket is closed with 1012, the event buffers are dropped and a
   * new epoch begins (sessions survive; their seqs start again from 1).
   */
  restart(): Promise<void>;
  /** Stops: running turns cancelled (shutdown), sockets closed 1001, server closed, temp state removed. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The scenarios folder, plus the `scenario` option's file when it is a path (it wins a name
 * clash); `defaultName` is the name turns play by default.
 */
function scenarioSet(dir: string, scenario: string): { scenarios: Map<string, Scenario>; defaultName: string } {
  const check = contractEventCheck;
  const scenarios = loadScenarios(dir, check);
  if (!isScenarioPath(scenario)) return { scenarios, defaultName: scenario };
  const file = loadScenarioFile(scenario, check);
  scenarios.set(file.name, file);
  return { scenarios, defaultName: file.name };
}

export async function startMockDaemon(options: MockDaemonOptions = {}): Promise<MockDaemon> {
  const t0 = performance.now();
  const o = normaliseOptions(options);
  const validator = contractValidator();
  const conformance = new Conformance(o.strict, o.log);
  const store = new Store(o.bufferSize);
  const { scenarios, defaultName } = scenarioSet(o.scenariosDir, o.scenario);
  // One settings object shared with the runner: the inspector's scenario picker changes `scenario`.
  const turnSettings = { paceMs: o.paceMs, scenario: defaultName, speed: o.speed };
  const runner = new TurnRunner(store, scenarios, turnSettings);
  const faults = new Faults(o.faults);
  let port = o.port;
  const startedAt = Date.now();

  const rest = createRestHandler({ options: o, store, runner, faults, validator, conformance, startedAt });
  const stream = new StreamServer({ options: o, store, faults, validator, conformance, port: () => port });
  const restart = async (): Promise<void> => {
    runner.shutdown();
    stream.closeAll(CLOSE.serviceRestart, 'service_restart');
    store.resetEpoch();
    o.log(`[mock] restarted; epoch ${store.epoch}`);
  };
  const controls = new MockControls({ store, stream, faults, scenarios, turnSettings, restart, log: o.log });
  const inspector = new InspectorRoutes({ controls, token: o.token, policy: o, port: () => port, log: o.log });
  const server: Server = createServer(
    {
      keepAliveTimeout: 5_000,
      // The Host check answers a missing Host with a 400 Problem (Node's own 400 has no body).
      requireHostHeader: false,
      headersTimeout: o.headersTimeoutMs,
      requestTimeout: o.requestTimeoutMs,
      maxHeaderSize: o.maxHeaderBytes,
      // How often Node looks for connections past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(o.headersTimeoutMs / 4)),
    },
    // The inspector's /_mock/ routes come first; everything else is the daemon's REST.
    (req, res) => (isInspectorPath(req.url) ? inspector.handle(req, res) : rest(req, res)),
  );
  server.on('upgrade', (req, socket, head) => {
    if (!req.headers.host) return refuseUpgradeWithoutHost(socket);
    stream.handleUpgrade(req, socket, head);
  });
  server.on('clientError', answerClientError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = hostForUrl(o.host);
  let state: StateFile | undefined;
  try {
    state = o.statePath === null ? undefined : writeStateFile(o.statePath, { host: o.host, port, token: o.token });
  } catch (err) {
    server.close();
    throw err;
  }
  const readyMs = performance.now() - t0;
  o.log(`[mock] listening on http://${urlHost}:${port} (ready in ${readyMs.toFixed(0)} ms)`);

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}/v3/ws`,
    host: o.host,
    port,
    token: o.token,
    statePath: state?.path ?? null,
    readyMs,
    get epoch() {
      return store.epoch;
    },
    violations: conformance.violations,
    scenarios: [...scenarios.keys()],
    inspectorUrl: `http://${urlHost}:${port}${INSPECTOR_PREFIX}`,
    get faults() {
      return faults.settings;
    },
    setFaults: (f) => faults.set(f),
    connectionCount: () => stream.connections.size,
    dropSockets: () => controls.dropSockets(),
    blackhole: (seconds) => controls.blackhole(seconds),
    expireBuffer: (sessionId, keep = 0) => controls.expireBuffer(sessionId, keep),
    setScenario: (name) => controls.setScenario(name),
    restart,
    close() {
      closed ??= (async () => {
        runner.shutdown();
        inspector.close();
        stream.closeAll(CLOSE.goingAway, 'going_away: the daemon is shutting down');
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Give close handshakes a moment, then cut whatever is left.
        const force = setTimeout(() => {
          stream.terminateAll();
          server.closeAllConnections();
        }, 500);
        await done;
        clearTimeout(force);
        stream.dispose();
        state?.remove();
      })();
      return closed;
    },
  };
}
