import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBrowserBundle, FULL_ENTRY_APP, REST_ONLY_APP } from './bundle.js';

// Browser cost per feature, min+gzip (esbuild, level-9 gzip). The goals are REST-only ≤ 4 KiB
// and the full entry ≤ 8 KiB. Both are missed today (README states the figures): every answer
// and every frame is checked by the validators generated from the contract (generated/validators.ts,
// ~23 KB of the REST-only app's 38 KB minified: every operation's answer validators, the event
// envelopes among them), and the stream's pure core keeps spelled-out names. The REST-only app
// uses DaemonRestClient, which reaches nothing of the stream (asserted below). Each guard sits at
// the measured figure plus a small margin (measured: REST-only 10 169 B, full 19 819 B), so
// growth fails here, and each run prints the distance to its goal.
const FEATURES = [
  { name: 'REST only (DaemonRestClient + health/createSession)', source: REST_ONLY_APP, goalBytes: 4 * 1024, guardBytes: 10_500 },
  { name: 'full browser entry', source: FULL_ENTRY_APP, goalBytes: 8 * 1024, guardBytes: 20_300 },
] as const;

const STREAM_MODULES = /^(src\/stream\/|src\/protocol\.ts|generated\/stream-protocol\.ts)/;

describe('browser bundle cost per feature', () => {
  for (const feature of FEATURES) {
    it(`${feature.name}: no more than ${feature.guardBytes} B min+gzip (goal ${feature.goalBytes} B)`, async () => {
      const { code, bytesByInput } = await buildBrowserBundle(feature.source);
      const gzipped = gzipSync(code, { level: 9 }).length;
      const distance = gzipped - feature.goalBytes;
      const streamBytes = bytesByInput.filter(([file]) => STREAM_MODULES.test(file)).reduce((sum, [, bytes]) => sum + bytes, 0);
      console.log(
        `${feature.name}: ${code.length} B minified, ${gzipped} B min+gzip; goal ${feature.goalBytes} B ` +
          `(${distance > 0 ? `missed by ${distance} B` : `met, ${-distance} B to spare`}); guard ${feature.guardBytes} B; ` +
          `stream modules ${streamBytes} B of the minified code`,
      );
      expect(gzipped).toBeLessThanOrEqual(feature.guardBytes);
    });
  }

  it('REST only: DaemonRestClient bundles no stream module', async () => {
    const { bytesByInput } = await buildBrowserBundle(REST_ONLY_APP);
    // The app imports the whole entry (src/index.ts); what matters is what reaches the output.
    const bundled = bytesByInput.filter(([, bytes]) => bytes > 0).map(([file]) => file);
    expect(bundled.filter((file) => STREAM_MODULES.test(file) || file === 'src/client.ts')).toEqual([]);
    expect(bundled).toContain('src/rest-client.ts');
  });

  it('reaches no Node-only module', async () => {
    const { inputs } = await buildBrowserBundle();
    const nodeOnly = inputs.filter((p) => /(^|\/)(node:|node_modules\/ws\/|src\/mock\/|src\/keyring|src\/auth\/(state-file|node-discover|keyring-store)|src\/node\.ts|src\/stream\/ws-node)/.test(p));
    expect(nodeOnly).toEqual([]);
    expect(inputs.some((p) => p.endsWith('src/client.ts'))).toBe(true);
  });
});
