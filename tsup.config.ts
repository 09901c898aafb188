import { defineConfig } from 'tsup';
import { writeContractTable, writeScenariosAsJson } from './scripts/build-data.js';

// The entries, by runtime: the browser-safe client, the Node client (state.json, `ws`), the OS
// keyring token store (Node/Electron main, over the optional peer @napi-rs/keyring), the mock
// daemon (Node only, never in a browser bundle) and the mock's command line (the `opta-mock`
// bin, no declarations: nothing imports it).
const LIBRARY_ENTRIES = { index: 'src/index.ts', node: 'src/node.ts', keyring: 'src/keyring.ts', mock: 'src/mock/index.ts' };

export default defineConfig({
  entry: { ...LIBRARY_ENTRIES, 'opta-mock': 'src/mock/bin.ts' },
  format: ['esm'],
  target: 'es2022',
  dts: { entry: LIBRARY_ENTRIES },
  // No source maps: dist/ is unminified ES2022, readable as it is (README, "Install footprint").
  sourcemap: false,
  clean: true,
  splitting: true,
  treeshake: true,
  // The mock's data beside the code that loads it: the built-in scenarios (dist/scenarios/*.json)
  // and the contract table (dist/mock-contract.json).
  onSuccess: async () => {
    writeScenariosAsJson('src/mock/scenarios', 'dist/scenarios');
    writeContractTable('dist');
  },
});
