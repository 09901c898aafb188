import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by its public name, as users do.
    alias: [
      { find: /^@opta\/daemon-client\/mock$/, replacement: here('./src/mock/index.ts') },
      { find: /^@opta\/daemon-client\/browser$/, replacement: here('./src/index.ts') },
      { find: /^@opta\/daemon-client$/, replacement: here('./src/node.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
