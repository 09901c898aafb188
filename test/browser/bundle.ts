// Builds the browser entry the way a web app's bundler would: bundled, minified, browser
// platform (so any node:* import fails the build instead of hiding in the output).
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const BROWSER_ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

export interface BrowserBundle {
  readonly code: string;
  readonly inputs: readonly string[];
}

export async function buildBrowserBundle(): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [BROWSER_ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for the browser entry');
  return { code: output.text, inputs: Object.keys((result.metafile as Metafile).inputs) };
}
