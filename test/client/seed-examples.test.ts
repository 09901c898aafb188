// The seed document's "Creating a client" and "Session lifecycle" examples, verbatim, against
// Prism serving the contract and against the stateful mock daemon. The examples name
// 127.0.0.1:9999; rather than taking that fixed port on a shared machine, the global fetch is
// wrapped to send those requests to the server's ephemeral port (the client looks fetch up at
// each request, as in a browser).
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { DaemonClient } from '@opta/daemon-client';
import { startMockDaemon } from '@opta/daemon-client/mock';
import { startPrism, type PrismServer } from '../helpers/prism.js';

let prism: PrismServer;
const violations: string[] = [];

beforeAll(async () => {
  prism = await startPrism();
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input).replace('http://127.0.0.1:9999', prism.url);
    const response = await realFetch(url, init);
    const violation = response.headers.get('sl-violations');
    if (violation) violations.push(violation);
    return response;
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await prism.close();
});

test('the seed examples run verbatim and print what the seed promises', async () => {
  const lines: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
  try {
    // ---- "Creating a client", verbatim ----
    const client = new DaemonClient({
      host: "127.0.0.1",
      port: 9999,
      token: "<bearer-token>",
    });
    // Verify connection
    const health = await client.health();
    console.log(health.status); // "ok"

    // ---- "Session lifecycle", verbatim ----
    const session = await client.createSession({
      mode: "chat",          // "chat" or "do"
      model: "qwen3-72b",    // model to use for inference
    });
    console.log(session.id);     // "sess-abc123"
    console.log(session.status); // "active"

    const turn = await client.submitTurn(session.id, {
      content: "Explain how unified memory works on Apple Silicon",
    });
    console.log(turn.id); // "turn-xyz789"

    const events = await client.getEvents(session.id, {
      afterSeq: 0, // get all events from the beginning
    });
    for (const event of events) {
      console.log(event.event, event.seq);
      // "turn.token" 1
      // "turn.token" 2
      // ...
      // "turn.done" 42
    }
  } finally {
    log.mockRestore();
  }
  expect(violations).toEqual([]);
  expect(lines.slice(0, 4)).toEqual([['ok'], ['sess-abc123'], ['active'], ['turn-xyz789']]);
  const eventLines = lines.slice(4);
  expect(eventLines.length).toBeGreaterThan(0);
  for (const [name, seq] of eventLines) {
    expect(name).toMatch(/^(turn|session)\./);
    expect(Number.isInteger(seq)).toBe(true);
  }
  expect(eventLines.at(-1)?.[0]).toBe('turn.done');
  expect(eventLines.map(([, seq]) => seq)).toEqual(eventLines.map((_, i) => i + 1));
});

test('against the mock daemon, the polling example right after submitTurn prints the turn\'s first events (getEvents long-polls)', async () => {
  const mock = await startMockDaemon({ port: 0, token: '<bearer-token>', statePath: null, strict: true });
  const lines: unknown[][] = [];
  const stubbed = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => stubbed(String(input).replace(prism.url, mock.url), init));
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
  try {
    const client = new DaemonClient({
      host: "127.0.0.1",
      port: 9999,
      token: "<bearer-token>",
    });
    const session = await client.createSession({
      mode: "chat",          // "chat" or "do"
      model: "qwen3-72b",    // model to use for inference
    });
    const turn = await client.submitTurn(session.id, {
      content: "Explain how unified memory works on Apple Silicon",
    });
    console.log(turn.id); // "turn-xyz789"

    const events = await client.getEvents(session.id, {
      afterSeq: 0, // get all events from the beginning
    });
    for (const event of events) {
      console.log(event.event, event.seq);
    }
  } finally {
    log.mockRestore();
    vi.stubGlobal('fetch', stubbed);
    await mock.close();
  }
  const eventLines = lines.slice(1);
  expect(eventLines.length).toBeGreaterThan(0);
  expect(eventLines[0]).toEqual(['turn.token', 1]);
  expect(eventLines.map(([, seq]) => seq)).toEqual(eventLines.map((_, i) => i + 1));
  expect(mock.violations).toEqual([]);
});
