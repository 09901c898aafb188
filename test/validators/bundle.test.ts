// generated/validators.ts in a browser bundle: type imports only (no node:*, no ajv), and a
// bundle pays only for the validators it calls.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/lib/paths.js';

const GENERATED = join(REPO_ROOT, 'generated', 'validators.ts');

async function bundle(names: readonly string[]): Promise<string> {
  const result = await build({
    stdin: { contents: `import { ${names.join(', ')} } from ${JSON.stringify(GENERATED)};\nconsole.log(${names.join(', ')});`, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true, write: false, format: 'esm', platform: 'browser', minify: true, logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('generated/validators.ts in a bundle', () => {
  it('imports types only', async () => {
    const source = await readFile(GENERATED, 'utf8');
    const imports = source.split('\n').filter((line) => /^import\b/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type \{/);
  });

  it('keeps only what is used: one id check is a few hundred bytes', async () => {
    const small = await bundle(['validateSessionId']);
    expect(small.length).toBeLessThan(1000);
    expect(small).not.toContain('turn.token');
    const frames = await bundle(['classifyServerFrame']);
    expect(frames).toContain('turn.token');
    expect(frames).not.toContain('Idempotency-Key');
    expect(frames.length).toBeLessThan((await bundle(['responseValidators', 'requestBodyValidators', 'parameterValidators', 'classifyClientFrame', 'classifyServerFrame'])).length);
  });
});
