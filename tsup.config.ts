import { defineConfig } from 'tsup';

// Three entries, three runtimes: the browser-safe client, the Node client (state.json, `ws`),
// and the mock daemon (Node only, never in a browser bundle).
export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts', mock: 'src/mock/index.ts' },
  format: ['esm'],
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
