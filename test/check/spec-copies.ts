// Temp copies of the real specs/ with one edit applied, so each gate can be shown failing for
// exactly one seeded cause. Edits go through the `yaml` package (structure) or plain string
// replacement (when the edit must keep the file's layout); a replacement that matches nothing
// throws, so a test can never pass because its edit silently did not happen.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from '../../scripts/lib/paths.js';

export const REAL_SPECS = join(REPO_ROOT, 'specs');
export const OPENAPI = 'daemon-v3.openapi.yaml';
export const ASYNCAPI = 'daemon-v3.asyncapi.yaml';
export const EVENTS = 'schemas/events.yaml';

const created: string[] = [];

/** A fresh copy of specs/ in a temp dir (removed by `removeSpecCopies`). */
export async function copySpecs(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'opta-check-test-'));
  created.push(dir);
  await cp(REAL_SPECS, dir, { recursive: true });
  return dir;
}

export async function removeSpecCopies(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

// The parsed YAML is edited freely by tests: typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Parses a spec file of the copy, lets `edit` change it, writes it back. */
export async function editYaml(specDir: string, file: string, edit: (doc: Loose) => void): Promise<void> {
  const path = join(specDir, file);
  const doc: Loose = parse(await readFile(path, 'utf8'));
  edit(doc);
  await writeFile(path, stringify(doc));
}

/** Replaces one exact piece of text in a spec file of the copy. */
export async function replaceText(specDir: string, file: string, from: string, to: string): Promise<void> {
  const path = join(specDir, file);
  const text = await readFile(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}
