/**
 * Recording: reads one session's events from any daemon that speaks the v3 REST contract (the
 * real one, the mock, a proxy) by paging `GET /v3/sessions/{id}/events?afterSeq=`, checks every
 * answer against the contract, and turns the finished turns into a scenario file the mock
 * replays with the original pacing (`at`: ms since the turn's first event, from the envelopes'
 * `time`). The token goes in the Authorization header only and never into a message.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { EventEnvelope } from '../../generated/events.js';
import { STOP_EVENTS } from '../../generated/events.js';
import { responseValidators, validationError } from '../../generated/validators.js';
import { contractEventCheck, parseScenario, type Scenario } from './scenarios.js';

export interface RecordOptions {
  /** The daemon's base URL, e.g. `http://127.0.0.1:9999` (no `/v3`). */
  readonly url: string;
  /** Bearer token (sent in the Authorization header only). */
  readonly token: string;
  readonly sessionId: string;
  /** Events asked per page (the contract allows 1–1000). Default 1000. */
  readonly pageSize?: number;
  /** Time each request may take, in ms. Default 10000. */
  readonly timeoutMs?: number;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface RecordedTurn {
  readonly turnId: string;
  /** The turn's content (its prompt), when the daemon still has the turn. */
  readonly prompt: string | undefined;
  /** From the turn's first event to its stop event, in seq order. */
  readonly events: readonly EventEnvelope[];
}

export interface Recording {
  readonly source: string;
  readonly sessionId: string;
  readonly epoch: string;
  readonly recordedAt: string;
  /** Finished turns (ending with their stop event), in order. */
  readonly turns: readonly RecordedTurn[];
  /** Events left out: a turn still running, or events outside any turn (turnId null). */
  readonly skipped: readonly { readonly seq: number; readonly event: string; readonly why: string }[];
}

/** Recording failed: the daemon refused, broke the contract, lost events, or did not answer. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

const STOPS: readonly string[] = STOP_EVENTS;

type ReadOperation = 'getSession' | 'getEvents' | 'getTurn';

class ContractReader {
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: RecordOptions) {
    this.fetchFn = options.fetch ?? fetch;
  }

  /** GETs a contract path and returns its status and body, checked against the operation's declared response. */
  async get(operation: ReadOperation, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const base = this.options.url.replace(/\/+$/, '');
    const target = `${base}${path}`;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let res: Response;
    try {
      res = await this.fetchFn(target, {
        headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      throw new RecordError(`GET ${target}: ${why}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RecordError(`GET ${target} → ${res.status}: the body is not JSON, so this is not a v3 daemon`);
    }
    const validators: Readonly<Record<number, (value: unknown) => boolean>> = responseValidators[operation];
    const validate = validators[res.status];
    if (!validate) throw new RecordError(`GET ${target} → ${res.status}, a status the v3 contract does not declare for ${operation}`);
    const problem = validationError(validate, body);
    if (problem) throw new RecordError(`GET ${target} → ${res.status} violates the v3 contract: ${problem.path} must be ${problem.expected}`);
    return { status: res.status, body: body as Record<string, unknown> };
  }
}

function problemText(status: number, body: Record<string, unknown>): string {
  return `${status} ${String(body['code'] ?? '')}: ${String(body['message'] ?? '')}`.trim();
}

/** Reads every held event of a session, in seq order, checking that the pages join up. */
async function readAllEvents(reader: ContractReader, sessionId: string, pageSize: number): Promise<{ events: EventEnvelope[]; epoch: string }> {
  const id = encodeURIComponent(sessionId);
  const events: EventEnvelope[] = [];
  let afterSeq = 0;
  let epoch: string | undefined;
  for (;;) {
    const { status, body } = await reader.get('getEvents', `/v3/sessions/${id}/events?afterSeq=${afterSeq}&limit=${pageSize}`);
    if (status === 410) {
      throw new RecordError(`the daemon no longer holds the session's first events (oldest held: seq ${String(body['oldestSeq'])}); a recording would miss the start of a turn`);
    }
    if (status !== 200) throw new RecordError(`reading events after seq ${afterSeq}: ${problemText(status, body)}`);
    const page = body as { events: EventEnvelope[]; epoch: string; hasMore: boolean; oldestSeq: number };
    if (afterSeq === 0 && page.oldestSeq > 1) {
      throw new RecordError(`the daemon no longer holds the session's first events (oldest held: seq ${page.oldestSeq}); a recording would miss the start of a turn`);
    }
    if (epoch !== undefined && page.epoch !== epoch) throw new RecordError(`the daemon restarted while recording (epoch ${epoch} → ${page.epoch}); record again`);
    epoch = page.epoch;
    for (const envelope of page.events) {
      if (envelope.seq !== afterSeq + 1) throw new RecordError(`events are not contiguous: seq ${envelope.seq} after ${afterSeq}`);
      events.push(envelope);
      afterSeq = envelope.seq;
    }
    if (!page.hasMore) return { events, epoch };
    if (page.events.length === 0) throw new RecordError(`the daemon says hasMore after seq ${afterSeq} but sent no events`);
  }
}

/** Splits a session's events into finished turns; the rest is reported as skipped. */
function splitTurns(events: readonly EventEnvelope[]): { turns: { turnId: string; events: EventEnvelope[] }[]; skipped: Recording['skipped'] } {
  const open = new Map<string, EventEnvelope[]>();
  const turns: { turnId: string; events: EventEnvelope[] }[] = [];
  const skipped: { seq: number; event: string; why: string }[] = [];
  for (const envelope of events) {
    if (envelope.turnId === null) {
      skipped.push({ seq: envelope.seq, event: envelope.event, why: 'outside any turn' });
      continue;
    }
    const list = open.get(envelope.turnId) ?? [];
    list.push(envelope);
    open.set(envelope.turnId, list);
    if (STOPS.includes(envelope.event)) {
      open.delete(envelope.turnId);
      turns.push({ turnId: envelope.turnId, events: list });
    }
  }
  for (const list of open.values()) {
    for (const envelope of list) skipped.push({ seq: envelope.seq, event: envelope.event, why: 'its turn has not ended' });
  }
  return { turns, skipped };
}

/** Records a session's finished turns from a daemon over the REST contract. */
export async function recordSession(options: RecordOptions): Promise<Recording> {
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new RangeError(`pageSize must be 1..1000, got ${pageSize}`);
  const reader = new ContractReader(options);
  const id = encodeURIComponent(options.sessionId);
  const session = await reader.get('getSession', `/v3/sessions/${id}`);
  if (session.status !== 200) throw new RecordError(`session ${options.sessionId}: ${problemText(session.status, session.body)}`);
  const { events, epoch } = await readAllEvents(reader, options.sessionId, pageSize);
  const split = splitTurns(events);
  if (split.turns.length === 0) throw new RecordError(`session ${options.sessionId} has no finished turn to record (${events.length} events)`);
  const turns: RecordedTurn[] = [];
  for (const turn of split.turns) {
    const answer = await reader.get('getTurn', `/v3/sessions/${id}/turns/${encodeURIComponent(turn.turnId)}`);
    const prompt = answer.status === 200 && typeof answer.body['content'] === 'string' ? answer.body['content'] : undefined;
    turns.push({ turnId: turn.turnId, prompt, events: turn.events });
  }
  return { source: options.url, sessionId: options.sessionId, epoch, recordedAt: new Date().toISOString(), turns, skipped: split.skipped };
}

/** Milliseconds from `from` to `to` (ISO date-times). */
function offsetMs(from: string, to: string): number {
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

/** The scenario file of a recording: one flow-style line per event, times in ms since each turn's first event. */
export function recordingToYaml(recording: Recording): string {
  const eventCount = recording.turns.reduce((n, t) => n + t.events.length, 0);
  const content = {
    description: `Recorded from session ${recording.sessionId} (${recording.turns.length} turn(s), ${eventCount} events)`,
    recorded: { source: recording.source, sessionId: recording.sessionId, epoch: recording.epoch, at: recording.recordedAt },
    turns: recording.turns.map((turn) => {
      const first = turn.events[0]?.time ?? recording.recordedAt;
      return {
        ...(turn.prompt !== undefined ? { prompt: turn.prompt } : {}),
        steps: turn.events.map((e) => ({ at: offsetMs(first, e.time), event: e.event, data: e.data })),
      };
    }),
  };
  const doc = new Document(content);
  doc.commentBefore =
    ' Recorded by `npm run record` (@opta/daemon-client). Replay: npm run mock -- --scenario ./THIS.yaml [--speed N]\n' +
    ' Each step is one contract event, replayed verbatim; `at` is ms since the turn\'s first event.\n' +
    ' A session\'s n-th turn plays turns[(n - 1) % turns.length].';
  const turnsNode = doc.get('turns', true);
  if (isSeq(turnsNode)) {
    for (const turn of turnsNode.items) {
      const steps = isMap(turn) ? turn.get('steps', true) : undefined;
      if (isSeq(steps)) for (const step of steps.items) if (isMap(step)) step.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * Checks a recording's YAML the way the mock will load it (every event against the contract) and
 * that it plays back the same events; returns the parsed scenario.
 */
export function checkRecordingYaml(recording: Recording, yaml: string, file: string): Scenario {
  const scenario = parseScenario('recording', file, yaml, contractEventCheck);
  recording.turns.forEach((turn, i) => {
    const steps = (scenario.turns[i] ?? []) as { event: string; data: unknown }[];
    const same = steps.length === turn.events.length && steps.every((s, j) => s.event === turn.events[j]?.event && JSON.stringify(s.data) === JSON.stringify(turn.events[j]?.data));
    if (!same) throw new RecordError(`the written scenario does not reproduce turn ${turn.turnId}; this is a bug in the recorder`);
  });
  return scenario;
}
