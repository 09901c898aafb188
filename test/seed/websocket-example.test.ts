// The seed document's "WebSocket streaming" example, verbatim, against the mock daemon found
// through its state.json (`new DaemonClient()` with no arguments, as `npm run mock` prints).
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { DaemonClient } from '@opta/daemon-client';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';

let mock: MockDaemon;
beforeAll(async () => {
  mock = await startMockDaemon({ port: 0, paceMs: 2, scenario: 'tools' });
  vi.stubEnv('OPTA_DAEMON_STATE', mock.statePath ?? '');
  vi.stubEnv('OPTA_DAEMON_URL', '');
  vi.stubEnv('OPTA_DAEMON_TOKEN', '');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await mock.close();
});

test('the WebSocket streaming example prints the turn, its tools, its stats and the disconnect', async () => {
  const client = new DaemonClient();
  const session = await client.createSession({ mode: 'do', model: 'qwen3-72b' });

  const written: string[] = [];
  const logged: unknown[][] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    // ---- "WebSocket streaming", verbatim ----
    const ws = client.connectWebSocket();
    ws.on("event", (envelope) => {
      switch (envelope.event) {
        case "turn.token":        process.stdout.write(envelope.data.token); break;
        case "turn.tool_call":    console.log("Tool:", envelope.data.toolName, envelope.data.args); break;
        case "turn.tool_result":  console.log("Result:", envelope.data.toolName, envelope.data.result); break;
        case "turn.done":         console.log("\nStats:", envelope.stats); break;
        case "turn.error":        console.error("Error:", envelope.data.message); break;
        case "session.cancelled": console.log("Session cancelled"); break;
      }
    });
    ws.on("disconnect", () => {
      console.log("WebSocket disconnected");
    });
    // ---- end of the example ----

    await client.submitTurn(session.id, { content: 'Search the web for unified memory' });
    await vi.waitUntil(() => logged.some((l) => l[0] === '\nStats:'), { timeout: 10_000 });
    const stats = logged.find((l) => l[0] === '\nStats:')?.[1] as { outputTokens: number };
    expect(stats.outputTokens).toBeGreaterThan(0);
    expect(logged.filter((l) => l[0] === 'Tool:').length).toBeGreaterThan(0);
    expect(logged.filter((l) => l[0] === 'Result:').length).toBe(logged.filter((l) => l[0] === 'Tool:').length);
    expect(written.join('').length).toBeGreaterThan(10);

    await mock.restart(); // the daemon goes away: the example's disconnect handler runs
    await vi.waitUntil(() => logged.some((l) => l[0] === 'WebSocket disconnected'), { timeout: 5_000 });
    ws.close();
  } finally {
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
});
