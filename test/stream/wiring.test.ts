// How src/client.ts wires the stream (the stream never imports the client): client.connectWebSocket()
// against the stream test server, with the REST client as the gap filler (its 410 included).
import { afterEach, expect, it } from 'vitest';
import { DaemonClient } from '../../src/client.js';
import type { ResyncInfo } from '../../src/stream/index.js';
import { StreamServer } from '../helpers/stream-server.js';
import { until, WS } from './harness.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it('DaemonClient fills gaps and reports 410 through the stream', async () => {
  const server = await StreamServer.start({ heartbeatIntervalMs: 50 });
  const client = new DaemonClient({ baseUrl: server.baseUrl, token: server.token, maxRetries: 0 });
  const es = client.connectWebSocket({ WebSocket: WS });
  cleanup.push(async () => {
    es.close();
    await server.close();
  });
  const seen: number[] = [];
  const resyncs: ResyncInfo[] = [];
  es.on('event', (e) => seen.push(e.seq)).on('resync', (r) => resyncs.push(r));
  await until(() => es.state.type === 'open');
  server.token_('sess-w', 'turn-1', 'a');
  server.dropEvents(1);
  server.token_('sess-w', 'turn-1', 'b'); // lost on the wire
  server.token_('sess-w', 'turn-1', 'c'); // reveals the gap: REST fills seq 2
  await until(() => seen.length === 3);
  expect(seen).toEqual([1, 2, 3]);

  server.dropEvents(3);
  for (let i = 0; i < 3; i++) server.token_('sess-w', 'turn-1', 'x'); // 4..6 lost
  server.expire('sess-w', 1); // only 6 held: the REST client's CursorExpiredError (410)
  server.token_('sess-w', 'turn-1', 'y'); // 7
  await until(() => seen.length === 5);
  expect(seen).toEqual([1, 2, 3, 6, 7]);
  expect(resyncs).toMatchObject([{ reason: 'cursor_expired', fromSeq: 4, toSeq: 5 }]);
  expect(server.upgradeUrls.some((u) => u.includes(server.token))).toBe(false);
});
