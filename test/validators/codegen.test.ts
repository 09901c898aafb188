// The generator itself, on schemas written for the test: keywords the contract may start to use
// (allOf, anyOf, overlapping oneOf, nullable, exclusive bounds, item counts, propertyNames,
// keywords without a type, recursion) agree with ajv; anything it does not implement stops
// generation with the keyword and the schema's location.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSchema } from '../../scripts/lib/bundle-schema.js';
import { SpecDocuments } from '../../scripts/lib/validators/spec-documents.js';
import { generateValidatorsSource, standaloneValidatorsSource } from '../../scripts/lib/validators-codegen.js';
import type { Json, JsonObject } from '../../scripts/lib/yaml-docs.js';
import { EVENTS, copySpecs, editYaml, removeSpecCopies } from '../check/spec-copies.js';
import { expectAgreement, referenceValidator, runGeneratedModule } from './contract-fixtures.js';
import { mutatedValues, validValues } from './schema-arbitraries.js';

const URL_OF_ZOO = 'file:///zoo.yaml';

const ZOO: Record<string, Json> = {
  AllOf: { allOf: [{ type: 'object', required: ['a'] }, { properties: { a: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 } } }] },
  AnyOf: { anyOf: [{ type: 'string', minLength: 3 }, { type: 'integer', maximum: 5 }] },
  OverlappingOneOf: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] },
  Nullable: { type: 'string', nullable: true, maxLength: 3 },
  ArrayBounds: { type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 3 },
  NamedKeys: { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: { type: 'number', maximum: 1.5 } },
  MultiType: { type: ['integer', 'string', 'null'], minimum: 2, minLength: 2 },
  NoType: { minimum: 3, maxLength: 2, required: ['x'], items: { type: 'null' } },
  MixedEnum: { enum: [1, 'a', null, true] },
  ConstNull: { const: null },
  FalseProperty: { type: 'object', properties: { never: false, any: true } },
  InlineTagged: {
    anyOf: [
      { type: 'object', required: ['kind'], properties: { kind: { const: 'a' }, value: { type: 'string' } } },
      { type: 'object', required: ['kind'], properties: { kind: { const: 'b' }, value: { type: 'integer' } } },
    ],
  },
  IdPattern: { type: 'string', pattern: '^id-[a-f0-9.]{2,4}$' },
  OpenEndedPattern: { type: 'string', pattern: '^[A-Z_-]+$' },
  RegExpPattern: { type: 'string', pattern: 'a.c|^[^x]{2}$' },
  DateTime: { type: 'string', format: 'date-time' },
  Date: { type: 'string', format: 'date' },
  Time: { type: 'string', format: 'time' },
  Formats: {
    type: 'object',
    properties: {
      uuid: { type: 'string', format: 'uuid' },
      small: { type: 'integer', format: 'int32' },
      big: { type: 'integer', format: 'int64' },
      ratio: { type: 'number', format: 'double' },
      untyped: { format: 'int32' },
    },
  },
  PropertyCounts: { type: 'object', minProperties: 1, maxProperties: 2 },
  HalfSteps: { type: 'number', multipleOf: 0.5, maximum: 100 },
  Thirds: { type: 'integer', multipleOf: 3 },
  NotAString: { not: { type: 'string' } },
  WithDefs: { $defs: { Name: { type: 'string', maxLength: 3 } }, type: 'object', properties: { name: { $ref: '#/WithDefs/$defs/Name' } } },
  Tree: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/Tree' } } } },
};

function zooDocuments(extra: Record<string, Json> = {}): SpecDocuments {
  const documents = new SpecDocuments();
  documents.add(URL_OF_ZOO, 'zoo.yaml', { ...ZOO, ...extra });
  return documents;
}

const names = Object.keys(ZOO);
const module = await runGeneratedModule(
  standaloneValidatorsSource(zooDocuments(), names.map((name) => ({ location: { url: URL_OF_ZOO, pointer: `/${name}` }, name: `validate${name}` }))),
);
const documents = zooDocuments();

describe('keywords beyond today\'s specs agree with ajv', () => {
  it.each(names)('%s', (name) => {
    const validate = module[`validate${name}`] as (value: unknown) => boolean;
    const schema = bundleSchema(ZOO[name] ?? null, URL_OF_ZOO, documents.byUrl()) as JsonObject;
    const seen = expectAgreement(validate, schema, fc.oneof(validValues(schema), mutatedValues(schema), fc.jsonValue({ maxDepth: 3 })), 400);
    expect(seen.valid).toBeGreaterThan(20);
    expect(seen.invalid).toBeGreaterThan(20);
  });
});

describe('date-time and patterns: character-level agreement with ajv', () => {
  const cases: [string, fc.Arbitrary<string>][] = [
    ['DateTime', fc.stringMatching(/^[0-9]{4}-[01][0-9]-[0-3][0-9][Tt \u2003x][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{0,3})?([Zzq]|[+-][0-2][0-9](:?[0-6][0-9])?)?$/)],
    ['Date', fc.stringMatching(/^[0-9]{4}-[0-2][0-9]-[0-3][0-9]x?$/)],
    ['Time', fc.stringMatching(/^[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{0,2})?([Zz]|[+-][0-2][0-9](:?[0-6][0-9])?)?$/)],
    ['IdPattern', fc.stringMatching(/^i?d?-?[a-g0-9.\u00e9]{0,6}$/)],
    ['OpenEndedPattern', fc.stringMatching(/^[A-Z_a-]{0,4}$/)],
    ['RegExpPattern', fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', '\u{1F600}'), maxLength: 4 })],
  ];
  it.each(cases)('%s', (name, strings) => {
    const validate = module[`validate${name}`] as (value: unknown) => boolean;
    const seen = expectAgreement(validate, ZOO[name] as JsonObject, strings, 3000);
    expect(seen.valid).toBeGreaterThan(30);
    expect(seen.invalid).toBeGreaterThan(30);
  });

  it('answers a string it just accepted (remembered) exactly like any other, in any order', () => {
    const cases: [name: string, sequence: [text: string, valid: boolean][]][] = [
      ['IdPattern', [['id-ab', true], [['id-', 'ab'].join(''), true], ['id-abx', false], ['id-ab', true], ['', false], ['id-a', false], ['id-a.9f', true], ['id-ab', true]]],
      ['RegExpPattern', [['abc', true], [['a', 'bc'].join(''), true], ['abcx', true], ['xx', false], ['abc', true], ['ax', false], ['ab', true]]],
      ['DateTime', [['2026-11-24T09:30:00.120Z', true], [['2026-11-24T09:30:00', '.120Z'].join(''), true], ['2026-11-24T09:30:00.120', false], ['2026-02-29T09:30:00Z', false], ['2026-11-24T09:30:00.120Z', true], ['2024-02-29T09:30:00Z', true]]],
    ];
    for (const [name, sequence] of cases) {
      const validate = module[`validate${name}`] as (value: unknown) => boolean;
      for (const [text, valid] of sequence) {
        expect(validate(text), `${name} ${JSON.stringify(text)}`).toBe(valid);
        expect(referenceValidator(ZOO[name] as JsonObject)(text), `ajv ${name} ${JSON.stringify(text)}`).toBe(valid);
      }
    }
  });

  it('compiles id-like patterns to character loops and keeps a RegExp for the rest', () => {
    const source = standaloneValidatorsSource(zooDocuments(), ['IdPattern', 'RegExpPattern'].map((name) => ({ location: { url: URL_OF_ZOO, pointer: `/${name}` }, name: `validate${name}` })));
    expect(source).toContain('function matchesPattern1(text: string): boolean');
    expect(source).toContain('const PATTERN_2 = /a.c|^[^x]{2}$/u;');
  });
});

describe('a recursive schema', () => {
  const validateTree = module.validateTree as (value: unknown) => boolean;
  const lastValidationError = module.lastValidationError as () => { path: string; expected: string };
  const tree = (depth: number): unknown => {
    let node: unknown = { name: 'leaf' };
    for (let level = 0; level < depth; level++) node = { children: [node] };
    return node;
  };

  it('validates a moderately deep tree', () => {
    expect(validateTree(tree(200))).toBe(true);
    expect(validateTree({ children: [{ children: [{ name: 1 }] }] })).toBe(false);
    expect(lastValidationError()).toEqual({ path: '$.children[0].children[0].name', expected: 'string' });
  });

  it('gives false, not a RangeError, for a 50,000-deep one', () => {
    expect(() => validateTree(tree(50_000))).not.toThrow();
    expect(validateTree(tree(50_000))).toBe(false);
    expect(lastValidationError().expected).toMatch(/nested levels/);
    expect(validateTree(tree(10))).toBe(true); // the depth count is back to zero
  });
});

describe('anything unsupported stops generation, naming the keyword and where', () => {
  const compile = (schema: Json) => () =>
    standaloneValidatorsSource(zooDocuments({ Bad: { type: 'object', properties: { inner: schema } } }), [{ location: { url: URL_OF_ZOO, pointer: '/Bad' }, name: 'validateBad' }]);

  it.each([
    [{ type: 'array', uniqueItems: true }, /unsupported JSON Schema keyword "uniqueItems" at zoo\.yaml#\/Bad\/properties\/inner/],
    [{ type: 'string', format: 'email' }, /unsupported "format" "email" at zoo\.yaml#\/Bad\/properties\/inner/],
    [{ type: 'number', multipleOf: 0 }, /"multipleOf" that is not a positive number/],
    [{ type: 'array', prefixItems: [] }, /keyword "prefixItems"/],
    [{ type: 'array', items: [{ type: 'string' }] }, /"items" as an array/],
    [{ type: 'number', exclusiveMinimum: true }, /"exclusiveMinimum" that is not a number/],
    [{ enum: [{ a: 1 }] }, /"enum" with object or array values/],
    [{ $ref: '#/Missing' }, /unresolvable \$ref "#\/Missing" at zoo\.yaml#\/Bad\/properties\/inner/],
    [{ type: 'string', pattern: '(' }, /unsupported "pattern"/],
  ] as const)('%j', (schema, message) => {
    expect(compile(schema as Json)).toThrow(message);
  });

  afterAll(removeSpecCopies);

  it('in the real specs too: npm run generate fails with the spec file and pointer', async () => {
    const specDir = await copySpecs();
    await editYaml(specDir, EVENTS, (doc) => {
      doc.TurnStats.properties.toolCalls.dependentRequired = { a: ['b'] };
    });
    await expect(generateValidatorsSource({ specDir, eventTypes: new Set(), streamTypes: new Set() })).rejects.toThrow(
      /unsupported JSON Schema keyword "dependentRequired" at specs\/schemas\/events\.yaml#\/TurnStats\/properties\/toolCalls/,
    );
  });
});
