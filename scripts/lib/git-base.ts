// Extracts the specs/ tree of a git ref (`--base main`) into a directory, with `git ls-tree` and
// `git show ref:path` for every file: no work-tree checkout, so other people's uncommitted
// files are never touched.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runProcess } from './run-process.js';

/** Returns false when the ref exists but has no specs/ yet (the first commits). */
export async function extractSpecsAtRef(repoDir: string, ref: string, outDir: string): Promise<boolean> {
  const verify = await runProcess('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoDir });
  if (verify.code !== 0) throw new Error(`--base ${ref}: no such commit in ${repoDir}`);
  const listed = await runProcess('git', ['ls-tree', '-r', '--name-only', '-z', verify.stdout.trim(), '--', 'specs/'], { cwd: repoDir });
  if (listed.code !== 0) throw new Error(`git ls-tree ${ref}: ${listed.stderr.trim()}`);
  const files = listed.stdout.split('\0').filter(Boolean);
  if (files.length === 0) return false;
  await Promise.all(
    files.map(async (file) => {
      const shown = await runProcess('git', ['show', `${verify.stdout.trim()}:${file}`], { cwd: repoDir });
      if (shown.code !== 0) throw new Error(`git show ${ref}:${file}: ${shown.stderr.trim()}`);
      const target = join(outDir, file.slice('specs/'.length));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, shown.stdout);
    }),
  );
  return true;
}
