/**
 * Cost of the generated validators on the stream's hot path: ns per frame for JSON.parse alone,
 * for the generated check alone (classifyServerFrame on the parsed frame), and for both, on a
 * token event (127 B envelope) and a 4 KB tool-result event frame. Rounds interleave the variants; the
 * median round is printed. The checks remember the last id and date-time they accepted, so a
 * last line measures the least friendly stream: 1,024 token frames whose seq and time all differ
 * (every date-time checked in full), parse + check against parse alone.
 *
 *   npx tsx bench/validators.ts            (ROUNDS=15 ITERATIONS=200000 by default)
 */
import { classifyServerFrame, validateServerFrame } from '../generated/validators.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const ITERATIONS = Number(process.env.ITERATIONS ?? 200_000);

/** An event frame whose envelope is `bytes` long (a 127 B envelope: a short token). */
function tokenFrame(bytes: number): string {
  const envelope = (token: string) => ({ event: 'turn.token', seq: 42, sessionId: 'sess-a1', turnId: 'turn-b2', time: '2026-11-24T09:30:00.120Z', data: { token } });
  const base = JSON.stringify(envelope('')).length;
  return JSON.stringify({ type: 'event', envelope: envelope('x'.repeat(Math.max(0, bytes - base))) });
}

function toolResultFrame(bytes: number): string {
  const frame = (hits: string[]) =>
    JSON.stringify({ type: 'event', envelope: { event: 'turn.tool_result', seq: 8, sessionId: 'sess-abc123', turnId: 'turn-xyz789', time: '2026-11-24T09:30:01.400Z', data: { callId: 'call-1', toolName: 'web_search', result: { hits }, isError: false } } });
  const hits: string[] = [];
  while (frame(hits).length < bytes - 40) hits.push(`result ${hits.length}: unified memory on Apple Silicon`);
  const text = frame(hits);
  return frame([...hits.slice(0, -1), `${hits.at(-1) ?? ''}${'.'.repeat(Math.max(0, bytes - text.length))}`]);
}

let sink = 0;

function timeNs(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / ITERATIONS;
}

function measure(text: string): { parse: number; check: number; both: number } {
  const parsed: unknown = JSON.parse(text);
  if (classifyServerFrame(parsed) !== 'valid' || !validateServerFrame(parsed)) throw new Error('bench frame is not valid');
  const variants = {
    parse: () => {
      for (let i = 0; i < ITERATIONS; i++) sink += (JSON.parse(text) as { type: string }).type.length;
    },
    check: () => {
      for (let i = 0; i < ITERATIONS; i++) sink += classifyServerFrame(parsed).length;
    },
    both: () => {
      for (let i = 0; i < ITERATIONS; i++) sink += classifyServerFrame(JSON.parse(text)).length;
    },
  };
  const samples = { parse: [] as number[], check: [] as number[], both: [] as number[] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of ['parse', 'check', 'both'] as const) {
      const ns = timeNs(variants[name]);
      if (round > 0) samples[name].push(ns); // round 0 warms up
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return { parse: median(samples.parse), check: median(samples.check), both: median(samples.both) };
}

for (const [label, text] of [['token event', tokenFrame(127)], ['tool result', toolResultFrame(4096)]] as const) {
  const envelopeBytes = Buffer.byteLength(JSON.stringify((JSON.parse(text) as { envelope: unknown }).envelope));
  const { parse, check, both } = measure(text);
  console.log(
    `${label.padEnd(12)} envelope ${String(envelopeBytes).padStart(5)} B, frame ${String(Buffer.byteLength(text)).padStart(5)} B  JSON.parse ${parse.toFixed(0).padStart(6)} ns` +
      `  classifyServerFrame ${check.toFixed(0).padStart(5)} ns  both ${both.toFixed(0).padStart(6)} ns` +
      `  parse/(parse+check) ${(parse / both).toFixed(3)}`,
  );
}
/** Token frames as a stream sends them: seq and time differ on every frame (the time one millisecond apart). */
function distinctTokenFrames(count: number): string[] {
  const start = Date.parse('2026-11-24T09:30:00.000Z');
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({ type: 'event', envelope: { event: 'turn.token', seq: index + 1, sessionId: 'sess-a1', turnId: 'turn-b2', time: new Date(start + index).toISOString(), data: { token: `tok${index % 97} ` } } }));
}

function measureDistinct(texts: readonly string[]): { parse: number; both: number } {
  const mask = texts.length - 1;
  const variants = {
    parse: () => {
      for (let i = 0; i < ITERATIONS; i++) sink += (JSON.parse(texts[i & mask] as string) as { type: string }).type.length;
    },
    both: () => {
      for (let i = 0; i < ITERATIONS; i++) sink += classifyServerFrame(JSON.parse(texts[i & mask] as string)).length;
    },
  };
  const samples = { parse: [] as number[], both: [] as number[] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of ['parse', 'both'] as const) {
      const ns = timeNs(variants[name]);
      if (round > 0) samples[name].push(ns);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return { parse: median(samples.parse), both: median(samples.both) };
}

{
  const texts = distinctTokenFrames(1024);
  if (!texts.every((text) => classifyServerFrame(JSON.parse(text)) === 'valid')) throw new Error('bench frames are not valid');
  const { parse, both } = measureDistinct(texts);
  console.log(
    `${'token, new time each frame'.padEnd(26)}  JSON.parse ${parse.toFixed(0).padStart(6)} ns  both ${both.toFixed(0).padStart(6)} ns` +
      `  check ${(both - parse).toFixed(0).padStart(4)} ns  parse/(parse+check) ${(parse / both).toFixed(3)}`,
  );
}
if (sink === 0) console.log('(sink)');
