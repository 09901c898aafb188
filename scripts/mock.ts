/**
 * `npm run mock` — the mock Opta daemon v3 for frontend work: REST and WebSocket on one port,
 * stateful, validated against the specs at run time. `--help` lists the flags.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockDaemon, startPrismMock, type MockDaemonOptions, type MockFaults } from '../src/mock/index.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_STATE = join(REPO, '.opta-mock', 'state.json');

const HELP = `Usage: npm run mock -- [flags]

  --port N                 port (0 = any free port); env OPTA_MOCK_PORT; default 9999
  --host H                 interface; default 127.0.0.1
  --token T                bearer token; env OPTA_MOCK_TOKEN; default random per start
  --state PATH             where to write state.json; default ${DEFAULT_STATE}
  --scenario NAME          default turn scenario: plain | thinking | tools | error | long (files in src/mock/scenarios/);
                           a prompt starting with [mock:NAME] picks its own; default plain
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

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    state: { type: 'string' },
    scenario: { type: 'string' },
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
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    process.stderr.write(`mock: --${flag} must be a number, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

const port = num('port', values.port ?? process.env['OPTA_MOCK_PORT']) ?? 9999;
const token = values.token ?? process.env['OPTA_MOCK_TOKEN'];
const statePath = values.state ?? DEFAULT_STATE;
const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

/** Drops undefined fields (exactOptionalPropertyTypes: an absent flag means "use the default"). */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

async function main(): Promise<{ close(): Promise<void> }> {
  const t0 = performance.now();
  if (values.prism) {
    const p = await startPrismMock(defined({ port, host: values.host, token, statePath }));
    const ms = performance.now() - t0;
    process.stdout.write(
      `Opta mock daemon (Prism, REST from the spec's examples) ready in ${ms.toFixed(0)} ms\n` +
        `  REST   ${p.url}/v3  (Prism PID ${p.pid})\n` +
        `  WS     not available in --prism mode (Prism has no WebSocket support)\n` +
        `  token  ${p.token}\n  state  ${p.statePath}\n\n` +
        `Point the client at it:\n  export OPTA_DAEMON_STATE=${p.statePath}\n`,
    );
    return p;
  }
  const faults: MockFaults = defined({
    dropEveryNEvents: num('fault-drop-every', values['fault-drop-every']),
    dropProbability: num('fault-drop-prob', values['fault-drop-prob']),
    latencyMs: num('fault-latency-ms', values['fault-latency-ms']),
    restErrorRate: num('fault-error-rate', values['fault-error-rate']),
    rateLimitRate: num('fault-429-rate', values['fault-429-rate']),
    retryAfterSeconds: num('fault-retry-after', values['fault-retry-after']),
  });
  const options: MockDaemonOptions = defined({
    port,
    host: values.host,
    token,
    statePath,
    scenario: values.scenario,
    paceMs: num('pace-ms', values['pace-ms']),
    bufferSize: num('buffer', values.buffer),
    allowedOrigins: values['allowed-origin'],
    allowedHosts: values['allowed-host'],
    headersTimeoutMs: num('headers-timeout-ms', values['headers-timeout-ms']),
    requestTimeoutMs: num('request-timeout-ms', values['request-timeout-ms']),
    heartbeatIntervalMs: num('heartbeat-ms', values['heartbeat-ms']),
    authTimeoutMs: num('auth-timeout-ms', values['auth-timeout-ms']),
    strict: values.strict ?? false,
    verbose: values.verbose ?? false,
    faults,
    log,
  });
  const m = await startMockDaemon(options);
  const ms = performance.now() - t0;
  const active = Object.entries(m.faults).filter(([k, v]) => v !== 0 && k !== 'retryAfterSeconds');
  process.stdout.write(
    `Opta mock daemon v3 ready in ${ms.toFixed(0)} ms\n` +
      `  REST   ${m.url}/v3\n  WS     ${m.wsUrl}\n  token  ${m.token}\n  state  ${m.statePath}\n` +
      `  scenario ${options.scenario ?? 'plain'} (available: ${m.scenarios.join(', ')}), epoch ${m.epoch}\n` +
      (active.length ? `  faults ${active.map(([k, v]) => `${k}=${v}`).join(' ')}\n` : '') +
      `\nPoint the client at it (new DaemonClient() with no arguments):\n  export OPTA_DAEMON_STATE=${m.statePath}\n`,
  );
  return m;
}

main().then(
  (server) => {
    let stopping = 0;
    const stop = (signal: string): void => {
      // Ctrl-C reaches npm, tsx and this process at once, and tsx relays it again: ignore
      // echoes; a second signal a while later forces the exit.
      if (stopping) {
        if (Date.now() - stopping > 1_000) process.exit(1);
        return;
      }
      stopping = Date.now();
      log(`[mock] ${signal}: stopping`);
      server.close().then(
        () => {
          log('[mock] stopped cleanly');
          process.exit(0);
        },
        (err: unknown) => {
          log(`[mock] stop failed: ${String(err)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  },
  (err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof RangeError) {
      // A flag's value the options refuse (e.g. --allowed-origin localhost:5173): a usage error.
      process.stderr.write(`mock: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(e.code === 'EADDRINUSE' ? `mock: port ${port} is in use; try --port 0\n` : `mock: ${e.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
