/**
 * Record a session from one mock over the REST contract, replay it in another: the same event
 * names, data and order, with the recorded pacing (within 10%), also at another speed. The CLI
 * (`scripts/record.ts`) finds its token in the environment and never prints it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockDaemon, startPrismMock, type MockDaemon } from '@opta/daemon-client/mock';
import { RecordError, recordSession, recordingToYaml, checkRecordingYaml, type Recording } from '../../src/mock/record.js';
import { call, turnEnded, waitFor, type Json } from './helpers.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'opta-record-'));
const root = new URL('../..', import.meta.url);
let source: MockDaemon;
let sourceSession: string;
let recording: Recording;
let file: string;

async function events(m: MockDaemon, sessionId: string): Promise<Json[]> {
  return (await call(m.url, m, 'GET', `/v3/sessions/${sessionId}/events?afterSeq=0&limit=1000`)).body['events'] as Json[];
}

/** Runs `prompts` as consecutive turns of a new session and returns the session id. */
async function runTurns(m: MockDaemon, prompts: readonly string[]): Promise<string> {
  const id = (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
  for (const content of prompts) {
    expect((await call(m.url, m, 'POST', `/v3/sessions/${id}/turns`, { body: { content } })).status).toBe(202);
    await turnEnded(m, id);
  }
  return id;
}

/** Per turn: the events' offsets in ms from the turn's first event. */
function offsets(list: readonly Json[]): number[] {
  const first = Date.parse(list[0]?.['time'] as string);
  return list.map((e) => Date.parse(e['time'] as string) - first);
}

function byTurn(list: readonly Json[]): Json[][] {
  const turns = new Map<string, Json[]>();
  for (const e of list) turns.set(e['turnId'] as string, [...(turns.get(e['turnId'] as string) ?? []), e]);
  return [...turns.values()];
}

interface Pacing {
  /** |replayed span − recorded span / speed|, as a fraction of the expected span. */
  readonly span: number;
  /** Mean |replayed offset − recorded offset / speed| per event, as a fraction of the expected span. */
  readonly mean: number;
  /** The largest of those (printed: one event-loop stall on a saturated machine can exceed 10% alone). */
  readonly max: number;
}

function pacing(recorded: readonly number[], replayed: readonly number[], speed: number): Pacing {
  const expectedSpan = (recorded.at(-1) ?? 1) / speed;
  const gaps = recorded.map((at, i) => Math.abs((replayed[i] ?? Infinity) - at / speed));
  return {
    span: Math.abs((replayed.at(-1) ?? Infinity) - expectedSpan) / expectedSpan,
    mean: gaps.reduce((a, b) => a + b, 0) / gaps.length / expectedSpan,
    max: Math.max(...gaps) / expectedSpan,
  };
}

const percent = (p: Pacing): string => `span ${(p.span * 100).toFixed(1)}%, mean ${(p.mean * 100).toFixed(1)}%, max ${(p.max * 100).toFixed(1)}%`;

beforeAll(async () => {
  source = await startMockDaemon({ port: 0, paceMs: 30, statePath: null });
  // Two turns with different shapes: thinking and tool calls, then a plain answer. Spans of ~1.5 s keep 10% of
  // them (~150 ms) above the event-loop stalls of a saturated machine.
  sourceSession = await runTurns(source, ['[mock:tools] What is unified memory?', 'And in one line?']);
  recording = await recordSession({ url: source.url, token: source.token, sessionId: sourceSession, pageSize: 25 });
  file = join(dir, 'session.yaml');
  writeFileSync(file, recordingToYaml(recording));
});

afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('record', () => {
  it('reads every finished turn over paged GET /events, in order, and writes a scenario that reproduces it', async () => {
    const all = await events(source, sourceSession);
    expect(recording.turns).toHaveLength(2);
    expect(recording.turns.flatMap((t) => t.events)).toEqual(all);
    expect(recording.turns[0]?.prompt).toBe('[mock:tools] What is unified memory?');
    expect(recording.skipped).toEqual([]);
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toMatch(/^# Recorded by `npm run record`/);
    expect(yaml).toContain('- { at: 0, event: turn.thinking, data: { token:');
    expect(() => checkRecordingYaml(recording, yaml, file)).not.toThrow();
  });

  it('refuses a session whose first events the daemon no longer holds, and a wrong token, without printing it', async () => {
    // On a session of its own: the other tests record sourceSession's events (already in `recording`).
    const expired = await runTurns(source, ['[mock:plain] soon gone']);
    source.expireBuffer(expired, 5);
    await expect(recordSession({ url: source.url, token: source.token, sessionId: expired })).rejects.toThrow(/no longer holds the session's first events \(oldest held: seq 38\)/);
    const wrong = 'wrong-token-value-123';
    const error = (await recordSession({ url: source.url, token: wrong, sessionId: sourceSession }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(RecordError);
    expect(error.message).toMatch(/401 unauthorized/);
    expect(error.message).not.toContain(wrong);
  });
});

/** A daemon that answers GET /v3/sessions/{id} correctly and the events with `page`. */
async function brokenDaemon(page: unknown): Promise<{ url: string; server: Server }> {
  const session = { id: 'sess-b', mode: 'chat', model: 'm', title: null, status: 'active', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', headSeq: 1, turnCount: 1, activeTurnId: null };
  const server = createServer((req, res) => {
    const body = JSON.stringify(req.url?.includes('/events') ? page : session);
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('recordingToYaml', () => {
  it('writes awkward data so that it reads back identical (newlines, quotes, unicode, YAML-looking strings, nesting, null)', () => {
    const base = { sessionId: 'sess-x', turnId: 'turn-x', time: '2026-01-01T00:00:00.000Z' };
    const tricky: Recording = {
      source: 'http://127.0.0.1:1', sessionId: 'sess-x', epoch: 'ep-1', recordedAt: '2026-01-01T00:00:01.000Z', skipped: [],
      turns: [{
        turnId: 'turn-x', prompt: 'multi\nline: "prompt" # not a comment',
        events: [
          { ...base, seq: 1, event: 'turn.token', data: { token: 'line one\nline two\t"quoted" \'single\' — ünïcode 🚀 ' } },
          { ...base, seq: 2, event: 'turn.token', data: { token: 'yes' } },
          { ...base, seq: 3, event: 'turn.token', data: { token: '- [not, a, list]: {x}' } },
          { ...base, seq: 4, event: 'turn.tool_call', data: { callId: 'c1', toolName: 't', args: { deep: { list: [1, 'two', null, { three: true }] }, empty: {} } } },
          { ...base, seq: 5, event: 'turn.tool_result', data: { callId: 'c1', toolName: 't', result: null, isError: false } },
          { ...base, seq: 6, time: '2026-01-01T00:00:00.250Z', event: 'turn.error', data: { code: 'tool_failed', message: 'a: b\n  c' } },
        ],
      }],
    } as unknown as Recording;
    const yaml = recordingToYaml(tricky);
    const scenario = checkRecordingYaml(tricky, yaml, 'tricky.yaml');
    expect((scenario.turns[0] as { at: number }[]).map((s) => s.at)).toEqual([0, 0, 0, 0, 0, 250]);
  });
});

describe('record from other daemons', () => {
  it('records from another implementation of the contract (Prism answering from the spec examples) and the mock replays it', async () => {
    const prism = await startPrismMock({ port: 0, statePath: null });
    let fromPrism: Recording;
    try {
      fromPrism = await recordSession({ url: prism.url, token: prism.token, sessionId: 'sess-any' });
    } finally {
      await prism.close();
    }
    expect(fromPrism.turns.map((t) => t.events.map((e) => e.event))).toEqual([['turn.token', 'turn.token', 'turn.done']]);
    const prismFile = join(dir, 'prism.yaml');
    writeFileSync(prismFile, recordingToYaml(fromPrism));
    const replay = await startMockDaemon({ port: 0, scenario: prismFile, speed: 50, statePath: null });
    try {
      const id = await runTurns(replay, ['hello']);
      expect((await events(replay, id)).map((e) => [e['event'], e['data']])).toEqual(fromPrism.turns[0]?.events.map((e) => [e.event, e.data]));
    } finally {
      await replay.close();
    }
  });

  it('refuses a daemon whose answers break the contract, or that says hasMore without sending events', async () => {
    const bad = await brokenDaemon({ events: [{ seq: 'one' }], headSeq: 1, oldestSeq: 1, epoch: 'ep-1', hasMore: false });
    const stuck = await brokenDaemon({ events: [], headSeq: 1, oldestSeq: 1, epoch: 'ep-1', hasMore: true });
    try {
      await expect(recordSession({ url: bad.url, token: 't', sessionId: 'sess-b' })).rejects.toThrow(/GET .*\/events\?afterSeq=0&limit=1000 → 200 violates the v3 contract/);
      await expect(recordSession({ url: stuck.url, token: 't', sessionId: 'sess-b' })).rejects.toThrow('the daemon says hasMore after seq 0 but sent no events');
    } finally {
      bad.server.close();
      stuck.server.close();
    }
  });
});

describe('replay', () => {
  it('plays the recording for every turn submitted: same names, data and order, pacing within 10%', async () => {
    const replay = await startMockDaemon({ port: 0, scenario: file, statePath: null });
    try {
      expect(replay.scenarios).toContain('session');
      const id = await runTurns(replay, ['anything', 'anything else', 'a third turn wraps to the first']);
      const turns = byTurn(await events(replay, id));
      const recorded = recording.turns.map((t) => t.events as unknown as Json[]);
      const expected = [recorded[0], recorded[1], recorded[0]] as Json[][];
      turns.forEach((turn, i) => {
        expect(turn.map((e) => [e['event'], e['data']])).toEqual((expected[i] ?? []).map((e) => [e['event'], e['data']]));
      });
      const measured = turns.map((turn, i) => pacing(offsets(expected[i] ?? []), offsets(turn), 1));
      const spans = expected.map((t) => offsets(t).at(-1));
      console.log(`replay pacing: recorded spans ${spans.join(', ')} ms; errors ${measured.map(percent).join(' | ')} of the span`);
      for (const p of measured) {
        expect(p.span).toBeLessThanOrEqual(0.1);
        expect(p.mean).toBeLessThanOrEqual(0.1);
      }
      expect(replay.violations).toEqual([]);
    } finally {
      await replay.close();
    }
  });

  it('a turn recorded as cancelled replays as a cancel: the same session.cancelled, and the session ends cancelled', async () => {
    const cancelled = (await call(source.url, source, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
    await call(source.url, source, 'POST', `/v3/sessions/${cancelled}/turns`, { body: { content: '[mock:long] go on' } });
    await waitFor(async () => ((await events(source, cancelled)).length >= 5 ? true : undefined));
    await call(source.url, source, 'POST', `/v3/sessions/${cancelled}/cancel`);
    const recorded = await recordSession({ url: source.url, token: source.token, sessionId: cancelled });
    const stop = recorded.turns[0]?.events.at(-1);
    expect([stop?.event, stop?.data]).toEqual(['session.cancelled', { reason: 'user' }]);
    const cancelFile = join(dir, 'cancelled.yaml');
    writeFileSync(cancelFile, recordingToYaml(recorded));
    const replay = await startMockDaemon({ port: 0, scenario: cancelFile, speed: 10, statePath: null });
    try {
      const id = (await call(replay.url, replay, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
      await call(replay.url, replay, 'POST', `/v3/sessions/${id}/turns`, { body: { content: 'anything' } });
      const session = await turnEnded(replay, id);
      expect(session['status']).toBe('cancelled');
      expect((await events(replay, id)).map((e) => [e['event'], e['data']])).toEqual(recorded.turns[0]?.events.map((e) => [e.event, e.data]));
    } finally {
      await replay.close();
    }
  });

  it('--speed 2 plays the recorded timing twice as fast (within 10%)', async () => {
    const replay = await startMockDaemon({ port: 0, scenario: file, speed: 2, statePath: null });
    try {
      const id = await runTurns(replay, ['again']);
      const turn = byTurn(await events(replay, id))[0] ?? [];
      const recorded = (recording.turns[0]?.events ?? []) as unknown as Json[];
      expect(turn.map((e) => e['event'])).toEqual(recorded.map((e) => e['event']));
      const p = pacing(offsets(recorded), offsets(turn), 2);
      console.log(`replay at speed 2: recorded span ${offsets(recorded).at(-1)} ms, replayed ${offsets(turn).at(-1)} ms; errors ${percent(p)}`);
      expect(p.span).toBeLessThanOrEqual(0.1);
      expect(p.mean).toBeLessThanOrEqual(0.1);
    } finally {
      await replay.close();
    }
  });
});

describe('npm run record (scripts/record.ts)', () => {
  it('takes the token from OPTA_DAEMON_TOKEN, writes the file, prints a summary and never the token', async () => {
    const fresh = await runTurns(source, ['[mock:plain] hello']);
    const out = join(dir, 'cli.yaml');
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/record.ts', '--url', source.url, '--session', fresh, '--out', out], {
      cwd: root,
      env: { ...process.env, OPTA_DAEMON_TOKEN: source.token, OPTA_DAEMON_STATE: join(dir, 'none.json') },
    });
    expect(stderr).toMatch(new RegExp(`record: 1 turn\\(s\\), 42 events .* session ${fresh} → ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(stdout + stderr).not.toContain(source.token);
    expect(readFileSync(out, 'utf8')).toContain('event: turn.done, data: { finishReason: stop }');
  });

  it('fails with exit 1 and the reason when the session does not exist', async () => {
    const error = await run('npx', ['tsx', 'scripts/record.ts', '--url', source.url, '--session', 'sess-nope', '--token', source.token], { cwd: root }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain('record: session sess-nope: 404 session_not_found');
    expect((error as { stderr: string }).stderr).not.toContain(source.token);
  });
});
