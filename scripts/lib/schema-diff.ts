// Compares two resolved JSON Schemas (no `$ref`s left) and lists what changed, as facts that do
// not depend on who reads the data: "property removed", "enum value added", "type removed"...
// Whether a change breaks anyone depends on the direction the data flows; asyncapi-compat.ts
// decides that. Unknown keywords that differ come out as `schema-changed` (direction unknown),
// so the check errs on the safe side instead of missing a change.
import { isDeepStrictEqual } from 'node:util';

export type ChangeKind =
  | 'property-removed'
  | 'optional-property-added'
  | 'required-property-added'
  | 'property-became-required'
  | 'property-became-optional'
  | 'values-added'
  | 'values-removed'
  | 'type-added'
  | 'type-removed'
  | 'member-added'
  | 'member-removed'
  | 'extra-properties-allowed'
  | 'extra-properties-refused'
  | 'constraint-loosened'
  | 'constraint-tightened'
  | 'stop-event-changed'
  | 'schema-changed';

export interface SchemaChange {
  readonly kind: ChangeKind;
  /** Dotted path from the diffed root: `envelope.oneOf[turn.done].data.finishReason`. */
  readonly path: string;
  readonly detail: string;
}

type Schema = Record<string, unknown>;

/** Keywords that document but do not constrain; changes to them are never reported. */
const ANNOTATIONS = new Set([
  'title', 'description', 'examples', 'example', '$comment', 'deprecated', 'readOnly', 'writeOnly',
  '$id', '$schema', '$anchor', '$defs', 'definitions', 'discriminator', 'externalDocs', 'xml',
]);
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'];
/** Keywords whose presence restricts and whose change cannot be ordered. */
const RESTRICTIONS = ['pattern', 'format', 'multipleOf', 'contentEncoding', 'contentMediaType'];
const HANDLED = new Set([
  'oneOf', 'anyOf', 'allOf', 'type', 'const', 'enum', 'properties', 'required', 'additionalProperties',
  'propertyNames', 'items', 'uniqueItems', 'x-opta-stop-event', ...LOWER_BOUNDS, ...UPPER_BOUNDS, ...RESTRICTIONS,
]);

export function diffSchemas(before: unknown, after: unknown, path = ''): SchemaChange[] {
  const changes: SchemaChange[] = [];
  compare(before, after, path, changes, new WeakMap());
  return changes;
}

function compare(before: unknown, after: unknown, path: string, out: SchemaChange[], seen: WeakMap<object, WeakSet<object>>): void {
  if (before === after) return;
  if (!isSchema(before) || !isSchema(after)) {
    // Boolean schemas (`true`/`false`) or a missing side: compare as values.
    if (!isDeepStrictEqual(before, after))
      out.push({ kind: 'schema-changed', path, detail: `schema changed from ${short(before)} to ${short(after)}` });
    return;
  }
  // Resolved documents may be cyclic (a recursive definition): compare each pair once.
  let pairs = seen.get(before);
  if (!pairs) seen.set(before, (pairs = new WeakSet()));
  if (pairs.has(after)) return;
  pairs.add(after);

  const beforeUnion = unionMembers(before);
  const afterUnion = unionMembers(after);
  if (beforeUnion || afterUnion) {
    // A plain schema that becomes a union (`TurnId` → `oneOf: [TurnId, null]`) is compared as a
    // one-member union, so the change reads "member null added", not "everything changed".
    compareUnions(beforeUnion ?? [before], afterUnion ?? [after], path, out, seen);
    if (!beforeUnion || !afterUnion) return;
  }
  compareAllOf(before, after, path, out, seen);
  compareTypes(before, after, path, out);
  compareValues(before, after, path, out);
  compareProperties(before, after, path, out, seen);
  compareAdditionalProperties(before, after, path, out, seen);
  compareOptionalSubschema(before.propertyNames, after.propertyNames, `${path}.propertyNames`, 'property names', out, seen);
  compareOptionalSubschema(before.items, after.items, `${path}[]`, 'array items', out, seen);
  compareBounds(before, after, path, out);
  if (!isDeepStrictEqual(before['x-opta-stop-event'], after['x-opta-stop-event']))
    out.push({
      kind: 'stop-event-changed',
      path,
      detail: `x-opta-stop-event changed from ${short(before['x-opta-stop-event'])} to ${short(after['x-opta-stop-event'])}`,
    });
  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (HANDLED.has(keyword) || ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) continue;
    if (!isDeepStrictEqual(before[keyword], after[keyword]))
      out.push({ kind: 'schema-changed', path, detail: `keyword "${keyword}" changed from ${short(before[keyword])} to ${short(after[keyword])}` });
  }
}

function compareUnions(before: unknown[], after: unknown[], path: string, out: SchemaChange[], seen: WeakMap<object, WeakSet<object>>): void {
  const beforeByKey = keyMembers(before);
  const afterByKey = keyMembers(after);
  for (const [key, member] of beforeByKey) {
    const match = afterByKey.get(key);
    if (match === undefined) out.push({ kind: 'member-removed', path, detail: `union member ${key} removed` });
    else compare(member, match, `${path}.oneOf[${key}]`, out, seen);
  }
  for (const key of afterByKey.keys())
    if (!beforeByKey.has(key)) out.push({ kind: 'member-added', path, detail: `union member ${key} added` });
}

function compareAllOf(before: Schema, after: Schema, path: string, out: SchemaChange[], seen: WeakMap<object, WeakSet<object>>): void {
  const a = Array.isArray(before.allOf) ? before.allOf : [];
  const b = Array.isArray(after.allOf) ? after.allOf : [];
  if (a.length === b.length) a.forEach((part, index) => compare(part, b[index], `${path}.allOf[${index}]`, out, seen));
  else out.push({ kind: 'schema-changed', path, detail: `allOf went from ${a.length} to ${b.length} parts` });
}

function compareTypes(before: Schema, after: Schema, path: string, out: SchemaChange[]): void {
  const a = typeSet(before);
  const b = typeSet(after);
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ kind: 'type-removed', path, detail: `type restricted from any to ${[...(b ?? [])].join(' | ')}` });
    return;
  }
  if (b === undefined) {
    out.push({ kind: 'type-added', path, detail: `type widened from ${[...a].join(' | ')} to any` });
    return;
  }
  for (const type of b) if (!covers(a, type)) out.push({ kind: 'type-added', path, detail: `type "${type}" added` });
  for (const type of a) if (!covers(b, type)) out.push({ kind: 'type-removed', path, detail: `type "${type}" removed` });
}

function compareValues(before: Schema, after: Schema, path: string, out: SchemaChange[]): void {
  const a = allowedValues(before);
  const b = allowedValues(after);
  if (a === undefined && b === undefined) return;
  const list = (values: unknown[]) => values.map(short).join(', ');
  if (a === undefined) {
    out.push({ kind: 'values-removed', path, detail: `values restricted to ${list(b ?? [])}` });
    return;
  }
  if (b === undefined) {
    out.push({ kind: 'values-added', path, detail: `values no longer restricted to ${list(a)}` });
    return;
  }
  for (const value of b)
    if (!a.some((old) => isDeepStrictEqual(old, value))) out.push({ kind: 'values-added', path, detail: `value ${short(value)} added` });
  for (const value of a)
    if (!b.some((now) => isDeepStrictEqual(now, value))) out.push({ kind: 'values-removed', path, detail: `value ${short(value)} removed` });
}

function compareProperties(before: Schema, after: Schema, path: string, out: SchemaChange[], seen: WeakMap<object, WeakSet<object>>): void {
  const a = isSchema(before.properties) ? before.properties : {};
  const b = isSchema(after.properties) ? after.properties : {};
  const requiredBefore = new Set(Array.isArray(before.required) ? before.required : []);
  const requiredAfter = new Set(Array.isArray(after.required) ? after.required : []);
  const names = new Set<string>([...Object.keys(a), ...Object.keys(b), ...requiredBefore, ...requiredAfter].map(String));
  for (const name of names) {
    const at = `${path}.${name}`;
    const inBefore = name in a || requiredBefore.has(name);
    const inAfter = name in b || requiredAfter.has(name);
    if (inBefore && !inAfter) {
      out.push({ kind: 'property-removed', path: at, detail: `property removed${requiredBefore.has(name) ? ' (was required)' : ''}` });
      continue;
    }
    if (!inBefore && inAfter) {
      out.push(
        requiredAfter.has(name)
          ? { kind: 'required-property-added', path: at, detail: 'required property added' }
          : { kind: 'optional-property-added', path: at, detail: 'optional property added' },
      );
      continue;
    }
    if (requiredBefore.has(name) && !requiredAfter.has(name))
      out.push({ kind: 'property-became-optional', path: at, detail: 'property is no longer required' });
    if (!requiredBefore.has(name) && requiredAfter.has(name))
      out.push({ kind: 'property-became-required', path: at, detail: 'property became required' });
    if (name in a && name in b) compare(a[name], b[name], at, out, seen);
  }
}

function compareAdditionalProperties(before: Schema, after: Schema, path: string, out: SchemaChange[], seen: WeakMap<object, WeakSet<object>>): void {
  const a = before.additionalProperties;
  const b = after.additionalProperties;
  const open = (value: unknown) => value === undefined || value === true;
  if ((open(a) && open(b)) || (a === false && b === false)) return;
  if (isSchema(a) && isSchema(b)) return compare(a, b, `${path}[*]`, out, seen);
  if (open(a)) {
    out.push(
      b === false
        ? { kind: 'extra-properties-refused', path, detail: 'additionalProperties: false added (unknown properties now refused)' }
        : { kind: 'constraint-tightened', path, detail: 'additional properties must now match a schema' },
    );
  } else if (open(b)) {
    out.push(
      a === false
        ? { kind: 'extra-properties-allowed', path, detail: 'additionalProperties: false removed (unknown properties now allowed)' }
        : { kind: 'constraint-loosened', path, detail: 'additional properties no longer constrained by a schema' },
    );
  } else if (a === false) {
    out.push({ kind: 'extra-properties-allowed', path, detail: 'additional properties matching a schema are now allowed' });
  } else {
    out.push({ kind: 'extra-properties-refused', path, detail: 'additional properties are now refused' });
  }
}

function compareOptionalSubschema(a: unknown, b: unknown, path: string, what: string, out: SchemaChange[], seen: WeakMap<object, WeakSet<object>>): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) out.push({ kind: 'constraint-tightened', path, detail: `${what} now constrained by a schema` });
  else if (b === undefined) out.push({ kind: 'constraint-loosened', path, detail: `${what} no longer constrained` });
  else compare(a, b, path, out, seen);
}

function compareBounds(before: Schema, after: Schema, path: string, out: SchemaChange[]): void {
  const bound = (keyword: string, tighterWhenHigher: boolean) => {
    const a = before[keyword];
    const b = after[keyword];
    if (isDeepStrictEqual(a, b)) return;
    const describe = `${keyword} ${a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'}: ${short(a)} → ${short(b)}`;
    let tightened: boolean;
    if (a === undefined) tightened = true;
    else if (b === undefined) tightened = false;
    else if (typeof a === 'number' && typeof b === 'number') tightened = tighterWhenHigher ? b > a : b < a;
    else return out.push({ kind: 'schema-changed', path, detail: describe });
    out.push({ kind: tightened ? 'constraint-tightened' : 'constraint-loosened', path, detail: describe });
  };
  for (const keyword of LOWER_BOUNDS) bound(keyword, true);
  for (const keyword of UPPER_BOUNDS) bound(keyword, false);
  for (const keyword of RESTRICTIONS) {
    const a = before[keyword];
    const b = after[keyword];
    if (isDeepStrictEqual(a, b)) continue;
    const kind: ChangeKind = a === undefined ? 'constraint-tightened' : b === undefined ? 'constraint-loosened' : 'schema-changed';
    out.push({ kind, path, detail: `${keyword} ${a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'}: ${short(a)} → ${short(b)}` });
  }
  const unique = (schema: Schema) => schema.uniqueItems === true;
  if (unique(before) !== unique(after))
    out.push({ kind: unique(after) ? 'constraint-tightened' : 'constraint-loosened', path, detail: `uniqueItems ${unique(after) ? 'added' : 'removed'}` });
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unionMembers(schema: Schema): unknown[] | undefined {
  if (Array.isArray(schema.oneOf)) return schema.oneOf;
  if (Array.isArray(schema.anyOf)) return schema.anyOf;
  return undefined;
}

/**
 * How union members are paired across versions: by their discriminating constant (`event` of an
 * envelope, `type` of a frame), else by `title`, else by their single type (`null`).
 */
export function memberKey(member: unknown, index: number): string {
  if (!isSchema(member)) return `#${index}`;
  const properties = isSchema(member.properties) ? member.properties : {};
  for (const tag of ['event', 'type']) {
    const property = properties[tag];
    if (isSchema(property) && typeof property.const === 'string') return property.const;
  }
  if (typeof member.title === 'string') return member.title;
  if (typeof member.type === 'string') return member.type;
  return `#${index}`;
}

function keyMembers(members: unknown[]): Map<string, unknown> {
  const byKey = new Map<string, unknown>();
  members.forEach((member, index) => {
    const key = memberKey(member, index);
    byKey.set(byKey.has(key) ? `${key}#${index}` : key, member);
  });
  return byKey;
}

function typeSet(schema: Schema): Set<string> | undefined {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type.map(String));
  return undefined;
}

/** `number` includes `integer`. */
function covers(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function allowedValues(schema: Schema): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
