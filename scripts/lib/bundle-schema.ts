// Makes one self-contained JSON Schema out of a schema that `$ref`s other parts of its file or
// other files: every referenced definition is copied once into `$defs` and the `$ref`s point
// there. ajv then compiles exactly the schema at hand, never a whole spec document (which is
// not a schema and which strict mode would rightly refuse). Recursive definitions stay
// recursive: each definition is copied only once.
import { nodeAt } from './json-pointer.js';
import { type Json, type JsonObject, isObject } from './yaml-docs.js';

/** file:// URL of a document (no fragment) → the parsed document. */
export type DocumentsByUrl = ReadonlyMap<string, Json>;

export function bundleSchema(schema: Json, baseUrl: string, documents: DocumentsByUrl): JsonObject {
  const defs: Record<string, Json> = {};
  const keys = new Map<string, string>();

  const rewrite = (node: Json, base: string): Json => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, base));
    if (!isObject(node)) return node;
    const copy: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      copy[key] = key === '$ref' && typeof value === 'string' ? defRef(value, base) : rewrite(value, base);
    }
    return copy;
  };

  const defRef = (ref: string, base: string): string => {
    const target = new URL(ref, base);
    const pointer = decodeURIComponent(target.hash.slice(1));
    target.hash = '';
    const id = `${target.href}#${pointer}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = `ref${keys.size}`;
      keys.set(id, key);
      const resolved = nodeAt(documents.get(target.href), pointer);
      if (resolved === undefined) throw new Error(`unresolvable $ref ${ref} (from ${base})`);
      defs[key] = true; // placeholder, so a cycle back to this definition finds the key
      defs[key] = rewrite(resolved, target.href);
    }
    return `#/$defs/${key}`;
  };

  const root = rewrite(schema, baseUrl);
  if (!isObject(root)) return { const: root };
  return Object.keys(defs).length ? { ...root, $defs: { ...(isObject(root.$defs) ? root.$defs : {}), ...defs } } : root;
}
