/**
 * Stream semantics shared by REST polling and the WebSocket: which events end a turn (read from
 * the `x-opta-stop-event` markers of specs/schemas/events.yaml, not from generated code, so the
 * runner judges the spec as it is now), seq continuity and one stop event per turn.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SPECS_DIR } from '../../../src/mock/validation.js';

export interface Envelope {
  readonly event?: unknown;
  readonly seq?: unknown;
  readonly sessionId?: unknown;
  readonly turnId?: unknown;
  readonly [key: string]: unknown;
}

function loadStopEvents(): ReadonlySet<string> {
  const doc = parse(readFileSync(`${SPECS_DIR}schemas/events.yaml`, 'utf8')) as Record<string, Record<string, unknown>>;
  const names = new Set<string>();
  for (const schema of Object.values(doc)) {
    if (schema?.['x-opta-stop-event'] !== true) continue;
    const event = (schema['properties'] as Record<string, { const?: unknown }> | undefined)?.['event']?.const;
    if (typeof event === 'string') names.add(event);
  }
  return names;
}

export const STOP_EVENTS: ReadonlySet<string> = loadStopEvents();

export function isStop(e: Envelope): boolean {
  return STOP_EVENTS.has(String(e.event));
}

/** Problems with seqs not running +1 from `first` (gaps, repeats, disorder, missing seq). */
export function seqProblems(events: readonly Envelope[], first: number, where: string): string[] {
  const problems: string[] = [];
  let expected = first;
  for (const e of events) {
    if (typeof e.seq !== 'number') {
      problems.push(`${where}: ${String(e.event)} event without a numeric seq (got ${JSON.stringify(e.seq)}) after seq ${expected - 1}`);
      continue;
    }
    if (e.seq !== expected) {
      problems.push(`${where}: seq ${e.seq} where ${expected} was due (${e.seq < expected ? 'repeat or disorder' : `gap of ${e.seq - expected}`})`);
      if (problems.length >= 5) break;
    }
    expected = e.seq + 1;
  }
  return problems;
}

/**
 * Each turn seen in `events` has exactly one stop event, and nothing of that turn follows it.
 * `finished` lists turns that must have ended within `events`.
 */
export function stopProblems(events: readonly Envelope[], finished: readonly string[], where: string): string[] {
  const problems: string[] = [];
  const byTurn = new Map<string, Envelope[]>();
  for (const e of events) {
    if (typeof e.turnId !== 'string') continue;
    const list = byTurn.get(e.turnId) ?? [];
    list.push(e);
    byTurn.set(e.turnId, list);
  }
  for (const t of finished) if (!byTurn.has(t)) problems.push(`${where}: no events for turn ${t}`);
  for (const [turnId, list] of byTurn) {
    const stops = list.filter(isStop);
    if (stops.length > 1) problems.push(`${where}: turn ${turnId} has ${stops.length} stop events (${stops.map((s) => `${String(s.event)}@${String(s.seq)}`).join(', ')})`);
    if (stops.length === 0 && finished.includes(turnId)) problems.push(`${where}: turn ${turnId} ended without a stop event`);
    const last = list[list.length - 1];
    if (stops.length === 1 && last !== stops[0]) problems.push(`${where}: turn ${turnId} has ${String(last?.event)}@${String(last?.seq)} after its stop event`);
  }
  return problems;
}
