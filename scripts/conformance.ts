/**
 * `npm run conformance -- --url http://127.0.0.1:9999 --token T` — checks a live Opta daemon v3
 * (or the mock) against specs/: REST through `prism proxy --errors` plus the contract's semantic
 * rules, and the /v3/ws stream. One line per check, then `conformance: N checks passed, N failed`;
 * exit 1 on any failure (2 on a usage error). `--json` for machine output. `--help` for flags.
 */
import { HELP, parseOptions, UsageError } from './lib/conformance/options.js';
import { killLiveProxies } from './lib/conformance/prism-proxy.js';
import { formatLine, summaryLine } from './lib/conformance/report.js';
import { runConformance } from './lib/conformance/run.js';

async function main(): Promise<number> {
  let options;
  try {
    options = await parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`conformance: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const result = await runConformance(options);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const r of result.results) process.stdout.write(`${formatLine(r)}\n`);
    process.stdout.write(`${result.ms} ms against ${result.url}${result.skipped > 0 ? `; ${result.skipped} optional check(s) skipped` : ''}\n`);
    // Last line, alone and in exactly this shape: CI parses it.
    process.stdout.write(`${summaryLine(result.passed, result.failed)}\n`);
  }
  return result.ok ? 0 : 1;
}

// A CI timeout or Ctrl-C ends the run; the Prism child must not outlive it (it is stopped by PID).
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    killLiveProxies();
    process.stderr.write(`conformance: stopped by ${signal}\n`);
    process.exit(code);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Never print the token: an unexpected error's message comes from our code or the network.
    process.stderr.write(`conformance: crashed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
