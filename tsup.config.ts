import { defineConfig } from 'tsup';

// The entries, by runtime: the browser-safe client, the Node client (state.json, `ws`), the mock
// daemon (Node only, never in a browser bundle) and the mock's command line (the `opta-mock` bin,
// no declarations: nothing imports it).
const LIBRARY_ENTRIES = { index: 'src/index.ts', node: 'src/node.ts', mock: 'src/mock/index.ts' };

export default defineConfig({
  entry: { ...LIBRARY_ENTRIES, 'opta-mock': 'src/mock/bin.ts' },
  format: ['esm'],
  target: 'es2022',
  dts: { entry: LIBRARY_ENTRIES },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
