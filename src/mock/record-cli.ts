/**
 * `npm run record` and `opta-mock record`: records a session from a daemon into a scenario file.
 * `runRecordCli(argv)` returns the exit code (0 done, 1 failed, 2 usage) and writes to the given
 * streams, so a bin can mount it as a subcommand.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeDiscover } from '../auth/node-discover.js';
import { checkRecordingYaml, recordSession, recordingToYaml } from './record.js';

export const RECORD_HELP = `Usage: npm run record -- --session ID [--url URL] [--out FILE.yaml] [flags]

Records a session's finished turns from any daemon speaking the v3 contract into a scenario
file with the original pacing; replay it with: npm run mock -- --scenario ./FILE.yaml [--speed N]

  --session ID     the session to record (required)
  --url URL        the daemon, e.g. http://127.0.0.1:9999; default OPTA_DAEMON_URL, then state.json
  --out FILE       where to write the scenario; default stdout
  --token T        bearer token; default OPTA_DAEMON_TOKEN, then state.json (OPTA_DAEMON_STATE or
                   ~/.config/opta/daemon/state.json). Prefer those: a flag is visible to other users in ps.
  --page-size N    events per GET /v3/sessions/{id}/events page (1..1000); default 1000
  --help
`;

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

function usage(io: CliStreams, message: string): number {
  io.stderr.write(`record: ${message}\n\n${RECORD_HELP}`);
  return 2;
}

/** Runs the record command with `argv` (the arguments after the command name). */
export async function runRecordCli(argv: readonly string[], io: CliStreams = process): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        session: { type: 'string' },
        out: { type: 'string' },
        token: { type: 'string' },
        'page-size': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  if (values['help']) {
    io.stdout.write(RECORD_HELP);
    return 0;
  }
  const sessionId = values['session'];
  if (typeof sessionId !== 'string' || sessionId === '') return usage(io, '--session is required');
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)) return usage(io, '--page-size must be an integer 1..1000');

  try {
    let url = typeof values['url'] === 'string' ? values['url'] : undefined;
    let token = typeof values['token'] === 'string' ? values['token'] : undefined;
    if (url === undefined || token === undefined) {
      // The SDK's own discovery: env first, then state.json, read only for what is missing.
      const warn = (message: string): void => void io.stderr.write(`record: ${message}\n`);
      const found = await nodeDiscover()({ refresh: false, want: { baseUrl: url === undefined, token: token === undefined }, logger: { debug: () => undefined, warn } });
      url ??= found.baseUrl;
      token ??= found.token;
    }
    if (url === undefined || token === undefined) return usage(io, 'no daemon URL or token found; pass --url and set OPTA_DAEMON_TOKEN');
    const recording = await recordSession({ url, token, sessionId, ...(pageSize !== undefined ? { pageSize } : {}) });
    const out = typeof values['out'] === 'string' ? values['out'] : undefined;
    const yaml = recordingToYaml(recording);
    checkRecordingYaml(recording, yaml, out ?? 'stdout');
    if (out === undefined) io.stdout.write(yaml);
    else writeFileSync(out, yaml);
    const events = recording.turns.reduce((n, t) => n + t.events.length, 0);
    const spans = recording.turns.map((t) => (Date.parse(t.events.at(-1)?.time ?? '') - Date.parse(t.events[0]?.time ?? '')) / 1000);
    io.stderr.write(
      `record: ${recording.turns.length} turn(s), ${events} events (turn spans ${spans.map((s) => `${s.toFixed(2)} s`).join(', ')}) from ${url} session ${sessionId}` +
        `${out === undefined ? '' : ` → ${out}`}${recording.skipped.length ? `; skipped ${recording.skipped.length} event(s) (${[...new Set(recording.skipped.map((s) => s.why))].join('; ')})` : ''}\n`,
    );
    return 0;
  } catch (err) {
    io.stderr.write(`record: ${(err as Error).message}\n`);
    return 1;
  }
}
