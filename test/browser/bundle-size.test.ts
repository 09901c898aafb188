import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBrowserBundle } from './bundle.js';

// The target is 8 KiB min+gzip for the whole browser entry. Today it is ~9.3 KiB (REST with the
// error tree ~45%, the reconnecting stream and its iterators ~55%), so this test guards against
// growth at 9.5 KiB and prints the distance to the target; closing the gap is tracked work.
const TARGET_BYTES = 8 * 1024;
const BUDGET_BYTES = 9.5 * 1024;

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
