// Declares an OpenAPI-style `discriminator` on every `oneOf` whose members are told apart by a
// required `event` or `type` constant (our event envelopes and stream frames), so ajv
// (`discriminator: true`) validates an example against the one member it names and reports that
// member's errors, instead of one error per member. Validity does not change: with distinct
// constants at most one member can match, which is exactly what the discriminator checks.
import { type Json, type JsonObject, isObject } from './yaml-docs.js';

const TAGS = ['event', 'type'];

export function declareDiscriminators(schema: JsonObject): JsonObject {
  const defs = isObject(schema.$defs) ? schema.$defs : {};
  const resolve = (node: Json): Json => {
    if (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/$defs/'))
      return defs[node.$ref.slice('#/$defs/'.length)] ?? node;
    return node;
  };
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    if (Array.isArray(node.oneOf) && node.discriminator === undefined) {
      const tag = TAGS.find((candidate) => isTaggedUnion(node.oneOf as Json[], candidate, resolve));
      if (tag) node.discriminator = { propertyName: tag };
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  return schema;
}

function isTaggedUnion(members: Json[], tag: string, resolve: (node: Json) => Json): boolean {
  const seen = new Set<string>();
  for (const raw of members) {
    const member = resolve(raw);
    if (!isObject(member) || !Array.isArray(member.required) || !member.required.includes(tag)) return false;
    const property = isObject(member.properties) ? resolve(member.properties[tag] ?? null) : null;
    const value = isObject(property) ? property.const : undefined;
    if (typeof value !== 'string' || seen.has(value)) return false;
    seen.add(value);
  }
  return members.length > 1;
}
