// Finds every example in a spec file and the schema it must satisfy:
// - OpenAPI parameters, headers and media types (objects with `schema`): `example` and each
//   `examples.<name>.value` (a `$ref` to components/examples is followed);
// - AsyncAPI messages (objects with `payload`): each `examples[].payload` (and `.headers`);
// - JSON Schemas anywhere (both specs and schemas/events.yaml): each `examples[]` item.
// Example values are data, so the walk never descends into them, nor into `x-*` extensions.
import type { PathSegment } from './json-path.js';
import { nodeAt } from './json-pointer.js';
import { type Json, type JsonObject, isObject } from './yaml-docs.js';

export interface ExampleSite {
  /** Where the example is, from the document root. */
  readonly path: readonly PathSegment[];
  readonly example: Json;
  /** The schema it must satisfy (still with the document's own, relative `$ref`s). */
  readonly schema: Json;
}

export function findExampleSites(doc: Json): ExampleSite[] {
  const sites: ExampleSite[] = [];

  const walk = (node: Json, path: PathSegment[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (!isObject(node)) return;

    if (isObject(node.schema)) collectContainerExamples(doc, node, node.schema, path, sites);
    else if (isObject(node.payload) || isObject(node.headers)) collectMessageExamples(node, path, sites);
    else collectSchemaExamples(node, path, sites);

    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
      walk(value, [...path, key]);
    }
  };

  walk(doc, []);
  return sites;
}

function collectContainerExamples(doc: Json, node: JsonObject, schema: Json, path: PathSegment[], sites: ExampleSite[]): void {
  if (node.example !== undefined) sites.push({ path: [...path, 'example'], example: node.example, schema });
  if (!isObject(node.examples)) return;
  for (const [name, entry] of Object.entries(node.examples)) {
    const target = isObject(entry) && typeof entry.$ref === 'string' && entry.$ref.startsWith('#')
      ? nodeAt(doc, entry.$ref.slice(1))
      : entry;
    if (isObject(target) && target.value !== undefined)
      sites.push({ path: [...path, 'examples', name, 'value'], example: target.value, schema });
  }
}

function collectMessageExamples(node: JsonObject, path: PathSegment[], sites: ExampleSite[]): void {
  if (!Array.isArray(node.examples)) return;
  node.examples.forEach((entry, index) => {
    if (!isObject(entry)) return;
    if (entry.payload !== undefined && node.payload !== undefined)
      sites.push({ path: [...path, 'examples', index, 'payload'], example: entry.payload, schema: node.payload });
    if (entry.headers !== undefined && node.headers !== undefined)
      sites.push({ path: [...path, 'examples', index, 'headers'], example: entry.headers, schema: node.headers });
  });
}

function collectSchemaExamples(node: JsonObject, path: PathSegment[], sites: ExampleSite[]): void {
  if (Array.isArray(node.examples))
    node.examples.forEach((example, index) => sites.push({ path: [...path, 'examples', index], example, schema: node }));
  // OpenAPI 3.0-style `example` on a schema: still a promise about the schema's instances.
  if (node.example !== undefined && looksLikeSchema(node))
    sites.push({ path: [...path, 'example'], example: node.example, schema: node });
}

const SCHEMA_KEYWORDS = ['type', '$ref', 'properties', 'items', 'oneOf', 'anyOf', 'allOf', 'enum', 'const'];
function looksLikeSchema(node: JsonObject): boolean {
  return SCHEMA_KEYWORDS.some((keyword) => keyword in node);
}
