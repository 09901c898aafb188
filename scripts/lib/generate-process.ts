// Runs `generate(outDir)` of scripts/generate.ts in its own process (its CLI entry:
// `tsx scripts/generate.ts --out DIR`). Generation is CPU-bound (openapi-typescript, the
// AsyncAPI template's transpile); in-process it held the event loop for seconds while the
// other gates waited. A second process runs on another core at the same time.
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { runProcess } from './run-process.js';

const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export async function generateInProcess(outDir: string): Promise<void> {
  const result = await runProcess(process.execPath, [TSX_CLI, join(REPO_ROOT, 'scripts/generate.ts'), '--out', outDir], { cwd: REPO_ROOT });
  if (result.code !== 0) throw new Error(`npm run generate -- --out ${outDir} exited ${result.code}: ${result.stderr.trim()}`);
}
