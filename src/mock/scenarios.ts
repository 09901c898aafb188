/**
 * Scenarios are data (YAML or JSON files in a folder) so frontend developers can add one without
 * touching code. A scenario compiles, for a given prompt, into a flat list of steps the turn
 * runner plays one per pace tick; the list always ends with exactly one stop step.
 *
 * The built-in ones are written in YAML (src/mock/scenarios/, with comments) and shipped as JSON
 * (dist/scenarios/, written by the build), so the installed mock needs no YAML parser: `yaml` is
 * loaded only when a folder holds a YAML file, and its absence is a clear error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built-in scenarios, beside the running code: src/mock/scenarios/ (YAML) from source,
 * dist/scenarios/ (JSON) from the build.
 */
export const BUILT_IN_SCENARIOS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios') + '/';

const SCENARIO_FILE = /^(?<name>.+)\.(?<format>json|ya?ml)$/;

export type Step =
  | { readonly kind: 'thinking'; readonly token: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'tool_call'; readonly callId: string; readonly toolName: string; readonly args: Record<string, unknown> }
  | { readonly kind: 'tool_result'; readonly callId: string; readonly toolName: string; readonly result: unknown; readonly isError: boolean }
  | { readonly kind: 'pause'; readonly ms: number }
  | { readonly kind: 'done'; readonly finishReason: 'stop' | 'length' | 'tool_limit' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Raw steps as written in YAML (validated at load). */
  readonly steps: readonly unknown[];
}

type Raw = Record<string, unknown>;

function fail(name: string, msg: string): never {
  throw new Error(`mock scenario ${name}: ${msg}`);
}

function checkSteps(name: string, steps: unknown, top: boolean): void {
  if (!Array.isArray(steps) || steps.length === 0) fail(name, '`steps` must be a non-empty list');
  steps.forEach((s, i) => {
    const keys = s && typeof s === 'object' ? Object.keys(s as Raw) : [];
    const k = keys[0];
    if (keys.length !== 1 || !k || !['think', 'say', 'tool', 'repeat', 'pause', 'done', 'error'].includes(k)) {
      fail(name, `step ${i} must have exactly one of think, say, tool, repeat, pause, done, error`);
    }
    const stop = k === 'done' || k === 'error';
    if (stop && (!top || i !== steps.length - 1)) fail(name, `step ${i}: ${k} may only be the last top-level step`);
    if (k === 'repeat') checkSteps(name, ((s as Raw)['repeat'] as Raw | undefined)?.['steps'], false);
  });
  if (top) {
    const last = Object.keys(steps.at(-1) as Raw)[0];
    if (last !== 'done' && last !== 'error') fail(name, 'the last step must be done or error (the stop event)');
  }
}

type ParseYaml = (text: string) => unknown;

/** The `yaml` package's parser, loaded on first need (a dev dependency, not a runtime one). */
function yamlParser(name: string): ParseYaml {
  try {
    return (createRequire(import.meta.url)('yaml') as { parse: ParseYaml }).parse;
  } catch {
    return fail(name, 'YAML scenarios need the `yaml` package (npm i -D yaml), or write the scenario as JSON');
  }
}

function parseScenarioFile(name: string, format: string, text: string): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : yamlParser(name)(text);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('mock scenario ')) throw error;
    return fail(name, `not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${String(error)}`);
  }
}

/** Loads every `*.yaml`, `*.yml` and `*.json` scenario of a directory, validated, keyed by file name. */
export function loadScenarios(dir: string): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  for (const file of readdirSync(dir).sort()) {
    const match = SCENARIO_FILE.exec(file);
    if (!match?.groups) continue;
    const { name = file, format = 'json' } = match.groups;
    if (out.has(name)) fail(name, `two files define it (${file} and another)`);
    const doc = parseScenarioFile(name, format, readFileSync(join(dir, file), 'utf8')) as Raw | null;
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(name, 'not a mapping with `steps`');
    checkSteps(name, doc['steps'], true);
    out.set(name, { name, description: String(doc['description'] ?? ''), steps: doc['steps'] as unknown[] });
  }
  return out;
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
  const out: Step[] = [];
  let calls = 0;
  const play = (steps: readonly unknown[], vars: Record<string, string>): void => {
    for (const raw of steps) {
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
          out.push({ kind: 'pause', ms: Number(val) });
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
  play(s.steps, { prompt, model: ctx.model });
  return out;
}
