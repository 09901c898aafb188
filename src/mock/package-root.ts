/**
 * Where this package's own files (specs/, the scenarios) are, whether the mock runs from source
 * (src/mock/) or from the build (dist/mock.js): the nearest folder upwards whose package.json
 * names this package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@opta/daemon-client';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json naming this package above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, with a trailing slash when `folder` is true. */
export const packagePath = (relative: string, folder = false): string => join(PACKAGE_ROOT, relative) + (folder ? '/' : '');
