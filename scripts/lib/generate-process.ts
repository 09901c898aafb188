// Runs `generate(outDir)` of scripts/generate.ts in its own process (its CLI entry:
// `tsx scripts/generate.ts --out DIR`). Generation is CPU-bound (openapi-typescript, the
// AsyncAPI template's transpile); in-process it held the event loop for seconds while the
// other gates waited. A second process runs on another core at the same time.
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { runProcess } from './run-process.js';

const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export async function generateInProcess(outDir: string): Promise<void> {
  const result = await runProcess(process.execPath, [TSX_CLI, join(REPO_ROOT, 'scripts/generate.ts'), '--out', outDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...globalNodePath() },
  });
  if (result.code !== 0) throw new Error(`npm run generate -- --out ${outDir} exited ${result.code}: ${result.stderr.trim()}`);
}

/**
 * generate.ts runs `npm root -g` (another Node process, ~0.4 s) to set NODE_PATH for
 * @asyncapi/generator unless NODE_PATH is set. Under `npm run`, npm already tells us its global
 * prefix, and `npm root -g` is `<prefix>/lib/node_modules` on the Linux machines this runs on.
 */
function globalNodePath(): { NODE_PATH?: string } {
  if (process.env.NODE_PATH || process.platform === 'win32') return {};
  const prefix = process.env.npm_config_global_prefix;
  return prefix ? { NODE_PATH: join(prefix, 'lib/node_modules') } : {};
}
