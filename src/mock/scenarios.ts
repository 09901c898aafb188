/**
 * Scenarios are data (YAML files in ./scenarios/, or any file given by path) so frontend
 * developers can add one without touching code. A scenario compiles, for a given prompt, into a
 * flat list of steps the turn runner plays one per pace tick; the list always ends with exactly
 * one stop step.
 *
 * Two kinds of step exist side by side: authored ones (`say`, `think`, `tool`, …) and recorded
 * ones (`{at, event, data}`: one contract event, verbatim, at `at` ms after the turn's first
 * event), which `npm run record` writes. Files are checked when loaded and every error names the
 * file and line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { EVENT_NAMES, STOP_EVENTS, type EventName } from '../../generated/events.js';
import { classifyEventEnvelope, lastValidationError } from '../../generated/validators.js';

/**
 * The built-in scenarios, beside the running code: src/mock/scenarios/ (YAML, with comments)
 * from source, dist/scenarios/ (JSON, written by the build: scripts/build-data.ts) from the package.
 */
export const BUILT_IN_SCENARIOS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios') + '/';

export type Step =
  | { readonly kind: 'thinking'; readonly token: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'tool_call'; readonly callId: string; readonly toolName: string; readonly args: Record<string, unknown> }
  | { readonly kind: 'tool_result'; readonly callId: string; readonly toolName: string; readonly result: unknown; readonly isError: boolean }
  | { readonly kind: 'pause'; readonly ms: number }
  /** Wait until `atMs` after the turn started (absolute, so timer lateness does not add up). */
  | { readonly kind: 'until'; readonly atMs: number }
  /** A recorded contract event, emitted with exactly this name and data. */
  | { readonly kind: 'recorded'; readonly event: EventName; readonly data: unknown }
  | { readonly kind: 'done'; readonly finishReason: 'stop' | 'length' | 'tool_limit' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Where it was loaded from. */
  readonly file: string;
  /** One step list per turn: a session's n-th turn plays `turns[(n - 1) % turns.length]`. */
  readonly turns: readonly (readonly unknown[])[];
}

/** Checks a recorded event's data against the contract; returns what is wrong, or undefined. */
export type EventDataCheck = (event: EventName, data: unknown) => string | undefined;

/** Checks a recorded event against the contract's envelope schema for its name (the generated validators). */
export const contractEventCheck: EventDataCheck = (event, data) => {
  const envelope = {
    event, seq: 1, sessionId: 'sess-check', turnId: event === 'session.cancelled' ? null : 'turn-check', time: new Date(0).toISOString(), data,
    ...(event === 'turn.done' ? { stats: { inputTokens: 0, outputTokens: 0, durationMs: 0, tokensPerSecond: 0, toolCalls: 0 } } : {}),
  };
  if (classifyEventEnvelope(envelope) === 'valid') return undefined;
  const { path, expected } = lastValidationError();
  return `${path.replace(/^\$\.?/, '') || 'the event'}: expected ${expected}`;
};

type Raw = Record<string, unknown>;
type YamlPath = readonly (string | number)[];

const AUTHORED_KEYS = ['think', 'say', 'tool', 'repeat', 'pause', 'done', 'error'] as const;
const RECORDED_KEYS = new Set(['at', 'event', 'data']);

/** A scenario file that cannot be played; the message names the file and line. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly file: string, readonly line: number | undefined, readonly problem: string) {
    super(`mock scenario ${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
  }
}

/** Reads one scenario file: parses, locates, and checks every step. */
class ScenarioFile {
  private readonly lines = new LineCounter();
  readonly doc: Document;

  constructor(readonly file: string, text: string, private readonly checkEvent: EventDataCheck | undefined) {
    this.doc = parseDocument(text, { lineCounter: this.lines });
    const syntax = this.doc.errors[0];
    if (syntax) {
      // The message's first line, without the position the ScenarioError puts in front.
      const problem = (syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new ScenarioError(file, syntax.linePos?.[0].line, `YAML: ${problem}`);
    }
  }

  /** The line of the node at `path` (or of its nearest existing parent). */
  lineOf(path: YamlPath): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : (this.doc.getIn(path.slice(0, n), true) as Node | undefined);
      const start = node?.range?.[0];
      if (start !== undefined) return this.lines.linePos(start).line;
    }
    return undefined;
  }

  fail(path: YamlPath, problem: string): never {
    throw new ScenarioError(this.file, this.lineOf(path), problem);
  }

  read(name: string): Scenario {
    const doc = this.doc.toJS() as unknown;
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) this.fail([], 'not a YAML mapping (expected `description` and `steps` or `turns`)');
    const top = doc as Raw;
    let turns: unknown[][];
    if (top['turns'] !== undefined) {
      if (top['steps'] !== undefined) this.fail(['steps'], 'give either `steps` or `turns`, not both');
      if (!Array.isArray(top['turns']) || top['turns'].length === 0) this.fail(['turns'], '`turns` must be a non-empty list');
      turns = (top['turns'] as unknown[]).map((turn, i) => {
        const steps = turn && typeof turn === 'object' ? (turn as Raw)['steps'] : undefined;
        this.checkSteps(['turns', i, 'steps'], steps, true);
        return steps as unknown[];
      });
    } else {
      this.checkSteps(['steps'], top['steps'], true);
      turns = [top['steps'] as unknown[]];
    }
    return { name, description: String(top['description'] ?? ''), file: this.file, turns };
  }

  private checkSteps(path: YamlPath, steps: unknown, top: boolean): void {
    if (!Array.isArray(steps) || steps.length === 0) this.fail(path, '`steps` must be a non-empty list');
    let lastAt = 0;
    steps.forEach((step: unknown, i) => {
      const at = [...path, i];
      const keys = step && typeof step === 'object' && !Array.isArray(step) ? Object.keys(step as Raw) : [];
      if (keys.includes('event')) {
        lastAt = this.checkRecorded(at, step as Raw, lastAt);
      } else {
        const k = keys[0];
        if (keys.length !== 1 || !k || !(AUTHORED_KEYS as readonly string[]).includes(k)) {
          this.fail(at, `step ${i} must have exactly one of ${AUTHORED_KEYS.join(', ')}, or be a recorded event {at, event, data}`);
        }
        if (k === 'repeat') this.checkSteps([...at, 'repeat', 'steps'], ((step as Raw)['repeat'] as Raw | undefined)?.['steps'], false);
        if (k === 'pause' && !isNonNegative((step as Raw)['pause'])) this.fail([...at, 'pause'], 'pause must be a number of ms ≥ 0');
      }
      if (isStopStep(step) && (!top || i !== steps.length - 1)) this.fail(at, `step ${i}: a stop step (done, error, or a stop event) may only be the last top-level step`);
    });
    if (top && !isStopStep(steps.at(-1))) this.fail([...path, steps.length - 1], 'the last step must be done or error (the stop event)');
  }

  /** `{at, event, data}`: a known event name, data valid per the contract, `at` not going back. */
  private checkRecorded(path: YamlPath, step: Raw, lastAt: number): number {
    const extra = Object.keys(step).filter((k) => !RECORDED_KEYS.has(k));
    if (extra.length) this.fail([...path, extra[0] as string], `a recorded event step has only at, event, data; found ${extra.join(', ')}`);
    const event = step['event'];
    if (typeof event !== 'string' || !(EVENT_NAMES as readonly string[]).includes(event)) {
      this.fail([...path, 'event'], `unknown event ${JSON.stringify(event)}; the contract defines ${EVENT_NAMES.join(', ')}`);
    }
    const problem = this.checkEvent?.(event as EventName, step['data']);
    if (problem) this.fail([...path, 'data'], `${event} data violates the contract: ${problem}`);
    const at = step['at'];
    if (at === undefined) return lastAt;
    if (!isNonNegative(at)) this.fail([...path, 'at'], '`at` must be a number of ms ≥ 0 (time since the turn’s first event)');
    if (at < lastAt) this.fail([...path, 'at'], `\`at\` ${at} is earlier than the step before (${lastAt}); events are in time order`);
    return at;
  }
}

function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isStopStep(step: unknown): boolean {
  if (!step || typeof step !== 'object') return false;
  const s = step as Raw;
  if (typeof s['event'] === 'string') return (STOP_EVENTS as readonly string[]).includes(s['event']);
  const k = Object.keys(s)[0];
  return k === 'done' || k === 'error';
}

/** Parses and checks scenario text; errors are `ScenarioError`s naming `file` and the line. */
export function parseScenario(name: string, file: string, text: string, checkEvent?: EventDataCheck): Scenario {
  return new ScenarioFile(file, text, checkEvent).read(name);
}

/** Loads one scenario file by path; its name is the file name without its extension. */
export function loadScenarioFile(path: string, checkEvent?: EventDataCheck): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(path, undefined, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseScenario(basename(path, extname(path)), path, text, checkEvent);
}

/** Scenario files: YAML, or JSON (which YAML 1.2 reads too, with its lines). */
const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** Loads every `*.yaml`, `*.yml` and `*.json` scenario of a directory, validated, keyed by file name. */
export function loadScenarios(dir: string, checkEvent?: EventDataCheck): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  for (const file of readdirSync(dir).filter((f) => SCENARIO_FILE.test(f)).sort()) {
    const scenario = loadScenarioFile(join(dir, file), checkEvent);
    if (out.has(scenario.name)) throw new ScenarioError(join(dir, file), undefined, `another file in ${dir} already defines scenario ${scenario.name}`);
    out.set(scenario.name, scenario);
  }
  return out;
}

/** Whether a `--scenario` value names a file (a `/`, or a `.yaml`/`.yml`/`.json` ending) rather than a scenario by name. */
export function isScenarioPath(value: string): boolean {
  return /[\\/]/.test(value) || SCENARIO_FILE.test(value);
}

/** Splits text into word tokens that concatenate back to the text (whitespace kept). */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** A prompt may pick its scenario with a leading `[mock:NAME]`; returns the name and the rest. */
export function scenarioDirective(content: string): { name?: string; content: string } {
  const m = /^\s*\[mock:([A-Za-z0-9_-]+)\]\s*/.exec(content);
  return m?.[1] ? { name: m[1], content: content.slice(m[0].length) } : { content };
}

export interface CompileContext {
  readonly prompt: string;
  readonly model: string;
  /** 0 for a session's first turn: picks which of the scenario's `turns` plays. Default 0. */
  readonly turnIndex?: number;
  /** Divides the scenario's own waits (`pause`, recorded `at`): 2 plays twice as fast. Default 1. */
  readonly speed?: number;
}

function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (all, k: string) => vars[k] ?? all);
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

/** Expands a scenario into the steps of one turn. */
export function compileScenario(s: Scenario, ctx: CompileContext): Step[] {
  const firstLine = ctx.prompt.split('\n')[0]?.trim() ?? '';
  const prompt = firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine;
  const speed = ctx.speed ?? 1;
  const turn = s.turns[(ctx.turnIndex ?? 0) % s.turns.length] ?? [];
  const out: Step[] = [];
  let calls = 0;
  const play = (steps: readonly unknown[], vars: Record<string, string>): void => {
    for (const raw of steps) {
      const recorded = raw as Raw;
      if (typeof recorded['event'] === 'string') {
        // Recorded events are replayed verbatim: no placeholders, no tokenising.
        if (typeof recorded['at'] === 'number') out.push({ kind: 'until', atMs: recorded['at'] / speed });
        out.push({ kind: 'recorded', event: recorded['event'] as EventName, data: recorded['data'] });
        continue;
      }
      const [k, v] = Object.entries(raw as Raw)[0] ?? [];
      const val = fill(v, vars);
      switch (k) {
        case 'think':
          for (const token of tokenize(String(val))) out.push({ kind: 'thinking', token });
          break;
        case 'say':
          for (const token of tokenize(String(val).replace(/\s*\n\s*/g, ' '))) out.push({ kind: 'token', token });
          break;
        case 'tool': {
          const t = val as Raw;
          const callId = `call-${++calls}`;
          const toolName = String(t['name'] ?? 'tool');
          out.push({ kind: 'tool_call', callId, toolName, args: (t['args'] ?? {}) as Record<string, unknown> });
          out.push({ kind: 'tool_result', callId, toolName, result: t['result'] ?? null, isError: t['isError'] === true });
          break;
        }
        case 'repeat': {
          const r = v as Raw;
          const times = Number(r['times'] ?? 1);
          for (let i = 1; i <= times; i++) play(r['steps'] as unknown[], { ...vars, i: String(i), n: String(times) });
          break;
        }
        case 'pause':
          out.push({ kind: 'pause', ms: Number(val) / speed });
          break;
        case 'done':
          out.push({ kind: 'done', finishReason: (val ?? 'stop') as 'stop' | 'length' | 'tool_limit' });
          break;
        case 'error': {
          const e = val as Raw;
          out.push({ kind: 'error', code: String(e['code'] ?? 'internal'), message: String(e['message'] ?? 'Mock error') });
          break;
        }
      }
    }
  };
  play(turn, { prompt, model: ctx.model });
  return out;
}
