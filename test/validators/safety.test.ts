// The generated validators on hostile input: nesting far deeper than any stack allows gives a
// plain false (never a RangeError), and a failure's description never carries text from the
// value — a daemon frame may echo the token.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as validators from '../../generated/validators.js';
import { namedSchemas } from '../../scripts/lib/validators/contract-index.js';
import { validatorName } from '../../scripts/lib/validators-codegen.js';
import { bundledSchema, contractSpecs } from './contract-fixtures.js';
import { mutatedValues } from './schema-arbitraries.js';

const specs = await contractSpecs();
const exported = validators as unknown as Record<string, (value: unknown) => boolean>;
const DEPTH = 50_000;

function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < depth; level++) value = { nested: value };
  return value;
}

const envelope = (data: unknown) => ({ event: 'turn.tool_result', seq: 8, sessionId: 'sess-abc123', turnId: 'turn-xyz789', time: '2026-11-24T09:30:01.400Z', data });
const toolResult = (result: unknown) => ({ callId: 'call-1', toolName: 'web_search', result, isError: false });

describe(`${DEPTH}-deep values`, () => {
  it('are invalid, not a RangeError, where the schema checks the field', () => {
    const cases: [string, () => boolean][] = [
      ['envelope data', () => validators.validateEventEnvelope(envelope(deepArray(DEPTH)))],
      ['event frame', () => validators.validateServerFrame({ type: 'event', envelope: envelope(deepArray(DEPTH)) })],
      ['event page', () => validators.validateEventPage({ events: deepArray(DEPTH), headSeq: 1, oldestSeq: 1, epoch: 'ep-1', hasMore: false })],
      ['session page', () => validators.validateSessionPage({ items: [deepObject(DEPTH)], nextCursor: null })],
      ['cursors', () => validators.validateSubscribeAllFrame({ type: 'subscribe_all', cursors: { 'sess-a': deepArray(DEPTH) } })],
      ['problem details', () => validators.validateProblem({ code: 'internal', message: 'm', requestId: 'r', details: deepArray(DEPTH) })],
    ];
    for (const [label, run] of cases) {
      expect(run, label).not.toThrow();
      expect(run(), label).toBe(false);
    }
    expect(validators.classifyServerFrame({ type: 'event', envelope: envelope(deepArray(DEPTH)) })).toBe('invalid');
    expect(validators.classifyEventEnvelope({ ...envelope(deepArray(DEPTH)), event: 'turn.future' })).toBe('invalid');
  });

  it('are valid where the schema allows any JSON value (a tool result, tool arguments)', () => {
    expect(validators.validateEventEnvelope(envelope(toolResult(deepArray(DEPTH))))).toBe(true);
    expect(validators.validateTurnToolCallData({ callId: 'c', toolName: 't', args: { deep: deepObject(DEPTH) } })).toBe(true);
  });
});

describe('a failure description never holds input text', () => {
  const SECRET = 'tok-6b1f0c2d9e8a7b3c4d5e6f70';

  it('names where and what, e.g. a token that is not a string', () => {
    expect(validators.validateAuthFrame({ type: 'auth', token: 42 })).toBe(false);
    expect(validators.lastValidationError()).toEqual({ path: '$.token', expected: 'string' });
    expect(validators.validateEventFrame({ type: 'event', envelope: { ...envelope(toolResult(1)), data: [SECRET] } })).toBe(false);
    expect(validators.lastValidationError()).toEqual({ path: '$.envelope.data', expected: 'object' });
    expect(validators.validateEventPage({ events: [envelope(toolResult(1)), { ...envelope(toolResult(1)), seq: 0 }], headSeq: 1, oldestSeq: 1, epoch: 'e', hasMore: false })).toBe(false);
    expect(validators.lastValidationError()).toEqual({ path: '$.events[1].seq', expected: 'integer >= 1' });
    expect(validators.validationError(validators.validateSession, [])).toEqual({ path: '$', expected: 'object' });
    expect(validators.validationError(validators.validateHealth, { status: 'ok', version: '3', uptimeMs: 1 })).toBeUndefined();
  });

  it('hides property names from the input: an unknown key or a bad session id key', () => {
    expect(validators.validateAuthFrame({ type: 'auth', token: 't', [SECRET]: 1 })).toBe(false);
    expect(JSON.stringify(validators.lastValidationError())).not.toContain(SECRET);
    expect(validators.validateSubscribeAllFrame({ type: 'subscribe_all', cursors: { [SECRET]: 1 } })).toBe(false);
    expect(validators.lastValidationError()).toEqual({ path: '$.cursors', expected: 'property names: SessionId' });
    expect(validators.validateSubscribeAllFrame({ type: 'subscribe_all', cursors: { 'sess-a': SECRET } })).toBe(false);
    expect(validators.lastValidationError()).toEqual({ path: '$.cursors[*]', expected: 'integer' });
  });

  it.each(namedSchemas(specs).map((schema) => [schema.name, schema] as const))('%s: a secret planted anywhere never shows', (_name, schema) => {
    const validate = exported[validatorName(schema.name)] as (value: unknown) => boolean;
    const planted = fc.tuple(mutatedValues(bundledSchema(specs, schema.location)), fc.nat()).map(([value, pick]) => plant(value, pick, SECRET));
    fc.assert(
      fc.property(planted, (value) => {
        if (validate(value)) return true;
        const text = JSON.stringify(validators.lastValidationError());
        return !text.includes(SECRET) && !text.includes(SECRET.slice(4, 16));
      }),
      { numRuns: 150 },
    );
  });
});

/** The secret as a key, as a string value and inside a string, at one node chosen by `pick`. */
function plant(value: unknown, pick: number, secret: string): unknown {
  const nodes: unknown[] = [];
  const walk = (node: unknown): void => {
    nodes.push(node);
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) Object.values(node).forEach(walk);
  };
  const copy = structuredClone(value);
  walk(copy);
  const target = nodes[pick % nodes.length];
  if (Array.isArray(target)) target.push(secret, `x${secret}x`);
  else if (typeof target === 'object' && target !== null) {
    const record = target as Record<string, unknown>;
    record[secret] = secret;
    const firstKey = Object.keys(record)[0];
    if (firstKey !== undefined && typeof record[firstKey] === 'string') record[firstKey] = `${secret}${String(record[firstKey])}`;
  } else return { [secret]: value, token: secret };
  return copy;
}
