// Where the check finds the repository and the spec files inside a spec directory. Every gate
// takes explicit directories so tests can point it at temp copies; only the CLI uses REPO_ROOT.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** File names inside a spec directory (the repo's `specs/` or a copy of it). */
export const OPENAPI_FILE = 'daemon-v3.openapi.yaml';
export const ASYNCAPI_FILE = 'daemon-v3.asyncapi.yaml';
export const EVENTS_FILE = 'schemas/events.yaml';

export interface SpecPaths {
  readonly dir: string;
  readonly openapi: string;
  readonly asyncapi: string;
  readonly events: string;
}

export function specPaths(specDir: string): SpecPaths {
  const dir = resolve(specDir);
  return {
    dir,
    openapi: join(dir, OPENAPI_FILE),
    asyncapi: join(dir, ASYNCAPI_FILE),
    events: join(dir, EVENTS_FILE),
  };
}

/** A path as reports show it: relative to the repo when inside it, absolute otherwise. */
export function displayPath(file: string): string {
  const inside = relative(REPO_ROOT, resolve(REPO_ROOT, file));
  return inside.startsWith('..') || isAbsolute(inside) ? resolve(REPO_ROOT, file) : inside;
}
