// The three spec documents the validator generator reads, as plain JSON (scripts/lib/yaml-docs.ts),
// with `$ref` resolution between them: a schema is named by its location (document URL + JSON
// Pointer) and `$ref`s resolve against the document they are written in, so
// `./schemas/events.yaml#/TurnId` in the OpenAPI file means what the specs mean.
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { escapePointer, nodeAt } from '../json-pointer.js';
import { specPaths } from '../paths.js';
import { type Json, isObject, loadYaml } from '../yaml-docs.js';

/** Where a schema lives: its document's URL (no fragment) and a JSON Pointer inside it. */
export interface SchemaLocation {
  readonly url: string;
  readonly pointer: string;
}

export function locationKey(location: SchemaLocation): string {
  return `${location.url}#${location.pointer}`;
}

export function childLocation(location: SchemaLocation, ...segments: readonly (string | number)[]): SchemaLocation {
  return { url: location.url, pointer: location.pointer + segments.map((segment) => `/${escapePointer(String(segment))}`).join('') };
}

/** The URL scheme of documents the generator makes up itself (e.g. the union of server frames). */
const SYNTHETIC = 'urn:opta-validators:';

export class SpecDocuments {
  private readonly documents = new Map<string, Json>();
  private readonly names = new Map<string, string>();

  /** Registers a document under `url`; `name` is how error messages show it (`specs/…`). */
  add(url: string, name: string, document: Json): void {
    this.documents.set(url, document);
    this.names.set(url, name);
  }

  /** Registers a schema the generator composes (absolute `$ref`s only) and returns its location. */
  addSynthetic(name: string, schema: Json): SchemaLocation {
    const url = `${SYNTHETIC}${encodeURIComponent(name)}`;
    this.add(url, `${name}, composed by the generator`, schema);
    return { url, pointer: '' };
  }

  /** Every document by URL (for scripts/lib/bundle-schema.ts). */
  byUrl(): ReadonlyMap<string, Json> {
    return this.documents;
  }

  node(location: SchemaLocation): Json | undefined {
    return nodeAt(this.documents.get(location.url), location.pointer);
  }

  /** `specs/schemas/events.yaml#/TurnTokenEvent/properties/data`: for messages and comments. */
  display(location: SchemaLocation): string {
    const document = this.names.get(location.url) ?? location.url;
    return location.pointer === '' && location.url.startsWith(SYNTHETIC) ? document : `${document}#${location.pointer}`;
  }

  /** Where a `$ref` written at `from` points; throws naming both when it does not resolve. */
  resolveRef(ref: string, from: SchemaLocation): SchemaLocation {
    const target = new URL(ref, from.url.startsWith(SYNTHETIC) ? undefined : from.url);
    const pointer = decodeURIComponent(target.hash.slice(1));
    target.hash = '';
    const location = { url: target.href, pointer };
    if (this.node(location) === undefined) throw new Error(`unresolvable $ref "${ref}" at ${this.display(from)}`);
    return location;
  }

  /** An absolute `$ref` to a location, for schemas the generator composes. */
  absoluteRef(location: SchemaLocation): string {
    return `${location.url}#${location.pointer.split('/').map(encodeURIComponent).join('/')}`;
  }
}

export interface LoadedSpecs {
  readonly documents: SpecDocuments;
  readonly openapi: SchemaLocation;
  readonly asyncapi: SchemaLocation;
  readonly events: SchemaLocation;
}

/** Loads `daemon-v3.openapi.yaml`, `daemon-v3.asyncapi.yaml` and `schemas/events.yaml` of a spec directory. */
export async function loadSpecs(specDir: string): Promise<LoadedSpecs> {
  const paths = specPaths(specDir);
  const documents = new SpecDocuments();
  const load = async (file: string): Promise<SchemaLocation> => {
    const url = pathToFileURL(file).href;
    documents.add(url, `specs/${relative(paths.dir, fileURLToPath(url)).split('\\').join('/')}`, await loadYaml(file));
    return { url, pointer: '' };
  };
  const [openapi, asyncapi, events] = await Promise.all([load(paths.openapi), load(paths.asyncapi), load(paths.events)]);
  return { documents, openapi, asyncapi, events };
}

export { isObject };
