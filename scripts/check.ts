// npm run check [-- --base <ref>]
// The drift gate the daemon team runs in CI. Four gates, run at once, one report line each
// (PASS/FAIL, time, what failed and where), exit code 1 when any fails:
//   lint       Redocly (redocly.yaml) on both specs, @asyncapi/parser diagnostics, unused definitions
//   examples   every example validates against its schema (ajv, JSON Schema 2020-12, formats)
//   generated  generated/ equals a fresh `generate()` of scripts/generate.ts
//   breaking   no breaking change against --base (default main): oasdiff for REST, our
//              direction-aware classifier for the WebSocket payloads
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseOncePerFile } from './lib/asyncapi-load.js';
import { breakingGateAgainstRef } from './lib/breaking-gate.js';
import { examplesGate } from './lib/examples-gate.js';
import { formatReport, runGate } from './lib/gate.js';
import { generateInProcess } from './lib/generate-process.js';
import { generatedGate } from './lib/generated-gate.js';
import { lintGate } from './lib/lint-gate.js';
import { REPO_ROOT } from './lib/paths.js';

export interface CheckOptions {
  readonly repoDir: string;
  readonly base: string;
}

export async function check(options: CheckOptions): Promise<{ ok: boolean; report: string }> {
  const started = performance.now();
  const specDir = join(options.repoDir, 'specs');
  const parse = parseOncePerFile();
  // The generator's process is started first: it is the longest gate and runs on its own core.
  const generated = runGate('generated', () =>
    generatedGate({ generatedDir: join(options.repoDir, 'generated'), generateInto: generateInProcess }),
  );
  const results = await Promise.all([
    runGate('lint', () => lintGate({ specDir, parse })),
    runGate('examples', () => examplesGate({ specDir })),
    generated,
    runGate('breaking', () => breakingGateAgainstRef({ repoDir: options.repoDir, ref: options.base, specDir, parse })),
  ]);
  return { ok: results.every((result) => result.ok), report: formatReport(results, performance.now() - started) };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { base: { type: 'string', default: 'main' } } });
  const { ok, report } = await check({ repoDir: REPO_ROOT, base: values.base });
  console.log(report);
  process.exitCode = ok ? 0 : 1;
}
