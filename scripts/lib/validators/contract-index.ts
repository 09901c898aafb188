// What the contracts ask to validate, found generically in the documents (no names hard-coded):
// the named schemas of all three files, the frames of each AsyncAPI direction (from its
// operations' messages), and each REST operation's JSON request and response bodies.
import { type Json, isObject } from '../yaml-docs.js';
import { type LoadedSpecs, type SchemaLocation, childLocation } from './spec-documents.js';

export interface NamedSchema {
  /** The schema's key (`Session`, `TurnTokenEvent`, `AuthFrame`). */
  readonly name: string;
  /** Its `title` when it has one (the generated types are named by it), else its key. */
  readonly typeName: string;
  readonly source: 'events' | 'asyncapi' | 'openapi';
  readonly location: SchemaLocation;
}

/** Named schemas in a stable order: events.yaml, then the AsyncAPI, then the OpenAPI components. */
export function namedSchemas(specs: LoadedSpecs): NamedSchema[] {
  const found: NamedSchema[] = [];
  const collect = (source: NamedSchema['source'], container: SchemaLocation): void => {
    const node = specs.documents.node(container);
    if (!isObject(node)) return;
    for (const [name, schema] of Object.entries(node)) {
      if (!isObject(schema) && typeof schema !== 'boolean') continue;
      const typeName = isObject(schema) && typeof schema.title === 'string' ? schema.title : name;
      found.push({ name, typeName, source, location: childLocation(container, name) });
    }
  };
  collect('events', specs.events);
  collect('asyncapi', childLocation(specs.asyncapi, 'components', 'schemas'));
  collect('openapi', childLocation(specs.openapi, 'components', 'schemas'));
  return found;
}

export interface FrameMessage {
  /** The message's key under components.messages (`AuthOk`). */
  readonly key: string;
  readonly payload: SchemaLocation;
}

export interface FrameDirection {
  /** `ServerFrame` (what the daemon sends: `send` operations) or `ClientFrame` (`receive`). */
  readonly unionName: 'ServerFrame' | 'ClientFrame';
  readonly messages: readonly FrameMessage[];
}

/** The messages of the AsyncAPI operations, by direction, each message once. */
export function frameDirections(specs: LoadedSpecs): FrameDirection[] {
  const { documents } = specs;
  const operations = documents.node(childLocation(specs.asyncapi, 'operations'));
  const byDirection = new Map<FrameDirection['unionName'], Map<string, FrameMessage>>();
  if (!isObject(operations)) return [];
  for (const [operationName, operation] of Object.entries(operations)) {
    if (!isObject(operation) || !Array.isArray(operation.messages)) continue;
    const unionName = operation.action === 'send' ? 'ServerFrame' : operation.action === 'receive' ? 'ClientFrame' : undefined;
    if (!unionName) throw new Error(`validators: AsyncAPI operation ${operationName} has action ${JSON.stringify(operation.action)} (send or receive expected)`);
    const messages = byDirection.get(unionName) ?? new Map<string, FrameMessage>();
    byDirection.set(unionName, messages);
    operation.messages.forEach((_message, index) => {
      const message = followRefs(specs, childLocation(specs.asyncapi, 'operations', operationName, 'messages', index));
      const key = message.pointer.split('/').pop() ?? message.pointer;
      if (!isObject(documents.node(message)) || documents.node(childLocation(message, 'payload')) === undefined)
        throw new Error(`validators: message ${documents.display(message)} has no payload`);
      messages.set(key, { key, payload: childLocation(message, 'payload') });
    });
  }
  return [...byDirection].map(([unionName, messages]) => ({ unionName, messages: [...messages.values()] }));
}

export interface OperationBodies {
  readonly operationId: string;
  /** Status (`200`, `4XX`, `default`) → the location of its JSON body schema. */
  readonly responses: readonly { readonly status: string; readonly mediaType: string; readonly schema: SchemaLocation }[];
  readonly requestBody: { readonly mediaType: string; readonly schema: SchemaLocation } | undefined;
  /** Path, query, header and cookie parameters (the path item's, overridden by the operation's). */
  readonly parameters: readonly OperationParameter[];
}

export interface OperationParameter {
  readonly in: string;
  readonly name: string;
  readonly schema: SchemaLocation;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation's JSON request body and JSON response bodies, in path order. */
export function operationBodies(specs: LoadedSpecs): OperationBodies[] {
  const { documents } = specs;
  const paths = documents.node(childLocation(specs.openapi, 'paths'));
  if (!isObject(paths)) return [];
  const found: OperationBodies[] = [];
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = childLocation(specs.openapi, 'paths', template, method);
      if (typeof operation.operationId !== 'string') throw new Error(`validators: ${documents.display(at)} has no operationId`);
      const responses: OperationBodies['responses'][number][] = [];
      const declared = documents.node(childLocation(at, 'responses'));
      for (const status of Object.keys(isObject(declared) ? declared : {})) {
        const response = followRefs(specs, childLocation(at, 'responses', status));
        const body = jsonBody(specs, response, `${operation.operationId} ${status}`);
        if (body) responses.push({ status, ...body });
      }
      const requestBody = operation.requestBody === undefined ? undefined : jsonBody(specs, followRefs(specs, childLocation(at, 'requestBody')), `${operation.operationId} request`);
      const parameters = new Map<string, OperationParameter>();
      for (const owner of [childLocation(specs.openapi, 'paths', template), at]) {
        const list = documents.node(childLocation(owner, 'parameters'));
        if (!Array.isArray(list)) continue;
        list.forEach((_parameter, index) => {
          const parameter = followRefs(specs, childLocation(owner, 'parameters', index));
          const node = documents.node(parameter);
          if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string' || node.schema === undefined) return;
          parameters.set(`${node.in} ${node.name}`, { in: node.in, name: node.name, schema: childLocation(parameter, 'schema') });
        });
      }
      found.push({ operationId: operation.operationId, responses, requestBody, parameters: [...parameters.values()] });
    }
  }
  return found;
}

/** The JSON media type of a response or request body (`application/json`, `…+json`) and its schema. */
function jsonBody(specs: LoadedSpecs, at: SchemaLocation, what: string): { mediaType: string; schema: SchemaLocation } | undefined {
  const content = specs.documents.node(childLocation(at, 'content'));
  if (!isObject(content)) return undefined;
  const json = Object.keys(content).filter((mediaType) => /^application\/(?:[\w.-]+\+)?json$/.test(mediaType.split(';')[0]?.trim() ?? ''));
  const withSchema = json.filter((mediaType) => isObject(content[mediaType]) && (content[mediaType] as Record<string, Json>).schema !== undefined);
  if (withSchema.length > 1) {
    const schemas = new Set(withSchema.map((mediaType) => JSON.stringify((content[mediaType] as Record<string, Json>).schema)));
    if (schemas.size > 1) throw new Error(`validators: ${what} declares different schemas for ${withSchema.join(', ')}; one body validator per status is generated`);
  }
  const [mediaType] = withSchema;
  return mediaType === undefined ? undefined : { mediaType, schema: childLocation(at, 'content', mediaType, 'schema') };
}

/** Follows `$ref`s of non-schema objects (responses, messages, request bodies) to their target. */
function followRefs(specs: LoadedSpecs, location: SchemaLocation): SchemaLocation {
  let current = location;
  for (let hops = 0; hops < 32; hops++) {
    const node = specs.documents.node(current);
    if (!isObject(node) || typeof node.$ref !== 'string') return current;
    current = specs.documents.resolveRef(node.$ref, current);
  }
  throw new Error(`validators: $ref chain too long at ${specs.documents.display(location)}`);
}
