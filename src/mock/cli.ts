/**
 * The mock's command line, one implementation for `npx opta-mock` (the package's bin,
 * src/mock/bin.ts) and `npm run mock` (scripts/mock.ts): parse the flags, start the mock, print
 * the banner, stop cleanly on SIGINT/SIGTERM.
 *
 * `opta-mock [flags]` serves; `opta-mock <subcommand> …` runs a subcommand of SUBCOMMANDS
 * (the dispatch point: a new subcommand is one entry there).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMockDaemon } from './server.js';
import { runRecordCli } from './record-cli.js';
import { ScenarioError } from './scenarios.js';
import { PrismNotInstalledError, startPrismMock } from './prism.js';
import type { MockDaemonOptions, MockFaults } from './options.js';

export interface MockCliOptions {
  /** How the user invoked it, for the usage line: `opta-mock` or `npm run mock --`. */
  readonly program: string;
}

/** A subcommand: gets the arguments after its name; resolves when it has started (or finished). */
export type MockSubcommand = (args: readonly string[], options: MockCliOptions) => Promise<void>;

/** Subcommands by name. Without one of these names first, the arguments are the serve flags. */
export const SUBCOMMANDS: Readonly<Record<string, MockSubcommand>> = {
  serve: serveCommand,
  record: recordCommand,
};

/** Where state.json goes by default: `.opta-mock/state.json` under the current directory. */
export function defaultMockStatePath(): string {
  return join(process.cwd(), '.opta-mock', 'state.json');
}

function helpText(program: string): string {
  return `Usage: ${program} [serve] [flags]
       ${program} record --session ID [--url URL] [--out FILE.yaml]   (record --help for its flags)

  --port N                 port (0 = any free port); env OPTA_MOCK_PORT; default 9999
  --host H                 interface; default 127.0.0.1
  --token T                bearer token; env OPTA_MOCK_TOKEN; default random per start
  --state PATH             where to write state.json; default ./.opta-mock/state.json
  --scenario NAME|FILE     default turn scenario: plain | thinking | tools | error | long (shipped with the package),
                           or a scenario file such as one written by \`record\` (./session.yaml), replayed with
                           its recorded timing; a prompt starting with [mock:NAME] picks its own; default plain
  --speed N                play a scenario's own timing (recorded times, pauses) N times as fast; default 1
  --pace-ms N              ms between events of a turn (0 = as fast as possible); default 30
  --buffer N               events held per session for replay (small = expiring cursors); default 10000
  --allowed-origin O       allow a browser origin besides the loopback ones (repeatable): exact
                           (https://app.example), any port (http://devbox:*) or a scheme (app://*);
                           loopback origins (http://localhost:5173...) are always allowed; default none
  --allowed-host H         accept Host H (a hostname, any port) besides 127.0.0.1, localhost and [::1]
                           (repeatable), e.g. a dev box a proxy forwards for; default none
  --headers-timeout-ms N   time a client has to send its request headers (slowloris); default 10000
  --request-timeout-ms N   time a client has to send its whole request; default 30000
  --heartbeat-ms N         WebSocket heartbeat interval; default 10000
  --auth-timeout-ms N      time to send the auth frame; default 5000
  --verbose                log every REST request and WebSocket open/close
  --strict                 answer 500 / close 1011 instead of sending anything that violates the specs
  --prism                  REST only, from the spec's examples, through Prism (no state, no WebSocket)
 Faults (all off by default):
  --fault-drop-every N     drop each WebSocket after every N event frames
  --fault-drop-prob P      drop a WebSocket after an event frame with probability P (0..1)
  --fault-latency-ms N     added latency on REST responses and WebSocket frames
  --fault-error-rate P     fraction of REST requests answered 500 internal
  --fault-429-rate P       fraction of REST requests answered 429 rate_limited
  --fault-retry-after S    Retry-After seconds of those 429s; default 1
`;
}

const SERVE_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  state: { type: 'string' },
  scenario: { type: 'string' },
  speed: { type: 'string' },
  'pace-ms': { type: 'string' },
  buffer: { type: 'string' },
  'allowed-origin': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  'headers-timeout-ms': { type: 'string' },
  'request-timeout-ms': { type: 'string' },
  'heartbeat-ms': { type: 'string' },
  'auth-timeout-ms': { type: 'string' },
  strict: { type: 'boolean' },
  verbose: { type: 'boolean' },
  prism: { type: 'boolean' },
  'fault-drop-every': { type: 'string' },
  'fault-drop-prob': { type: 'string' },
  'fault-latency-ms': { type: 'string' },
  'fault-error-rate': { type: 'string' },
  'fault-429-rate': { type: 'string' },
  'fault-retry-after': { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** A command-line mistake: printed as one line, exit code 2. */
export class MockUsageError extends Error {
  override readonly name = 'MockUsageError';
}

function numberFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new MockUsageError(`--${flag} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

/** Drops undefined fields (exactOptionalPropertyTypes: an absent flag means "use the default"). */
function defined<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

interface Stoppable {
  close(): Promise<void>;
}

/** Stops the server on SIGINT/SIGTERM, once; a second signal a while later forces the exit. */
function stopOnSignals(server: Stoppable): void {
  let stoppingSince = 0;
  const stop = (signal: string): void => {
    // Ctrl-C reaches npm, tsx and this process at once, and tsx relays it again: ignore echoes.
    if (stoppingSince !== 0) {
      if (Date.now() - stoppingSince > 1_000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    log(`[mock] ${signal}: stopping`);
    server.close().then(
      () => {
        log('[mock] stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log(`[mock] stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** `opta-mock [serve] [flags]`: starts the mock (or Prism with --prism), prints the banner, runs until a signal. */
export async function serveCommand(args: readonly string[], options: MockCliOptions): Promise<void> {
  let values;
  try {
    values = parseArgs({ args: [...args], options: SERVE_FLAGS, strict: true }).values;
  } catch (error) {
    throw new MockUsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(helpText(options.program));
    return;
  }
  const port = numberFlag('port', values.port ?? process.env['OPTA_MOCK_PORT']) ?? 9999;
  const token = values.token ?? process.env['OPTA_MOCK_TOKEN'];
  const statePath = values.state ?? defaultMockStatePath();
  const startedAt = performance.now();
  if (values.prism) {
    const prism = await startPrismMock(defined({ port, host: values.host, token, statePath }));
    const readyMs = performance.now() - startedAt;
    process.stdout.write(
      `Opta mock daemon (Prism, REST from the spec's examples) ready in ${readyMs.toFixed(0)} ms\n` +
        `  REST   ${prism.url}/v3  (Prism PID ${prism.pid})\n` +
        `  WS     not available in --prism mode (Prism has no WebSocket support)\n` +
        `  token  ${prism.token}\n  state  ${prism.statePath}\n\n` +
        `Point the client at it:\n  export OPTA_DAEMON_STATE=${prism.statePath}\n`,
    );
    stopOnSignals(prism);
    return;
  }
  const faults: MockFaults = defined({
    dropEveryNEvents: numberFlag('fault-drop-every', values['fault-drop-every']),
    dropProbability: numberFlag('fault-drop-prob', values['fault-drop-prob']),
    latencyMs: numberFlag('fault-latency-ms', values['fault-latency-ms']),
    restErrorRate: numberFlag('fault-error-rate', values['fault-error-rate']),
    rateLimitRate: numberFlag('fault-429-rate', values['fault-429-rate']),
    retryAfterSeconds: numberFlag('fault-retry-after', values['fault-retry-after']),
  });
  const daemonOptions: MockDaemonOptions = defined({
    port,
    host: values.host,
    token,
    statePath,
    scenario: values.scenario,
    speed: numberFlag('speed', values.speed),
    paceMs: numberFlag('pace-ms', values['pace-ms']),
    bufferSize: numberFlag('buffer', values.buffer),
    allowedOrigins: values['allowed-origin'],
    allowedHosts: values['allowed-host'],
    headersTimeoutMs: numberFlag('headers-timeout-ms', values['headers-timeout-ms']),
    requestTimeoutMs: numberFlag('request-timeout-ms', values['request-timeout-ms']),
    heartbeatIntervalMs: numberFlag('heartbeat-ms', values['heartbeat-ms']),
    authTimeoutMs: numberFlag('auth-timeout-ms', values['auth-timeout-ms']),
    strict: values.strict ?? false,
    verbose: values.verbose ?? false,
    faults,
    log,
  });
  const mock = await startMockDaemon(daemonOptions);
  const readyMs = performance.now() - startedAt;
  const activeFaults = Object.entries(mock.faults).filter(([name, value]) => value !== 0 && name !== 'retryAfterSeconds');
  const faultLine = activeFaults.length > 0 ? `  faults ${activeFaults.map(([name, value]) => `${name}=${value}`).join(' ')}\n` : '';
  process.stdout.write(
    `Opta mock daemon v3 ready in ${readyMs.toFixed(0)} ms\n` +
      `  REST   ${mock.url}/v3\n  WS     ${mock.wsUrl}\n  token  ${mock.token}\n  state  ${mock.statePath}\n` +
      `  inspector ${mock.inspectorUrl}  (live sessions, clients and fault switches; it asks for the token)\n` +
      `  scenario ${daemonOptions.scenario ?? 'plain'}${daemonOptions.speed !== undefined ? ` at speed ${daemonOptions.speed}` : ''} (available: ${mock.scenarios.join(', ')}), epoch ${mock.epoch}\n` +
      faultLine +
      `\nPoint the client at it (new DaemonClient() with no arguments):\n  export OPTA_DAEMON_STATE=${mock.statePath}\n`,
  );
  stopOnSignals(mock);
}

/** `opta-mock record …`: records a session of any daemon into a scenario file (src/mock/record-cli.ts). */
async function recordCommand(args: readonly string[]): Promise<void> {
  const exitCode = await runRecordCli(args);
  if (exitCode !== 0) process.exit(exitCode);
}

/**
 * Runs the command line: a subcommand when the first argument names one, else `serve`.
 * Errors end the process: usage errors with exit code 2 and one line, others with 1 and the stack.
 */
export async function runMockCli(argv: readonly string[], options: MockCliOptions): Promise<void> {
  const [first, ...rest] = argv;
  const subcommand = first === undefined ? undefined : SUBCOMMANDS[first];
  try {
    if (subcommand) await subcommand(rest, options);
    else await serveCommand(argv, options);
  } catch (error) {
    if (error instanceof MockUsageError) {
      process.stderr.write(`mock: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof RangeError) {
      // A flag's value the options refuse (e.g. --allowed-origin localhost:5173): a usage error.
      process.stderr.write(`mock: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof ScenarioError) {
      // A scenario file the user gave: its message names the file and line; a stack would bury it.
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof PrismNotInstalledError) {
      process.stderr.write(`mock: ${error.message}\n`);
      process.exit(1);
    }
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    if (code === 'EADDRINUSE') {
      process.stderr.write(`mock: port ${String(port)} is in use; try --port 0\n`);
      process.exit(1);
    }
    process.stderr.write(`mock: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}
