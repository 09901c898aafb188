/**
 * Command-line and environment options of `npm run conformance`. The daemon is found the way the
 * SDK finds it: explicit flags first, then OPTA_DAEMON_URL / OPTA_DAEMON_TOKEN, then a state.json
 * (`--state`, OPTA_DAEMON_STATE, or the daemon's default path).
 */
import { parseArgs } from 'node:util';
import { defaultStatePath, readStateFile } from '../../../src/auth/state-file.js';

export interface ConformanceOptions {
  /** Daemon base URL, e.g. `http://127.0.0.1:9999` (no trailing slash). */
  readonly url: string;
  readonly token: string;
  /** Machine-readable output. */
  readonly json: boolean;
  /** Longest wait for one turn to reach its stop event, and for one WS frame. */
  readonly timeoutMs: number;
  /** Longest wait for a heartbeat; default from `auth_ok.heartbeatIntervalMs` (two intervals). */
  readonly heartbeatWaitMs: number | undefined;
  /** Origin used for the "Origin not allowed" checks (must not be in the daemon's allow list). */
  readonly forbiddenOrigin: string;
}

export const HELP = `Usage: npm run conformance -- [flags]

Checks a live Opta daemon v3 (or the mock) against specs/: REST through
\`prism proxy --errors\` plus the contract's semantic rules, and the /v3/ws stream.

  --url URL              daemon base URL; env OPTA_DAEMON_URL; default from state.json
  --token T              bearer token; env OPTA_DAEMON_TOKEN; default from state.json
  --state PATH           state.json {host,port,token}; env OPTA_DAEMON_STATE;
                         default ~/.config/opta/daemon/state.json
  --json                 print one JSON document instead of lines
  --timeout-ms N         longest wait for a turn to end / a frame to arrive; default 15000
  --heartbeat-wait-ms N  longest wait for a heartbeat; default 2 × heartbeatIntervalMs + 1000
                         (below the daemon's interval the heartbeat check is SKIPped: quick runs)
  --forbidden-origin O   an origin the daemon does not allow; default https://conformance.invalid
  --help

The runner never prints the token, but a --token flag is visible in the process list and
\`npm run\` echoes its arguments: in CI prefer OPTA_DAEMON_TOKEN or --state, or \`npm run -s\`.

Exit code: 0 when every check passed, 1 when one failed, 2 on a usage error.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be an integer ≥ 1, got ${JSON.stringify(v)}`);
  return n;
}

/** Parses argv and env; `undefined` means `--help` was asked for. */
export async function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ConformanceOptions | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        state: { type: 'string' },
        json: { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        'heartbeat-wait-ms': { type: 'string' },
        'forbidden-origin': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return undefined;

  let url = values.url ?? env['OPTA_DAEMON_URL'];
  let token = values.token ?? env['OPTA_DAEMON_TOKEN'];
  if (url === undefined || token === undefined) {
    // Only read state.json for what flags and env did not give.
    const path = values.state ?? env['OPTA_DAEMON_STATE'] ?? defaultStatePath();
    let state;
    try {
      state = await readStateFile(path, undefined);
    } catch (err) {
      throw new UsageError(`no --url/--token given and ${(err as Error).message}`);
    }
    if (url === undefined && state.port !== undefined) {
      const host = state.host ?? '127.0.0.1';
      url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${state.port}`;
    }
    token ??= state.token;
  }
  if (!url) throw new UsageError('no daemon URL: pass --url, set OPTA_DAEMON_URL, or give a state.json with host and port');
  if (!token) throw new UsageError('no token: pass --token, set OPTA_DAEMON_TOKEN, or give a state.json with a token');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:') throw new UsageError(`--url must be http://host:port, got ${parsed.protocol}`);
  return {
    url: parsed.origin,
    token,
    json: values.json ?? false,
    timeoutMs: positiveInt('timeout-ms', values['timeout-ms']) ?? 15_000,
    heartbeatWaitMs: positiveInt('heartbeat-wait-ms', values['heartbeat-wait-ms']),
    forbiddenOrigin: values['forbidden-origin'] ?? 'https://conformance.invalid',
  };
}
