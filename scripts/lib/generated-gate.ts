// Gate 3, generated is fresh: runs the real generator (scripts/generate.ts) into a temp dir and
// compares every file with the committed generated/ directory, byte for byte. Names each
// differing, missing or extra file and shows its first differing lines.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GateOutcome, outcome } from './gate.js';
import { displayPath } from './paths.js';
import { firstDifferences } from './text-diff.js';

export interface GeneratedGateOptions {
  readonly generatedDir: string;
  /** Writes a fresh generation into the given directory (scripts/generate.ts's `generate`). */
  readonly generateInto: (outDir: string) => Promise<void>;
}

export async function generatedGate(options: GeneratedGateOptions): Promise<GateOutcome> {
  const freshDir = await mkdtemp(join(tmpdir(), 'opta-check-generated-'));
  try {
    await options.generateInto(freshDir);
    const [fresh, committed] = await Promise.all([listFiles(freshDir), listFiles(options.generatedDir)]);
    const problems: string[] = [];
    for (const file of fresh) {
      const committedPath = join(options.generatedDir, file);
      if (!committed.includes(file)) {
        problems.push(`${displayPath(committedPath)}: missing (npm run generate creates it)`);
        continue;
      }
      const [want, have] = await Promise.all([readFile(join(freshDir, file), 'utf8'), readFile(committedPath, 'utf8')]);
      if (want !== have)
        problems.push([`${displayPath(committedPath)}: differs from a fresh npm run generate`, ...firstDifferences(want, have)].join('\n'));
    }
    for (const file of committed)
      if (!fresh.includes(file)) problems.push(`${displayPath(join(options.generatedDir, file))}: not produced by npm run generate (stale)`);
    const summary = problems.length
      ? `${problems.length} generated file${problems.length === 1 ? '' : 's'} stale: run npm run generate and commit`
      : `${fresh.length} files identical to a fresh npm run generate`;
    return outcome(summary, problems);
  } finally {
    await rm(freshDir, { recursive: true, force: true });
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}
