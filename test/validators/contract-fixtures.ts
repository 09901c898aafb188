// What the validator tests share: the specs as loaded by the generator, ajv (JSON Schema 2020-12,
// ajv-formats) compiled for any schema location as the reference, and a way to run a module
// the generator compiles from a schema that has no validator in generated/validators.ts.
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { transform } from 'esbuild';
import fc from 'fast-check';
import { bundleSchema } from '../../scripts/lib/bundle-schema.js';
import { REPO_ROOT } from '../../scripts/lib/paths.js';
import { type LoadedSpecs, type SchemaLocation, loadSpecs } from '../../scripts/lib/validators/spec-documents.js';
import type { JsonObject } from '../../scripts/lib/yaml-docs.js';

const addFormats = ajvFormats.default.default;

export const SPEC_DIR = join(REPO_ROOT, 'specs');

let loaded: Promise<LoadedSpecs> | undefined;
export function contractSpecs(): Promise<LoadedSpecs> {
  loaded ??= loadSpecs(SPEC_DIR);
  return loaded;
}

/** The schema at a location with every definition it reaches, as one self-contained schema. */
export function bundledSchema(specs: LoadedSpecs, location: SchemaLocation): JsonObject {
  const node = specs.documents.node(location);
  if (node === undefined) throw new Error(`no schema at ${specs.documents.display(location)}`);
  return bundleSchema(node, location.url, specs.documents.byUrl());
}

/** ajv as the reference: 2020-12, formats on, numbers must be finite (as JSON's are). */
export function referenceValidator(schema: JsonObject): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, strictNumbers: true, validateFormats: true, allErrors: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Runs generator output (TypeScript) and returns its exports. */
export async function runGeneratedModule(source: string): Promise<Record<string, unknown>> {
  const { code } = await transform(source, { loader: 'ts', format: 'cjs', target: 'es2022' });
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

/**
 * The model-based property: on every value `values` generates, `validate` says what ajv says.
 * Returns how many values ajv judged valid and invalid, so a test can require both sides.
 */
export function expectAgreement(
  validate: (value: unknown) => boolean,
  schema: JsonObject,
  values: fc.Arbitrary<unknown>,
  numRuns: number,
  onInvalid: () => boolean = () => true,
): { valid: number; invalid: number } {
  const reference = referenceValidator(schema);
  const seen = { valid: 0, invalid: 0 };
  fc.assert(
    fc.property(values, (value) => {
      const expected = reference(value);
      seen[expected ? 'valid' : 'invalid']++;
      const actual = validate(value);
      return actual === expected && (actual || onInvalid());
    }),
    { numRuns },
  );
  return seen;
}
