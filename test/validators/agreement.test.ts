// Model-based proof of the generator: for every named schema of the contract and for the two
// frame unions, the generated validator and ajv (JSON Schema 2020-12 with ajv-formats) agree on
// generated values, valid ones and mutated ones alike. A failing run prints the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as validators from '../../generated/validators.js';
import { frameDirections, namedSchemas } from '../../scripts/lib/validators/contract-index.js';
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
      fc.assert(
        fc.property(fc.oneof(validValues(union), mutatedValues(union), renamed), (value) => {
          const verdict = classify(value);
          if ((verdict === 'valid') !== reference(value)) return false;
          if (verdict !== 'unknown') return true;
          const type = (value as { type?: unknown }).type;
          return typeof type === 'string' && !known.has(type);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
