// Gate 3 (generated is fresh) with the real generator, and the end-to-end run of the whole
// check on the real repo. Kept in one file on purpose: both run scripts/generate.ts, which
// writes into the template folder, so they must not run at the same time.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/generate.js';
import { generatedGate } from '../../scripts/lib/generated-gate.js';
import { REPO_ROOT } from '../../scripts/lib/paths.js';

const GENERATED = join(REPO_ROOT, 'generated');
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('generated gate', () => {
  it('passes on the committed generated/', async () => {
    const result = await generatedGate({ generatedDir: GENERATED, generateInto: generate });
    expect(result.problems).toEqual([]);
    expect(result.summary).toBe('5 files identical to a fresh npm run generate');
  });

  it('names a stale, a missing and an extra file, with the first differing lines', async () => {
    const stale = await mkdtemp(join(tmpdir(), 'opta-check-stale-'));
    temps.push(stale);
    await cp(GENERATED, stale, { recursive: true });
    const events = join(stale, 'events.ts');
    const lines = (await readFile(events, 'utf8')).split('\n');
    const original = lines[2];
    lines[2] = '// edited by hand';
    await writeFile(events, lines.join('\n'));
    await rm(join(stale, 'rest-client.ts'));
    await writeFile(join(stale, 'leftover.ts'), 'export {};\n');

    const result = await generatedGate({ generatedDir: stale, generateInto: generate });
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(3);
    expect(result.problems[0]).toBe(
      [`${events}: differs from a fresh npm run generate`, `line 3 fresh:     ${original}`, 'line 3 committed: // edited by hand'].join('\n'),
    );
    expect(result.problems).toContain(`${join(stale, 'rest-client.ts')}: missing (npm run generate creates it)`);
    expect(result.problems).toContain(`${join(stale, 'leftover.ts')}: not produced by npm run generate (stale)`);
  });
});

describe('npm run check (end to end)', () => {
  it('passes on the real repo against HEAD, one PASS line per gate, exit code 0', { timeout: 90_000 }, async () => {
    const tsx = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, 'scripts/check.ts', '--base', 'HEAD'], { cwd: REPO_ROOT });
    for (const gate of ['lint', 'examples', 'generated', 'breaking']) expect(stdout).toMatch(new RegExp(`^PASS  ${gate} +\\d+\\.\\d s  `, 'm'));
    expect(stdout).toMatch(/^check passed: 4 gates in \d+\.\d s$/m);
  });

  it('exits 1 with a FAIL line when a gate fails (an unknown base ref)', { timeout: 90_000 }, async () => {
    const tsx = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
    const failure = await promisify(execFile)(process.execPath, [tsx, 'scripts/check.ts', '--base', 'no-such-ref-xyz'], { cwd: REPO_ROOT }).then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^FAIL  breaking .*could not run$/m);
    expect(failure?.stdout).toContain('--base no-such-ref-xyz: no such commit');
    expect(failure?.stdout).toMatch(/^check FAILED \(breaking\)/m);
  });
});
