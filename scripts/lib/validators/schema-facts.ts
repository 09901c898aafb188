// What the generator knows about JSON Schema keywords, and facts it derives from schemas before
// emitting code: which JSON types a schema can accept, whether a union is told apart by a
// constant property (a discriminator), and the shape every member of such a union shares.
import { type Json, type JsonObject, isObject } from '../yaml-docs.js';
import { type SchemaLocation, type SpecDocuments, childLocation, locationKey } from './spec-documents.js';

/** Keywords that assert something, each implemented by schema-compiler.ts. */
export const ASSERTION_KEYWORDS: ReadonlySet<string> = new Set([
  '$ref', 'type', 'nullable', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'pattern', 'format',
  'items', 'minItems', 'maxItems',
  'properties', 'required', 'additionalProperties', 'propertyNames',
  'minProperties', 'maxProperties', 'multipleOf',
  'allOf', 'anyOf', 'oneOf', 'not',
]);

/**
 * Keywords that assert nothing: annotations (JSON Schema's, OpenAPI's; `x-*` extensions too)
 * and `$defs`, which only holds schemas for `$ref`s to point at.
 */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  'title', 'description', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly',
  '$comment', 'discriminator', 'externalDocs', 'xml', '$defs', 'definitions',
]);

export const JSON_TYPES: ReadonlySet<string> = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

export function isAnnotation(keyword: string): boolean {
  return ANNOTATION_KEYWORDS.has(keyword) || keyword.startsWith('x-');
}

/** A schema that accepts every value (`true`, `{}`, or annotations only). */
export function acceptsEverything(schema: Json | undefined): boolean {
  if (schema === true) return true;
  return isObject(schema) && Object.keys(schema).every(isAnnotation);
}

/** A schema whose only assertion is a `$ref` (an alias): the location it stands for. */
export function followAliases(documents: SpecDocuments, location: SchemaLocation): SchemaLocation {
  const seen = new Set<string>();
  let current = location;
  for (;;) {
    const node = documents.node(current);
    if (!isObject(node) || typeof node.$ref !== 'string') return current;
    if (Object.keys(node).some((key) => key !== '$ref' && !isAnnotation(key))) return current;
    if (seen.has(locationKey(current))) throw new Error(`$ref cycle without a schema at ${documents.display(current)}`);
    seen.add(locationKey(current));
    current = documents.resolveRef(node.$ref, current);
  }
}

/** The schema at a location, aliases followed. */
export function resolvedSchema(documents: SpecDocuments, location: SchemaLocation): { location: SchemaLocation; schema: Json } {
  const target = followAliases(documents, location);
  const schema = documents.node(target);
  if (schema === undefined) throw new Error(`no schema at ${documents.display(target)}`);
  return { location: target, schema };
}

/**
 * The JSON types a schema can accept (`integer` when it accepts whole numbers only), or
 * undefined when it may accept any type. Used to prove the members of a `oneOf` mutually exclusive.
 */
export function possibleTypes(documents: SpecDocuments, location: SchemaLocation, seen = new Set<string>()): ReadonlySet<string> | undefined {
  const key = locationKey(location);
  if (seen.has(key)) return undefined;
  seen.add(key);
  const schema = documents.node(location);
  if (schema === false) return new Set();
  if (!isObject(schema)) return undefined;
  let types: Set<string> | undefined;
  const narrow = (found: ReadonlySet<string> | undefined): void => {
    if (found === undefined) return;
    if (types === undefined) types = new Set(found);
    else types = new Set([...types].flatMap((type) => intersectType(type, found)));
  };
  if (schema.type !== undefined) {
    const declared = Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)];
    if (schema.nullable === true) declared.push('null');
    narrow(new Set(declared));
  }
  if (schema.const !== undefined) narrow(new Set([jsonType(schema.const)]));
  if (Array.isArray(schema.enum)) narrow(new Set(schema.enum.map(jsonType)));
  if (typeof schema.$ref === 'string') narrow(possibleTypes(documents, documents.resolveRef(schema.$ref, location), seen));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    const union = new Set<string>();
    let open = false;
    members.forEach((_member, index) => {
      const found = possibleTypes(documents, childLocation(location, keyword, index), new Set(seen));
      if (found === undefined) open = true;
      else found.forEach((type) => union.add(type));
    });
    if (!open) narrow(union);
  }
  if (Array.isArray(schema.allOf))
    schema.allOf.forEach((_member, index) => narrow(possibleTypes(documents, childLocation(location, 'allOf', index), new Set(seen))));
  return types;
}

/** `type` intersected with a set of types (whole numbers are numbers). */
function intersectType(type: string, found: ReadonlySet<string>): string[] {
  if (found.has(type)) return [type];
  if (type === 'integer' && found.has('number')) return ['integer'];
  if (type === 'number' && found.has('integer')) return ['integer'];
  return [];
}

export function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** True when no value can satisfy two of these schemas (their possible types are disjoint). */
export function mutuallyExclusive(documents: SpecDocuments, members: readonly SchemaLocation[]): boolean {
  const seen = new Set<string>();
  for (const member of members) {
    const types = possibleTypes(documents, member);
    if (types === undefined) return false;
    // A whole number is a number too: `integer` and `number` overlap.
    const expanded = types.has('integer') ? [...types, 'number'] : [...types];
    if (expanded.some((type) => seen.has(type) || (type === 'number' && seen.has('integer')))) return false;
    expanded.forEach((type) => seen.add(type));
  }
  return true;
}

/** A union whose members are objects told apart by a required string constant. */
export interface Discriminated {
  readonly property: string;
  /** The constant of each member, in member order. */
  readonly members: readonly { readonly tag: string; readonly location: SchemaLocation }[];
}

/** The discriminator of a union (`oneOf`/`anyOf` member locations), if its members have one. */
export function findDiscriminator(documents: SpecDocuments, memberLocations: readonly SchemaLocation[]): Discriminated | undefined {
  if (memberLocations.length < 2) return undefined;
  const members = memberLocations.map((location) => resolvedSchema(documents, location));
  const first = members[0]?.schema;
  if (!isObject(first) || !isObject(first.properties)) return undefined;
  for (const property of Object.keys(first.properties)) {
    const tags: { tag: string; location: SchemaLocation }[] = [];
    for (const member of members) {
      const tag = constantOf(documents, member.schema, member.location, property);
      if (tag === undefined || tags.some((known) => known.tag === tag)) break;
      tags.push({ tag, location: member.location });
    }
    if (tags.length === members.length) return { property, members: tags };
  }
  return undefined;
}

/** The string constant a member object requires at `property`, if it requires one. */
function constantOf(documents: SpecDocuments, schema: Json, location: SchemaLocation, property: string): string | undefined {
  if (!isObject(schema) || schema.type !== 'object') return undefined;
  if (!Array.isArray(schema.required) || !schema.required.includes(property)) return undefined;
  if (!isObject(schema.properties) || schema.properties[property] === undefined) return undefined;
  const { schema: propertySchema } = resolvedSchema(documents, childLocation(location, 'properties', property));
  return isObject(propertySchema) && typeof propertySchema.const === 'string' ? propertySchema.const : undefined;
}

/**
 * What every member of a discriminated union requires, as one schema: an object with each
 * property all members require; where they all share the same schema that schema, otherwise
 * the JSON types any member allows there (nothing when a member allows any type). An envelope
 * with an event name this contract does not know yet is checked against it.
 */
export function commonShape(documents: SpecDocuments, union: Discriminated): JsonObject {
  const members = union.members.map((member) => ({ location: member.location, schema: documents.node(member.location) as JsonObject }));
  const firstRequired = members[0]?.schema.required;
  const required = (Array.isArray(firstRequired) ? firstRequired.map(String) : []).filter((property) =>
    members.every((member) => Array.isArray(member.schema.required) && member.schema.required.includes(property)));
  const properties: Record<string, Json> = {};
  for (const property of required) {
    const locations = members.map((member) =>
      isObject(member.schema.properties) && member.schema.properties[property] !== undefined
        ? followAliases(documents, childLocation(member.location, 'properties', property))
        : undefined);
    const [first] = locations;
    if (first === undefined || locations.some((location) => location === undefined)) continue;
    if (locations.every((location) => location !== undefined && locationKey(location) === locationKey(first))) {
      properties[property] = { $ref: documents.absoluteRef(first) };
      continue;
    }
    const union = new Set<string>();
    let open = false;
    for (const location of locations) {
      const types = location && possibleTypes(documents, location);
      if (types === undefined) open = true;
      else types.forEach((type) => union.add(type));
    }
    if (open) continue;
    if (union.has('integer') && union.has('number')) union.delete('integer');
    const types = [...union].sort();
    properties[property] = { type: types.length === 1 ? (types[0] as string) : types };
  }
  return { type: 'object', required, properties };
}
