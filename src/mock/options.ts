/**
 * The one options object of the mock daemon. Every field is optional and documented with its
 * default; `normaliseOptions` fills them in once so the rest of the mock reads plain values.
 */
import { randomBytes } from 'node:crypto';
import { BUILT_IN_SCENARIOS_DIR } from './scenarios.js';
import { assertOriginPattern, hostnameOfHost } from './security.js';

/** Faults a frontend developer can switch on to see how a UI copes. All default to off. */
export interface MockFaults {
  /** Drop (terminate, no close frame → 1006) a WebSocket after every N event frames sent to it. Default 0 (off). */
  readonly dropEveryNEvents?: number;
  /** Probability (0..1) of dropping a WebSocket after each event frame sent to it. Default 0. */
  readonly dropProbability?: number;
  /** Added latency in ms before each REST response and each WebSocket frame the mock sends. Default 0. */
  readonly latencyMs?: number;
  /** Probability (0..1) that a REST request is answered `500 internal`. Default 0. */
  readonly restErrorRate?: number;
  /** Probability (0..1) that a REST request is answered `429 rate_limited`. Default 0. */
  readonly rateLimitRate?: number;
  /** `Retry-After` seconds sent with fault 429s. Default 1. */
  readonly retryAfterSeconds?: number;
}

export interface MockDaemonOptions {
  /** Interface to listen on. Default `127.0.0.1` (the contract's loopback). */
  readonly host?: string;
  /** Port; 0 picks a free one. Default 9999 (the contract's default port). */
  readonly port?: number;
  /** Bearer token. Default: 32 random hex chars, fresh per start. */
  readonly token?: string;
  /**
   * Default scenario of a turn: a name (a file in src/mock/scenarios/ without `.yaml`) or the
   * path of a scenario file, e.g. one written by `npm run record` (`./session.yaml`; a value
   * with a `/` or ending in `.yaml`, `.yml` or `.json` is a path). Default `plain`.
   */
  readonly scenario?: string;
  /** Divides a scenario's own waits (recorded `at` times and `pause` steps): 2 plays twice as fast. Default 1. */
  readonly speed?: number;
  /** Directory of scenario YAML files. Default: the `scenarios/` folder next to this file. */
  readonly scenariosDir?: string;
  /** Milliseconds between two events of a running turn; 0 streams as fast as the event loop allows. Default 30. */
  readonly paceMs?: number;
  /** Events held per session for replay; older cursors get `cursor_expired`. Default 10000. */
  readonly bufferSize?: number;
  /**
   * Origins allowed by the Origin check and CORS besides the loopback ones (http/https on
   * 127.0.0.1, localhost, [::1], any port — always allowed): exact `scheme://host[:port]`,
   * `scheme://host:*` (any port), `scheme://*` (a desktop shell's scheme, e.g. `app://*`) or
   * `null`. Default `[]`.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Hostnames accepted in `Host` besides 127.0.0.1, localhost and [::1] (always accepted), on
   * any port — e.g. the name of a dev box a proxy forwards for. Default `[]`.
   */
  readonly allowedHosts?: readonly string[];
  /** Milliseconds a client has to send the request headers before 408 (slowloris). Default 10000. */
  readonly headersTimeoutMs?: number;
  /** Milliseconds a client has to send the whole request before 408. Default 30000. */
  readonly requestTimeoutMs?: number;
  /** Largest total size of request headers in bytes before 431. Default 16384. */
  readonly maxHeaderBytes?: number;
  /** WebSocket heartbeat period in ms. Default 10000 (the contract's example). */
  readonly heartbeatIntervalMs?: number;
  /** Time a WebSocket has to send `auth` before close 4408. Default 5000 (x-opta-limits.authTimeoutMs). */
  readonly authTimeoutMs?: number;
  /** Largest client frame in bytes before close 4413. Default 65536. */
  readonly maxClientFrameBytes?: number;
  /** Single-session subscriptions per connection before `too_many_subscriptions`. Default 256. */
  readonly maxSubscriptions?: number;
  /** Connections per token before close 4429. Default 32. */
  readonly maxConnectionsPerToken?: number;
  /** Largest REST request body in bytes before 413. Default 1048576. */
  readonly maxBodyBytes?: number;
  /** Faults to inject (changeable later with `setFaults`). Default: none. */
  readonly faults?: MockFaults;
  /**
   * When true, a response or frame that violates the specs throws (REST answers 500, WS closes
   * 1011) besides being logged and counted. Default: true under vitest (`VITEST` set), else false.
   */
  readonly strict?: boolean;
  /**
   * Where to write state.json (`{host, port, token}`, mode 0600). `null` writes none.
   * Default: a fresh directory under os.tmpdir(), removed on close.
   */
  readonly statePath?: string | null;
  /** Log sink for lines the mock prints (violations, start, faults). Default: violations only, to stderr. */
  readonly log?: (line: string) => void;
  /** Daemon version reported by `GET /v3/health`. Default `3.0.0-mock`. */
  readonly version?: string;
  /** Log one line per REST request and WebSocket open/close through `log`. Default false. */
  readonly verbose?: boolean;
}

export interface NormalisedFaults {
  dropEveryNEvents: number;
  dropProbability: number;
  latencyMs: number;
  restErrorRate: number;
  rateLimitRate: number;
  retryAfterSeconds: number;
}

export interface NormalisedOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly scenario: string;
  readonly scenariosDir: string;
  readonly speed: number;
  readonly paceMs: number;
  readonly bufferSize: number;
  readonly allowedOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly heartbeatIntervalMs: number;
  readonly authTimeoutMs: number;
  readonly maxClientFrameBytes: number;
  readonly maxSubscriptions: number;
  readonly maxConnectionsPerToken: number;
  readonly maxBodyBytes: number;
  readonly faults: NormalisedFaults;
  readonly strict: boolean;
  readonly statePath: string | null | undefined;
  readonly log: (line: string) => void;
  readonly version: string;
  readonly verbose: boolean;
}

export const DEFAULT_SCENARIOS_DIR = BUILT_IN_SCENARIOS_DIR;

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`mock option ${name} must be a number ≥ 0, got ${String(value)}`);
  return v;
}

function positiveNumber(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`mock option ${name} must be a number > 0, got ${String(value)}`);
  return v;
}

function probability(name: string, value: number | undefined): number {
  const v = nonNegative(name, value, 0);
  if (v > 1) throw new RangeError(`mock fault ${name} must be between 0 and 1, got ${v}`);
  return v;
}

export function normaliseFaults(f: MockFaults = {}, base?: NormalisedFaults): NormalisedFaults {
  const b = base ?? { dropEveryNEvents: 0, dropProbability: 0, latencyMs: 0, restErrorRate: 0, rateLimitRate: 0, retryAfterSeconds: 1 };
  return {
    dropEveryNEvents: Math.floor(nonNegative('dropEveryNEvents', f.dropEveryNEvents, b.dropEveryNEvents)),
    dropProbability: probability('dropProbability', f.dropProbability ?? b.dropProbability),
    latencyMs: nonNegative('latencyMs', f.latencyMs, b.latencyMs),
    restErrorRate: probability('restErrorRate', f.restErrorRate ?? b.restErrorRate),
    rateLimitRate: probability('rateLimitRate', f.rateLimitRate ?? b.rateLimitRate),
    retryAfterSeconds: Math.floor(nonNegative('retryAfterSeconds', f.retryAfterSeconds, b.retryAfterSeconds)),
  };
}

function allowedOriginsOf(origins: readonly string[] = []): string[] {
  for (const origin of origins) assertOriginPattern(origin);
  return [...origins];
}

function allowedHostsOf(hosts: readonly string[] = []): string[] {
  return hosts.map((host) => {
    const hostname = hostnameOfHost(host);
    if (hostname === undefined || hostname !== host.toLowerCase()) {
      throw new RangeError(`mock option allowedHosts takes hostnames without a port (any port is accepted), got ${JSON.stringify(host)}`);
    }
    return hostname;
  });
}

export function normaliseOptions(o: MockDaemonOptions = {}): NormalisedOptions {
  const port = o.port ?? 9999;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`mock option port must be 0..65535, got ${port}`);
  const positive = (name: string, v: number | undefined, d: number): number => {
    const n = v ?? d;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`mock option ${name} must be an integer ≥ 1, got ${String(v)}`);
    return n;
  };
  const headersTimeoutMs = positive('headersTimeoutMs', o.headersTimeoutMs, 10_000);
  const requestTimeoutMs = positive('requestTimeoutMs', o.requestTimeoutMs, 30_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(`mock option headersTimeoutMs (${headersTimeoutMs}) must not exceed requestTimeoutMs (${requestTimeoutMs})`);
  }
  return {
    host: o.host ?? '127.0.0.1',
    port,
    token: o.token ?? randomBytes(16).toString('hex'),
    scenario: o.scenario ?? 'plain',
    scenariosDir: o.scenariosDir ?? DEFAULT_SCENARIOS_DIR,
    speed: positiveNumber('speed', o.speed, 1),
    paceMs: nonNegative('paceMs', o.paceMs, 30),
    bufferSize: positive('bufferSize', o.bufferSize, 10_000),
    allowedOrigins: allowedOriginsOf(o.allowedOrigins),
    allowedHosts: allowedHostsOf(o.allowedHosts),
    headersTimeoutMs,
    requestTimeoutMs,
    maxHeaderBytes: positive('maxHeaderBytes', o.maxHeaderBytes, 16_384),
    heartbeatIntervalMs: positive('heartbeatIntervalMs', o.heartbeatIntervalMs, 10_000),
    authTimeoutMs: positive('authTimeoutMs', o.authTimeoutMs, 5_000),
    maxClientFrameBytes: positive('maxClientFrameBytes', o.maxClientFrameBytes, 65_536),
    maxSubscriptions: positive('maxSubscriptions', o.maxSubscriptions, 256),
    maxConnectionsPerToken: positive('maxConnectionsPerToken', o.maxConnectionsPerToken, 32),
    maxBodyBytes: positive('maxBodyBytes', o.maxBodyBytes, 1_048_576),
    faults: normaliseFaults(o.faults),
    strict: o.strict ?? process.env['VITEST'] !== undefined,
    statePath: o.statePath,
    log: o.log ?? ((line) => { if (line.startsWith('[mock] CONTRACT VIOLATION')) process.stderr.write(`${line}\n`); }),
    version: o.version ?? '3.0.0-mock',
    verbose: o.verbose ?? false,
  };
}
