// Finds definitions nothing uses: AsyncAPI components and the shared event schemas in
// schemas/events.yaml. Redocly's `no-unused-components` covers OpenAPI only, and neither Redocly
// nor @asyncapi/parser reports these. A dead definition still ships in the contract and drifts
// from the live one unnoticed.
// Reachability: start from everything outside `components` in both specs, follow every $ref
// (local and across files), and see which definitions were never reached.
import { dirname, resolve } from 'node:path';
import { escapePointer, nodeAt } from './json-pointer.js';
import { displayPath } from './paths.js';
import { type Json, type JsonObject, isObject } from './yaml-docs.js';

export interface SpecDocuments {
  /** Absolute file path → parsed document. */
  readonly files: ReadonlyMap<string, Json>;
  readonly openapi: string;
  readonly asyncapi: string;
  readonly events: string;
}

export function findUnusedDefinitions(docs: SpecDocuments): string[] {
  const reached = new Map<string, Set<string>>();
  const mark = (file: string, pointer: string): boolean => {
    let pointers = reached.get(file);
    if (!pointers) reached.set(file, (pointers = new Set()));
    if (pointers.has(pointer)) return false;
    pointers.add(pointer);
    return true;
  };

  const walk = (file: string, node: Json | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(file, item);
      return;
    }
    if (!isObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      const [targetFile = file, pointer = ''] = splitRef(file, ref);
      if (mark(targetFile, pointer)) walk(targetFile, nodeAt(docs.files.get(targetFile), pointer));
    }
    for (const [key, value] of Object.entries(node)) if (key !== '$ref') walk(file, value);
  };

  for (const root of [docs.openapi, docs.asyncapi]) {
    const doc = docs.files.get(root);
    if (!isObject(doc)) continue;
    for (const [key, value] of Object.entries(doc)) if (key !== 'components') walk(root, value);
  }

  const isReached = (file: string, pointer: string): boolean => {
    for (const seen of reached.get(file) ?? []) if (seen === pointer || seen.startsWith(`${pointer}/`)) return true;
    return false;
  };

  const unused: string[] = [];
  const asyncapi = docs.files.get(docs.asyncapi);
  const components = isObject(asyncapi) ? asyncapi.components : undefined;
  if (isObject(components)) {
    for (const [kind, group] of Object.entries(components)) {
      if (!isObject(group)) continue;
      for (const name of Object.keys(group)) {
        const pointer = `/components/${kind}/${escapePointer(name)}`;
        if (!isReached(docs.asyncapi, pointer))
          unused.push(`${displayPath(docs.asyncapi)}#${pointer}: component is never used`);
      }
    }
  }
  const events = docs.files.get(docs.events);
  if (isObject(events)) {
    for (const name of Object.keys(events)) {
      const pointer = `/${escapePointer(name)}`;
      if (!isReached(docs.events, pointer))
        unused.push(`${displayPath(docs.events)}#${pointer}: shared schema is used by neither spec`);
    }
  }
  return unused;
}

/**
 * Channel messages that no operation lists: nobody can say which way they flow, so the
 * breaking-change classifier (which pairs messages by operation) would never look at them.
 */
export function findMessagesWithoutOperation(asyncapi: Json, file: string): string[] {
  if (!isObject(asyncapi)) return [];
  const listed = new Set<string>();
  for (const operation of Object.values(asObject(asyncapi.operations))) {
    const messages = isObject(operation) ? operation.messages : undefined;
    if (!Array.isArray(messages)) continue;
    for (const message of messages) if (isObject(message) && typeof message.$ref === 'string') listed.add(message.$ref);
  }
  const orphans: string[] = [];
  for (const [channelName, channel] of Object.entries(asObject(asyncapi.channels))) {
    if (!isObject(channel)) continue;
    for (const messageName of Object.keys(asObject(channel.messages))) {
      const pointer = `#/channels/${escapePointer(channelName)}/messages/${escapePointer(messageName)}`;
      if (!listed.has(pointer)) orphans.push(`${file}${pointer}: message is in no operation, so its direction is unknown`);
    }
  }
  return orphans;
}

function asObject(value: Json | undefined): JsonObject {
  return isObject(value) ? value : {};
}

function splitRef(fromFile: string, ref: string): [string, string] {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : decodeURIComponent(ref.slice(hash + 1));
  const file = filePart === '' ? fromFile : resolve(dirname(fromFile), filePart);
  return [file, pointer];
}
