// The package as a user gets it: built, packed with `npm pack`, installed from the tarball into
// an empty project of a temporary folder (its runtime dependencies come from the npm cache or the
// registry). Tests in test/package/ run the installed copy: no repo files, no vitest aliases.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The environment of child processes: this process's Node (≥ 22, from the devDependency) first
 * on PATH, so `npx`, `npm` and `#!/usr/bin/env node` bins run on it and not on the system Node.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`, ...extra };
}

export interface InstalledPackage {
  /** The consumer project: package.json and node_modules/ with the package installed. */
  readonly project: string;
  /** The packed tarball. */
  readonly tarball: string;
  /** Files of the tarball (paths relative to the package root). */
  readonly files: readonly string[];
  /** Removes the temporary folder. */
  remove(): void;
}

/** Packs (package.json's `prepack` builds with tsup first) and installs the tarball into a new empty project. */
export async function packAndInstall(): Promise<InstalledPackage> {
  const folder = mkdtempSync(join(tmpdir(), 'opta-package-'));
  const env = childEnv();
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', folder], { cwd: REPO, env, timeout: 240_000 });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error('npm pack printed no result');
  const project = join(folder, 'consumer');
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  const tarball = join(folder, packed.filename);
  await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project, env, timeout: 180_000 });
  return {
    project,
    tarball,
    files: packed.files.map((file) => file.path),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

export interface Footprint {
  /** Every package under node_modules (the SDK itself included), as npm's lockfile lists them. */
  readonly packages: readonly string[];
  /** Sum of the sizes of every file under node_modules. */
  readonly bytes: number;
}

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** What `npm i @opta/daemon-client` put into the project (measured before anything else is installed). */
export function measureFootprint(project: string): Footprint {
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages)
    .filter((key) => key.startsWith('node_modules/'))
    .map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return { packages, bytes: folderBytes(join(project, 'node_modules')) };
}
