import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBrowserBundle } from './bundle.js';

const BUDGET_BYTES = 8 * 1024;

describe('browser bundle', () => {
  it(`stays within ${BUDGET_BYTES} bytes min+gzip`, async () => {
    const { code } = await buildBrowserBundle();
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`browser entry: ${code.length} B minified, ${gzipped} B min+gzip (budget ${BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('reaches no Node-only module', async () => {
    const { inputs } = await buildBrowserBundle();
    const nodeOnly = inputs.filter((p) => /(^|\/)(node:|node_modules\/ws\/|src\/mock\/|src\/auth\/(state-file|node-discover)|src\/node\.ts|src\/stream\/ws-node)/.test(p));
    expect(nodeOnly).toEqual([]);
    expect(inputs.some((p) => p.endsWith('src/client.ts'))).toBe(true);
  });
});
