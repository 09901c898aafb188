// JSON Pointer (RFC 6901) lookups in parsed spec documents.
import { type Json, isObject } from './yaml-docs.js';

/** The node at `pointer` (`/components/schemas/Session`, already URI-decoded), if any. */
export function nodeAt(doc: Json | undefined, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
