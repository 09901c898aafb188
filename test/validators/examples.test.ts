// Every example in the specs (the same sites the drift gate's examples gate finds) passes the
// validator generated for its schema: the exported one from generated/validators.ts where the
// schema is named, and, for every site, one the generator compiles for exactly that schema.
import { describe, expect, it } from 'vitest';
import * as validators from '../../generated/validators.js';
import { findExampleSites } from '../../scripts/lib/example-sites.js';
import { escapePointer } from '../../scripts/lib/json-pointer.js';
import { namedSchemas } from '../../scripts/lib/validators/contract-index.js';
import { followAliases } from '../../scripts/lib/validators/schema-facts.js';
import { type SchemaLocation, locationKey } from '../../scripts/lib/validators/spec-documents.js';
import { standaloneValidatorsSource, validatorName } from '../../scripts/lib/validators-codegen.js';
import { contractSpecs, runGeneratedModule } from './contract-fixtures.js';

const specs = await contractSpecs();
const exported = validators as unknown as Record<string, (value: unknown) => boolean>;

interface Site {
  readonly label: string;
  readonly example: unknown;
  readonly schema: SchemaLocation;
}

/** Where the schema of an example site is: the node findExampleSites names, found by identity. */
function sites(): Site[] {
  const found: Site[] = [];
  for (const root of [specs.openapi, specs.asyncapi, specs.events]) {
    const document = specs.documents.node(root) ?? null;
    for (const site of findExampleSites(document)) {
      const pointers: string[] = [];
      for (let length = site.path.length - 1; length >= 0; length--) {
        const container = `/${site.path.slice(0, length).map((segment) => escapePointer(String(segment))).join('/')}`.replace(/^\/$/, '');
        pointers.push(`${container}/schema`, `${container}/payload`, `${container}/headers`, container);
      }
      const pointer = pointers.find((candidate) => specs.documents.node({ url: root.url, pointer: candidate }) === site.schema);
      if (pointer === undefined) throw new Error(`no schema found for the example at ${site.path.join('/')}`);
      const schema = { url: root.url, pointer };
      found.push({ label: specs.documents.display({ url: root.url, pointer: `/${site.path.join('/')}` }), example: site.example, schema });
    }
  }
  return found;
}

const all = sites();
const named = new Map(namedSchemas(specs).map((schema) => [locationKey(followAliases(specs.documents, schema.location)), validatorName(schema.name)]));
const compiled = await runGeneratedModule(
  standaloneValidatorsSource(specs.documents, all.map((site, index) => ({ location: site.schema, name: `example${index}` }))),
);

describe('every example in the specs validates', () => {
  it('finds the examples of all three files', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((site, index) => [site.label, site, index] as const))('%s', (_label, site, index) => {
    const validate = compiled[`example${index}`] as (value: unknown) => boolean;
    expect(validate(site.example), JSON.stringify(validate(site.example) ? null : validators.lastValidationError())).toBe(true);
    const name = named.get(locationKey(followAliases(specs.documents, site.schema)));
    if (name !== undefined) expect(exported[name]?.(site.example)).toBe(true);
  });

  it('checks most examples with an exported validator of generated/validators.ts', () => {
    const withExport = all.filter((site) => named.has(locationKey(followAliases(specs.documents, site.schema))));
    expect(withExport.length).toBeGreaterThan(all.length / 2);
  });
});

describe('the per-operation maps hold the validators of the declared bodies', () => {
  it('accepts each response example with responseValidators[operationId][status]', () => {
    let checked = 0;
    for (const site of all) {
      const match = /\/paths\/([^/]+)\/([a-z]+)\/responses\/([^/]+)\/content\//.exec(site.schema.pointer);
      if (!match) continue;
      const operation = specs.documents.node({ url: site.schema.url, pointer: `/paths/${match[1]}/${match[2]}/operationId` });
      const byStatus = (validators.responseValidators as Record<string, Record<string, (value: unknown) => boolean>>)[String(operation)];
      expect(byStatus?.[match[3] ?? '']?.(site.example)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('rejects a Problem body where a Session is declared, and an array', () => {
    const problem = { code: 'internal', message: 'x', requestId: 'req-1' };
    expect(validators.responseValidators.getSession[200](problem)).toBe(false);
    expect(validators.responseValidators.getSession[200]([])).toBe(false);
    expect(validators.responseValidators.getSession[404](problem)).toBe(true);
    expect(validators.requestBodyValidators.createSession({ mode: 'chat', model: 'm' })).toBe(true);
    expect(validators.requestBodyValidators.createSession({ mode: 'chat', model: 'm', extra: 1 })).toBe(false);
  });
});
