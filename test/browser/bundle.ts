// Builds browser code using the SDK the way a web app's bundler would: bundled, minified,
// browser platform (so any node:* import fails the build instead of hiding in the output).
// Two features are measured: the whole browser entry, and an app that only uses REST.
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const BROWSER_ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** An app that uses REST only: a DaemonRestClient, `health()` and `createSession()` (no stream, no iterators). */
export const REST_ONLY_APP = `
import { DaemonRestClient } from './src/index.ts';
const client = new DaemonRestClient({ baseUrl: 'http://127.0.0.1:9999', token: 'token' });
export async function start() {
  const health = await client.health();
  const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
  return { health, session };
}
`;

/** Everything the browser entry exports, kept (what `export * from '@opta/daemon-client'` would cost). */
export const FULL_ENTRY_APP = `export * from './src/index.ts';\n`;

export interface BrowserBundle {
  readonly code: string;
  readonly inputs: readonly string[];
  /** Minified bytes each input file contributes to the output, largest first. */
  readonly bytesByInput: readonly (readonly [file: string, bytes: number])[];
}

/** Bundles `source` (an app, as code importing ./src/index.ts) for the browser. */
export async function buildBrowserBundle(source = FULL_ENTRY_APP): Promise<BrowserBundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('../../', import.meta.url)), sourcefile: 'app.ts', loader: 'ts' },
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
  const metafile = result.metafile as Metafile;
  const contributions = Object.values(metafile.outputs)[0]?.inputs ?? {};
  const bytesByInput = Object.entries(contributions)
    .map(([file, { bytesInOutput }]) => [file, bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  return { code: output.text, inputs: Object.keys(metafile.inputs), bytesByInput };
}
