/**
 * The mock validates its own output at run time: a scenario that makes it emit an event the
 * contract forbids (an empty toolName) is caught, logged, counted — and in strict mode never
 * sent (REST answers 500, the WebSocket closes 1011).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockDaemon } from '@opta/daemon-client/mock';
import { Recorder, call, turnEnded } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opta-mock-scenarios-'));
writeFileSync(join(dir, 'plain.yaml'), 'description: fine\nsteps:\n  - say: hello\n  - done: stop\n');
writeFileSync(join(dir, 'broken.yaml'), 'description: emits a tool call with an empty toolName\nsteps:\n  - tool: {name: "", args: {}, result: 1}\n  - done: stop\n');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(strict: boolean) {
  const lines: string[] = [];
  const m = await startMockDaemon({ port: 0, paceMs: 0, scenariosDir: dir, scenario: 'broken', strict, log: (l) => lines.push(l) });
  const sid = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'do', model: 'm' } })).body['id'] as string;
  const ws = await Recorder.authed(m);
  ws.send({ type: 'subscribe', sessionId: sid, afterSeq: 0 });
  await ws.next((f) => f['type'] === 'subscribed');
  await call(m.url, m, 'POST', `/v3/sessions/${sid}/turns`, { body: { content: 'x' } });
  await turnEnded(m, sid);
  const events = await call(m.url, m, 'GET', `/v3/sessions/${sid}/events`);
  return { m, ws, events, lines };
}

describe('runtime contract validation', () => {
  it('non-strict: sends, but logs loudly and counts the violation', async () => {
    const { m, ws, events, lines } = await run(false);
    try {
      expect(events.status).toBe(200);
      await ws.next((f) => f['type'] === 'event' && f['envelope']['event'] === 'turn.done');
      expect(m.violations.length).toBeGreaterThanOrEqual(2);
      expect(m.violations.map((v) => v.where)).toEqual(expect.arrayContaining(['WS event', 'REST GET /v3/sessions/{sessionId}/events 200']));
      expect(lines.some((l) => l.startsWith('[mock] CONTRACT VIOLATION') && l.includes('toolName'))).toBe(true);
    } finally {
      ws.close();
      await m.close();
    }
  });

  it('strict: never sends it — REST 500 Problem, WebSocket close 1011', async () => {
    const { m, ws, events } = await run(true);
    try {
      expect(events.status).toBe(500);
      expect(events.body['code']).toBe('internal');
      expect((await ws.waitClose()).code).toBe(1011);
      expect(ws.events().filter((e) => e['event'] === 'turn.tool_call')).toEqual([]);
      expect(m.violations.length).toBeGreaterThanOrEqual(2);
    } finally {
      await m.close();
    }
  });

  it('rejects scenario files without a final stop step', () => {
    const bad = mkdtempSync(join(tmpdir(), 'opta-mock-bad-'));
    writeFileSync(join(bad, 'plain.yaml'), 'steps:\n  - say: hello\n');
    return expect(startMockDaemon({ port: 0, scenariosDir: bad })).rejects.toThrow(/last step must be done or error/).finally(() => rmSync(bad, { recursive: true }));
  });
});
