// fast-check arbitraries derived from a bundled JSON Schema (scripts/lib/bundle-schema.ts: every
// `$ref` points into `$defs`): values meant to be valid, and mutations of them (a node replaced,
// a key removed or added, a near miss such as 1.5 for an integer or one character too many),
// so a model-based test can compare the generated validators with ajv on both sides of the line.
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const ASSERTIONS = ['$ref', 'type', 'enum', 'const', 'oneOf', 'anyOf', 'allOf', 'properties', 'items', 'required', 'additionalProperties', 'pattern', 'format', 'minimum', 'maximum'];
const MAX_DEPTH = 6;

/** Values generated to satisfy the schema (ajv is the judge of whether they do). */
export function validValues(root: JsonObject): fc.Arbitrary<unknown> {
  const defs = isObject(root.$defs) ? root.$defs : {};

  const build = (schema: Json | undefined, depth: number): fc.Arbitrary<unknown> => {
    if (schema === undefined || schema === true || (isObject(schema) && !ASSERTIONS.some((keyword) => keyword in schema))) return anyJson();
    if (!isObject(schema)) return fc.constant(null);
    // Only nesting (arrays, objects) counts towards MAX_DEPTH; $refs and unions add nothing.
    if (typeof schema.$ref === 'string') return build(defs[schema.$ref.slice('#/$defs/'.length)], depth);
    if (Array.isArray(schema.allOf)) return build(mergeAllOf(schema, defs), depth);
    const union = schema.oneOf ?? schema.anyOf;
    if (Array.isArray(union)) return fc.oneof(...union.map((member) => build(member, depth)));
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)];
    if (schema.nullable === true) types?.push('null');
    if (!types) return anyJson();
    return fc.oneof(...types.map((type) => forType(type, schema, depth)));
  };

  const forType = (type: string, schema: JsonObject, depth: number): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return typeof schema.multipleOf === 'number' ? multiples(schema, schema.multipleOf) : integers(schema);
      case 'number':
        return typeof schema.multipleOf === 'number' ? multiples(schema, schema.multipleOf) : fc.oneof(integers(schema), doubles(schema));
      case 'string':
        return strings(schema);
      case 'array': {
        if (depth > MAX_DEPTH) return fc.constant([]);
        const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : minLength + 4, minLength + 4);
        return fc.array(build(schema.items, depth + 1), { minLength, maxLength });
      }
      default:
        return objects(schema, depth);
    }
  };

  const objects = (schema: JsonObject, depth: number): fc.Arbitrary<unknown> => {
    if (depth > MAX_DEPTH) return fc.constant({});
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, propertySchema] of Object.entries(properties)) model[name] = build(propertySchema, depth + 1);
    for (const name of required) model[name] ??= anyJson();
    const declared = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    const additional = schema.additionalProperties;
    if (additional === false) return declared;
    const keys = isObject(schema.propertyNames) ? build(schema.propertyNames, depth + 1).filter((key): key is string => typeof key === 'string') : fc.string({ maxLength: 8 });
    const extraValues = isObject(additional) ? build(additional, depth + 1) : anyJson();
    const extras = fc.dictionary(keys, extraValues, { maxKeys: 3 });
    return fc.tuple(extras, declared).map(([extra, fixed]) => ({ ...withoutKeys(extra, Object.keys(properties)), ...fixed }));
  };

  return build(root, 0);
}

/** Valid-looking values with one mutation each: most of them break the schema, at varied depths. */
export function mutatedValues(root: JsonObject): fc.Arbitrary<unknown> {
  const constants = schemaConstants(root);
  const replacements = fc.oneof(
    anyJson(),
    fc.constantFrom<Json>(0, -1, 1, 1.5, -0.5, 2 ** 53, '', 'x', null, true, false, [], {}, 'sess-abc123', 'turn-xyz789',
      '2026-11-24T09:30:00.000Z', '2016-12-31T23:59:60Z', '2016-12-31T18:59:60-05:00', '2026-02-29T00:00:00Z', '2024-02-29T10:00:00+05:30',
      '2026-11-24 09:30:00z', '2026-11-24T09:30:00', '2026-13-01T00:00:00Z', '2026-11-24T24:00:00Z', '2026-11-24T09:30:00+24:00'),
    fc.string({ unit: 'binary', minLength: 60, maxLength: 70 }),
    fc.string({ unit: 'binary', minLength: 195, maxLength: 205 }),
    fc.string({ unit: 'binary', minLength: 0, maxLength: 3 }),
    ...(constants.length ? [fc.constantFrom(...constants)] : []),
  );
  const keys = fc.oneof(fc.string({ maxLength: 6 }), ...(constants.length ? [fc.constantFrom(...constants.filter((c): c is string => typeof c === 'string'), 'extra')] : []));
  return fc
    .tuple(validValues(root), fc.nat(), fc.constantFrom('replace', 'delete', 'add', 'nearMiss'), replacements, keys)
    .map(([value, pick, kind, replacement, key]) => mutate(value, pick, kind, replacement, key));
}

function mutate(original: unknown, pick: number, kind: string, replacement: Json, key: string): unknown {
  const root = { value: structuredClone(original) } as Record<string, unknown>;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const collect = (container: Record<string, unknown> | unknown[], slot: string | number): void => {
    slots.push([container, slot]);
    const node = (container as Record<string | number, unknown>)[slot];
    if (Array.isArray(node)) node.forEach((_item, index) => collect(node, index));
    else if (isObject(node)) Object.keys(node).forEach((name) => collect(node, name));
  };
  collect(root, 'value');
  const [container, slot] = slots[pick % slots.length] as [Record<string | number, unknown>, string | number];
  const node = container[slot];
  if (kind === 'delete' && container !== root && !Array.isArray(container)) delete container[slot];
  else if (kind === 'add' && isObject(node)) node[key] = replacement;
  else if (kind === 'nearMiss') container[slot] = nearMiss(node, pick);
  else container[slot] = replacement;
  return root.value;
}

function nearMiss(node: unknown, pick: number): unknown {
  if (typeof node === 'number') return [node + 0.5, -node - 1, node - 1, node + 1, String(node)][pick % 5];
  if (typeof node === 'string') return [`${node}\u0000`, '', node.slice(1), `${node}x`, node.toUpperCase(), `${node}\u{1F600}`][pick % 6];
  if (typeof node === 'boolean') return String(node);
  if (node === null) return 0;
  if (Array.isArray(node)) return { ...node };
  return [node];
}

/** Every const/enum value and property name in the schema: near misses and keys worth trying. */
function schemaConstants(root: JsonObject): Json[] {
  const found = new Set<string>();
  const values: Json[] = [];
  const add = (value: Json): void => {
    const key = JSON.stringify(value);
    if (!found.has(key)) {
      found.add(key);
      values.push(value);
    }
  };
  const walk = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
    if (node.const !== undefined) add(node.const);
    if (Array.isArray(node.enum)) node.enum.forEach(add);
    if (isObject(node.properties)) Object.keys(node.properties).forEach(add);
    for (const [key, value] of Object.entries(node)) if (key !== 'examples' && key !== 'example') walk(value);
  };
  walk(root);
  return values;
}

function integers(schema: JsonObject): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? Math.floor(schema.exclusiveMinimum) + 1 : -1_000_000;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? Math.ceil(schema.exclusiveMaximum) - 1 : min + 1_000_000_000;
  return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.constantFrom(Math.ceil(min), Math.floor(max)));
}

function multiples(schema: JsonObject, step: number): fc.Arbitrary<number> {
  return integers({ ...schema, minimum: -1000, maximum: 1000 }).map((count) => count * step).filter((value) =>
    (typeof schema.maximum !== 'number' || value <= schema.maximum) && (typeof schema.minimum !== 'number' || value >= schema.minimum));
}

function doubles(schema: JsonObject): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : -1e9;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : 1e12;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: schema.exclusiveMinimum !== undefined, maxExcluded: schema.exclusiveMaximum !== undefined });
}

function strings(schema: JsonObject): fc.Arbitrary<string> {
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date') return isoDates().map((text) => text.slice(0, 10));
  if (schema.format === 'time') return isoDates().map((text) => text.slice(11));
  if (schema.format === 'date-time')
    return fc.oneof(
      isoDates(),
      fc.constantFrom('2026-11-24T09:30:00+05:30', '2026-11-24t09:30:00.5z', '2016-12-31T23:59:60Z', '2024-02-29T00:00:00-00:00'),
    );
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : minLength + 12;
  const short = fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, minLength + 12) });
  // At the limit itself (a near miss then adds one character too many).
  if (typeof schema.maxLength === 'number' && maxLength <= 1000) return fc.oneof(short, fc.string({ unit: 'binary', minLength: maxLength, maxLength }));
  return short;
}

/** `allOf` as one schema, shallowly: types, properties and required lists merged (enough to aim at valid values). */
function mergeAllOf(schema: JsonObject, defs: JsonObject): JsonObject {
  const merged: JsonObject = {};
  const members = (schema.allOf as Json[]).map((member) =>
    isObject(member) && typeof member.$ref === 'string' ? defs[member.$ref.slice('#/$defs/'.length)] : member);
  for (const member of [{ ...schema, allOf: null }, ...members]) {
    if (!isObject(member)) continue;
    for (const [key, value] of Object.entries(member)) {
      if (key === 'allOf') continue;
      if (key === 'properties' && isObject(value)) merged.properties = { ...(isObject(merged.properties) ? merged.properties : {}), ...value };
      else if (key === 'required' && Array.isArray(value)) merged.required = [...(Array.isArray(merged.required) ? merged.required : []), ...value];
      else merged[key] = value;
    }
  }
  return merged;
}

function isoDates(): fc.Arbitrary<string> {
  return fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
}

/** Any JSON value, at most two levels deep. */
function anyJson(): fc.Arbitrary<Json> {
  return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
}

function withoutKeys(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!keys.includes(key)) copy[key] = value;
  return copy;
}
