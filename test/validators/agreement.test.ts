// Model-based proof of the generator: for every named schema of the contract and for the two
// frame unions, the generated validator and ajv (JSON Schema 2020-12 with ajv-formats) agree on
// generated values, valid ones and mutated ones alike. A failing run prints the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as validators from '../../generated/validators.js';
import { frameDirections, namedSchemas, operationBodies } from '../../scripts/lib/validators/contract-index.js';
import { validatorName } from '../../scripts/lib/validators-codegen.js';
import { acceptsEverything } from '../../scripts/lib/validators/schema-facts.js';
import type { JsonObject } from '../../scripts/lib/yaml-docs.js';
import { bundleSchema } from '../../scripts/lib/bundle-schema.js';
import { bundledSchema, contractSpecs, expectAgreement, referenceValidator } from './contract-fixtures.js';
import { mutatedValues, validValues } from './schema-arbitraries.js';

const specs = await contractSpecs();
const exported = validators as unknown as Record<string, unknown>;
const RUNS = 300;

function validatorNamed(name: string): (value: unknown) => boolean {
  const validate = exported[name];
  if (typeof validate !== 'function') throw new Error(`generated/validators.ts exports no ${name}`);
  return validate as (value: unknown) => boolean;
}

/** The generated validator agrees with ajv on valid and mutated values; each false is described. */
function expectContractAgreement(validate: (value: unknown) => boolean, schema: JsonObject): { valid: number; invalid: number } {
  return expectAgreement(validate, schema, fc.oneof(validValues(schema), mutatedValues(schema)), RUNS, () => {
    const error = validators.lastValidationError();
    return error.path.startsWith('$') && error.expected !== '';
  });
}

describe('every named schema: the generated validator agrees with ajv', () => {
  const schemas = namedSchemas(specs);
  it('finds the schemas of all three files', () => {
    const sources = new Set(schemas.map((schema) => schema.source));
    expect([...sources].sort()).toEqual(['asyncapi', 'events', 'openapi']);
    expect(schemas.length).toBeGreaterThan(30);
  });

  it.each(schemas.map((schema) => [`${schema.source} ${schema.name}`, schema] as const))('%s', (_label, schema) => {
    const validate = validatorNamed(validatorName(schema.name));
    const seen = expectContractAgreement(validate, bundledSchema(specs, schema.location));
    expect(seen.valid).toBeGreaterThan(RUNS / 10);
    if (!acceptsEverything(specs.documents.node(schema.location))) expect(seen.invalid).toBeGreaterThan(RUNS / 20);
  });
});

describe('frame unions and their classifiers agree with ajv', () => {
  for (const direction of frameDirections(specs)) {
    const union = bundleSchema(
      { oneOf: direction.messages.map((message) => ({ $ref: specs.documents.absoluteRef(message.payload) })) },
      specs.asyncapi.url,
      specs.documents.byUrl(),
    );

    it(`validate${direction.unionName}`, () => {
      const seen = expectContractAgreement(validatorNamed(`validate${direction.unionName}`), union);
      expect(seen.valid).toBeGreaterThan(RUNS / 10);
      expect(seen.invalid).toBeGreaterThan(RUNS / 10);
    });

    it(`classify${direction.unionName}: valid exactly when ajv says so; unknown only for a type the contract does not name`, () => {
      const classify = exported[`classify${direction.unionName}`] as (value: unknown) => string;
      const reference = referenceValidator(union);
      const mapName = `${direction.unionName.charAt(0).toLowerCase()}${direction.unionName.slice(1)}Validators`;
      const known = new Set(Object.keys(exported[mapName] as object));
      expect(known.size).toBe(direction.messages.length);
      const renamed = fc.tuple(validValues(union), fc.constantFrom('future_frame', 'x', '')).map(([value, type]) =>
        typeof value === 'object' && value !== null ? { ...value, type } : value);
      const futureEvents = fc.tuple(validValues(union), fc.constantFrom('turn.future', 'x')).map(([value, event]) => {
        const frame = value as { envelope?: unknown };
        return typeof frame.envelope === 'object' && frame.envelope !== null ? { ...frame, envelope: { ...frame.envelope, event } } : value;
      });
      fc.assert(
        fc.property(fc.oneof(validValues(union), mutatedValues(union), renamed, futureEvents), (value) => {
          const verdict = classify(value);
          if ((verdict === 'valid') !== reference(value)) return false;
          if (verdict !== 'unknown') return true;
          const type = (value as { type?: unknown }).type;
          if (typeof type === 'string' && !known.has(type)) return true;
          // A known frame type is "unknown" only through its envelope's unknown event name.
          return type === 'event' && validators.classifyEventEnvelope((value as { envelope?: unknown }).envelope) === 'unknown';
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('unknown names on the stream', () => {
  const envelope = { event: 'turn.future', seq: 3, sessionId: 'sess-abc123', turnId: null, time: '2026-11-24T09:30:00.120Z', data: {} };

  it('an envelope with an event name the contract does not know is "unknown" when it has what every envelope has', () => {
    expect(validators.classifyEventEnvelope(envelope)).toBe('unknown');
    expect(validators.classifyServerFrame({ type: 'event', envelope })).toBe('unknown');
    expect(validators.validateServerFrame({ type: 'event', envelope })).toBe(false);
  });

  it('is "invalid" when it lacks that, with the path into the frame', () => {
    expect(validators.classifyServerFrame({ type: 'event', envelope: { ...envelope, data: [] } })).toBe('invalid');
    expect(validators.lastValidationError()).toEqual({ path: '$.envelope.data', expected: 'object' });
    expect(validators.classifyServerFrame({ type: 'event', envelope: { ...envelope, seq: 0 } })).toBe('invalid');
    expect(validators.lastValidationError()).toEqual({ path: '$.envelope.seq', expected: 'integer >= 1' });
    expect(validators.classifyServerFrame({ type: 'event' })).toBe('invalid');
    expect(validators.lastValidationError()).toEqual({ path: '$.envelope', expected: 'EventEnvelope (missing)' });
  });

  it('a known event name with a bad shape is "invalid", never "unknown"', () => {
    expect(validators.classifyServerFrame({ type: 'event', envelope: { ...envelope, event: 'turn.token', turnId: 'turn-1', data: { token: 1 } } })).toBe('invalid');
    expect(validators.lastValidationError()).toEqual({ path: '$.envelope.data.token', expected: 'string' });
    expect(validators.classifyServerFrame({ type: 'future_frame' })).toBe('unknown');
    expect(validators.classifyServerFrame({ type: 7 })).toBe('invalid');
  });
});

describe('operation parameters: parameterValidators agree with ajv', () => {
  const parameters = operationBodies(specs).flatMap((operation) =>
    operation.parameters.map((parameter) => ({ operationId: operation.operationId, ...parameter })));
  const byOperation = validators.parameterValidators as unknown as Record<string, Record<string, Record<string, (value: unknown) => boolean>>>;

  it.each(parameters.map((parameter) => [`${parameter.operationId} ${parameter.in} ${parameter.name}`, parameter] as const))('%s', (_label, parameter) => {
    const validate = byOperation[parameter.operationId]?.[parameter.in]?.[parameter.name];
    if (!validate) throw new Error('no parameter validator');
    const schema = bundledSchema(specs, parameter.schema);
    const seen = expectContractAgreement(validate, schema);
    expect(seen.valid).toBeGreaterThan(RUNS / 10);
    expect(seen.invalid).toBeGreaterThan(RUNS / 20);
  });

  it('refuses ids that would change the request path', () => {
    for (const id of ['..', '.', '', 'sess-a/b', 'sess-..', `sess-${'a'.repeat(65)}`, 'sess-a%2F']) expect(validators.parameterValidators.getSession.path.sessionId(id), id).toBe(false);
    for (const id of ['..', 'turn-', 'turn-a b']) expect(validators.parameterValidators.getTurn.path.turnId(id), id).toBe(false);
    expect(validators.parameterValidators.getTurn.path.turnId('turn-xyz789')).toBe(true);
    expect(validators.parameterValidators.getEvents.query.afterSeq(-1)).toBe(false);
    expect(validators.parameterValidators.submitTurn.header['Idempotency-Key']('6f1c1f2e-8d2a-4c1e-9a53-1b2f0c9d7e11')).toBe(true);
  });
});

describe('validateEventPageAllowingUnknown: an event page that may hold events this contract does not know yet', () => {
  const page = bundledSchema(specs, namedSchemas(specs).find((schema) => schema.name === 'EventPage')?.location ?? specs.openapi);
  const known = { event: 'turn.token', seq: 1, sessionId: 'sess-abc123', turnId: 'turn-xyz789', time: '2026-11-24T09:30:00.120Z', data: { token: 'x' } };

  it('accepts exactly what ajv accepts once each "unknown" envelope stands for a known one', () => {
    const reference = referenceValidator(page);
    const withFutureEvents = fc.tuple(validValues(page), fc.nat()).map(([value, pick]) => {
      const events = typeof value === 'object' && value !== null ? (value as { events?: unknown }).events : undefined;
      if (!Array.isArray(events) || events.length === 0) return value;
      const copy = [...events];
      const index = pick % copy.length;
      copy[index] = { ...(copy[index] as object), event: 'turn.future' };
      return { ...(value as object), events: copy };
    });
    let unknownSeen = 0;
    fc.assert(
      fc.property(fc.oneof(validValues(page), mutatedValues(page), withFutureEvents), (value) => {
        const events = typeof value === 'object' && value !== null ? (value as { events?: unknown }).events : undefined;
        const standIns = Array.isArray(events) ? events.map((event) => (validators.classifyEventEnvelope(event) === 'unknown' ? known : event)) : events;
        if (Array.isArray(events) && events.some((event) => validators.classifyEventEnvelope(event) === 'unknown')) unknownSeen++;
        const expected = reference(typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, events: standIns } : value);
        return validators.validateEventPageAllowingUnknown(value) === expected;
      }),
      { numRuns: RUNS },
    );
    expect(unknownSeen).toBeGreaterThan(RUNS / 10);
  });

  it('still refuses a known event with a bad shape, with its path', () => {
    const base = { headSeq: 2, oldestSeq: 1, epoch: 'ep-1', hasMore: false };
    expect(validators.validateEventPageAllowingUnknown({ ...base, events: [known, { ...known, seq: 2, event: 'turn.future', data: {} }] })).toBe(true);
    expect(validators.validateEventPage({ ...base, events: [known, { ...known, seq: 2, event: 'turn.future', data: {} }] })).toBe(false);
    expect(validators.validateEventPageAllowingUnknown({ ...base, events: [known, { ...known, data: { token: 2 } }] })).toBe(false);
    expect(validators.lastValidationError()).toEqual({ path: '$.events[1].data.token', expected: 'string' });
  });
});
