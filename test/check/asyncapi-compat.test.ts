// Unit tests of the AsyncAPI compatibility classifier on small hand-written schemas: the
// direction-free facts (schema-diff.ts) and the per-direction verdicts (asyncapi-compat.ts).
import { describe, expect, it } from 'vitest';
import { type Direction, RULES, compareAsyncApi, formatFinding } from '../../scripts/lib/asyncapi-compat.js';
import { diffSchemas } from '../../scripts/lib/schema-diff.js';

const kinds = (before: unknown, after: unknown) => diffSchemas(before, after, 'm').map((change) => `${change.kind} ${change.path}`);

describe('diffSchemas', () => {
  it('finds nothing between equal schemas, and ignores documentation-only changes', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(diffSchemas(schema, structuredClone(schema))).toEqual([]);
    expect(kinds({ type: 'string', description: 'old', title: 'A', examples: ['x'] }, { type: 'string', description: 'new', title: 'B' })).toEqual([]);
  });

  it('tells property removal, optional and required additions, and required-ness changes apart', () => {
    const before = { type: 'object', required: ['a', 'b'], properties: { a: {}, b: {}, c: {}, gone: {} } };
    const after = { type: 'object', required: ['a', 'c', 'newReq'], properties: { a: {}, b: {}, c: {}, newReq: {}, newOpt: {} } };
    expect(kinds(before, after).sort()).toEqual(
      [
        'property-removed m.gone',
        'property-became-optional m.b',
        'property-became-required m.c',
        'required-property-added m.newReq',
        'optional-property-added m.newOpt',
      ].sort(),
    );
  });

  it('orders types: integer → number widens, number → integer narrows, null added widens', () => {
    expect(kinds({ type: 'integer' }, { type: 'number' })).toEqual(['type-added m']);
    expect(kinds({ type: 'number' }, { type: 'integer' })).toEqual(['type-removed m']);
    expect(kinds({ type: 'string' }, { type: ['string', 'null'] })).toEqual(['type-added m']);
    expect(kinds({}, { type: 'string' })).toEqual(['type-removed m']);
  });

  it('treats const and enum as sets of allowed values', () => {
    expect(diffSchemas({ enum: ['a', 'b'] }, { enum: ['a', 'c'] }, 'm').map((change) => change.detail)).toEqual([
      'value "c" added',
      'value "b" removed',
    ]);
    expect(kinds({ const: 'x' }, { enum: ['x', 'y'] })).toEqual(['values-added m']);
    expect(kinds({ type: 'string' }, { type: 'string', enum: ['a'] })).toEqual(['values-removed m']);
  });

  it('pairs union members by their event/type constant, not by position or title', () => {
    const member = (event: string, title: string, extra: Record<string, unknown> = {}) => ({
      title,
      type: 'object',
      required: ['event'],
      properties: { event: { const: event }, ...extra },
    });
    const before = { oneOf: [member('a', 'A'), member('b', 'B')] };
    const after = { oneOf: [member('c', 'C'), member('b', 'Renamed', { n: { type: 'integer' } }), member('a', 'A')] };
    expect(kinds(before, after)).toEqual(['optional-property-added m.oneOf[b].n', 'member-added m']);
    expect(diffSchemas(before, after).at(-1)?.detail).toBe('union member c added');
  });

  it('reads a plain schema turned into a union as a one-member union', () => {
    const id = { title: 'TurnId', type: 'string', pattern: '^turn-' };
    expect(diffSchemas(id, { oneOf: [id, { type: 'null' }] }).map((change) => change.detail)).toEqual(['union member null added']);
  });

  it('classifies additionalProperties, items and bounds', () => {
    expect(kinds({ type: 'object' }, { type: 'object', additionalProperties: false })).toEqual(['extra-properties-refused m']);
    expect(kinds({ additionalProperties: false }, {})).toEqual(['extra-properties-allowed m']);
    expect(kinds({ additionalProperties: { type: 'integer' } }, { additionalProperties: { type: 'number' } })).toEqual(['type-added m[*]']);
    expect(kinds({ items: { type: 'string' } }, { items: { type: 'integer' } })).toEqual(['type-added m[]', 'type-removed m[]']);
    expect(kinds({ minimum: 1 }, { minimum: 0 })).toEqual(['constraint-loosened m']);
    expect(kinds({ maxLength: 64 }, { maxLength: 32 })).toEqual(['constraint-tightened m']);
    expect(kinds({}, { pattern: '^a' })).toEqual(['constraint-tightened m']);
    expect(kinds({ pattern: '^a' }, { pattern: '^b' })).toEqual(['schema-changed m']);
  });

  it('reports unknown keywords as changes of unknown direction, and the stop-event marker', () => {
    expect(kinds({ not: { type: 'null' } }, { not: { type: 'string' } })).toEqual(['schema-changed m']);
    expect(kinds({ 'x-opta-stop-event': false }, { 'x-opta-stop-event': true })).toEqual(['stop-event-changed m']);
    expect(kinds({ 'x-other': 1 }, { 'x-other': 2 })).toEqual([]);
  });

  it('terminates on recursive schemas', () => {
    const node = (extra: string): Record<string, unknown> => {
      const schema: Record<string, unknown> = { type: 'object', properties: { [extra]: { type: 'string' } } };
      (schema.properties as Record<string, unknown>).child = schema;
      return schema;
    };
    expect(kinds(node('a'), node('b'))).toEqual(['property-removed m.a', 'optional-property-added m.b']);
  });
});

/** A minimal resolved AsyncAPI document: one `send` and one `receive` operation. */
function doc(serverPayload: unknown, clientPayload: unknown, extraServerMessages: unknown[] = []) {
  return {
    operations: {
      sendServerFrames: { action: 'send', messages: [{ name: 'status', payload: serverPayload }, ...extraServerMessages] },
      receiveClientFrames: { action: 'receive', messages: [{ name: 'request', payload: clientPayload }] },
    },
  };
}
const frame = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', required, properties });

function verdicts(before: unknown, after: unknown): string[] {
  return compareAsyncApi(before, after).map((finding) => `${finding.verdict} ${finding.direction} ${finding.where} ${finding.kind}`);
}

describe('compareAsyncApi: verdicts by direction', () => {
  it('adding an enum value breaks server→client but not client→server', () => {
    const before = doc(frame({ s: { enum: ['a'] } }), frame({ c: { enum: ['a'] } }));
    const after = doc(frame({ s: { enum: ['a', 'b'] } }), frame({ c: { enum: ['a', 'b'] } }));
    expect(verdicts(before, after)).toEqual([
      'breaking server→client status.s values-added',
      'compatible client→server request.c values-added',
    ]);
  });

  it('making a field optional breaks the reading client only; making it required breaks both', () => {
    const before = doc(frame({ s: {} }, ['s']), frame({ c: {} }, ['c']));
    const after = doc(frame({ s: {} }), frame({ c: {} }));
    expect(verdicts(before, after)).toEqual([
      'breaking server→client status.s property-became-optional',
      'compatible client→server request.c property-became-optional',
    ]);
    expect(verdicts(after, before)).toEqual([
      'breaking server→client status.s property-became-required',
      'breaking client→server request.c property-became-required',
    ]);
  });

  it('narrowing a type breaks both directions; widening breaks only server→client', () => {
    const wide = doc(frame({ s: { type: ['string', 'null'] } }), frame({ c: { type: ['string', 'null'] } }));
    const narrow = doc(frame({ s: { type: 'string' } }), frame({ c: { type: 'string' } }));
    expect(verdicts(wide, narrow)).toEqual(['breaking server→client status.s type-removed', 'breaking client→server request.c type-removed']);
    expect(verdicts(narrow, wide)).toEqual(['breaking server→client status.s type-added', 'compatible client→server request.c type-added']);
  });

  it('new optional fields are compatible both ways; removed fields break both ways', () => {
    const before = doc(frame({ s: {} }), frame({ c: {} }));
    const after = doc(frame({ s: {}, s2: {} }), frame({ c: {}, c2: {} }));
    expect(verdicts(before, after)).toEqual([
      'compatible server→client status.s2 optional-property-added',
      'compatible client→server request.c2 optional-property-added',
    ]);
    expect(verdicts(after, before)).toEqual([
      'breaking server→client status.s2 property-removed',
      'breaking client→server request.c2 property-removed',
    ]);
  });

  it('a loosened bound breaks server→client only', () => {
    const before = doc(frame({ s: { minimum: 1 } }), frame({ c: { minimum: 1 } }));
    const after = doc(frame({ s: { minimum: 0 } }), frame({ c: { minimum: 0 } }));
    expect(verdicts(before, after)).toEqual(['breaking server→client status.s constraint-loosened', 'compatible client→server request.c constraint-loosened']);
  });

  it('a new server frame breaks clients; a removed one too; messages pair by operation and name', () => {
    const before = doc(frame({}), frame({}));
    const after = doc(frame({}), frame({}), [{ name: 'notice', payload: frame({}) }]);
    expect(verdicts(before, after)).toEqual(['breaking server→client notice message-added']);
    expect(verdicts(after, before)).toEqual(['breaking server→client notice message-removed']);
  });

  it('formats findings as `BREAKING asyncapi <message>.<path>: <what>`', () => {
    const [finding] = compareAsyncApi(doc(frame({ s: { enum: ['a'] } }), frame({})), doc(frame({ s: { enum: ['a', 'b'] } }), frame({})));
    expect(finding && formatFinding(finding)).toBe(
      'BREAKING asyncapi status.s: value "b" added (server→client: the client must handle a value it has never seen (a new finishReason, event name, error code))',
    );
  });

  it('has a verdict and a reason for every kind of change in both directions', () => {
    const directions: Direction[] = ['server→client', 'client→server'];
    for (const [kind, rule] of Object.entries(RULES))
      for (const direction of directions) {
        expect(['breaking', 'compatible'], kind).toContain(rule[direction]);
        expect(rule.why[direction].length, kind).toBeGreaterThan(10);
      }
  });
});
