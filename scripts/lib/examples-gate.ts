// Gate 2, examples: every example in both specs and in schemas/events.yaml validates against its
// schema, with ajv's JSON Schema 2020-12 dialect and ajv-formats (date-time etc.).
// Each example's schema is bundled with every definition it reaches (`$ref`s resolved against
// the file they are written in, so `./schemas/events.yaml#/TurnId` means what the specs mean)
// and compiled alone, in strict mode.
import { pathToFileURL } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { bundleSchema } from './bundle-schema.js';
import { findExampleSites } from './example-sites.js';
import { declareDiscriminators } from './union-discriminators.js';
import { type GateOutcome, outcome } from './gate.js';
import { formatJsonPath } from './json-path.js';
import { displayPath, specPaths } from './paths.js';
import { type Json, isObject, loadYaml } from './yaml-docs.js';

// ajv-formats is CommonJS (`module.exports = plugin; exports.default = plugin`): under NodeNext
// its typed default export is one level down.
const addFormats = ajvFormats.default.default;

/** Annotation keywords the specs use that are not JSON Schema (OpenAPI's, and ours). */
const ANNOTATIONS = ['example', 'xml', 'externalDocs'];

export async function examplesGate(options: { readonly specDir: string }): Promise<GateOutcome> {
  const spec = specPaths(options.specDir);
  const files = [spec.openapi, spec.asyncapi, spec.events];
  const docs = await Promise.all(files.map(async (file) => ({ file, url: pathToFileURL(file).href, doc: await loadYaml(file) })));

  const ajv = new Ajv2020({
    strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true,
    discriminator: true,
  });
  addFormats(ajv);
  ajv.addVocabulary([...ANNOTATIONS, ...extensionKeywords(docs.map((entry) => entry.doc))]);
  const documents = new Map(docs.map(({ url, doc }) => [url, doc]));

  const problems: string[] = [];
  let checked = 0;
  for (const { file, url, doc } of docs) {
    for (const site of findExampleSites(doc)) {
      checked += 1;
      const where = `${displayPath(file)} ${formatJsonPath(site.path)}`;
      let validate;
      try {
        validate = ajv.compile(declareDiscriminators(bundleSchema(site.schema, url, documents)));
      } catch (error) {
        problems.push(`${where}: its schema does not compile: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (!validate(site.example)) problems.push(`${where}: ${describeErrors(validate.errors ?? [])}`);
    }
  }
  const summary = problems.length
    ? `${problems.length} of ${checked} examples do not match their schema`
    : `${checked} examples match their schemas (openapi, asyncapi, events.yaml)`;
  return outcome(summary, problems);
}

/** Every `x-*` key used anywhere, so ajv's strict mode treats them as annotations. */
function extensionKeywords(docs: Json[]): string[] {
  const found = new Set<string>();
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node))
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('x-')) found.add(key);
        walk(value);
      }
  };
  docs.forEach(walk);
  return [...found];
}

/** ajv's errors as one line, at most four. */
function describeErrors(all: readonly ErrorObject[]): string {
  // The oneOf summary only repeats what the member errors say, when there are any.
  const specific = all.filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf');
  const errors = specific.length ? specific : all;
  const lines = errors.map((error) => {
    const params = error.keyword === 'enum' || error.keyword === 'const' || error.keyword === 'discriminator'
      ? ` ${JSON.stringify(error.params)}`
      : error.keyword === 'additionalProperties'
        ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'`
        : '';
    return `${error.instancePath || '(root)'} ${error.message ?? error.keyword}${params}`;
  });
  const unique = [...new Set(lines)];
  return unique.slice(0, 4).join('; ') + (unique.length > 4 ? `; … ${unique.length - 4} more` : '');
}
