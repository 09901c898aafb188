/**
 * Runtime conformance: every REST response and every WebSocket frame the mock sends is checked
 * against the specs themselves (not against hand-copied schemas), so the mock cannot drift from
 * the contract unnoticed. The YAML files are loaded once; their relative `$ref`s
 * (`./schemas/events.yaml#/…`) resolve because each document is registered under a base URI
 * that mirrors its place in specs/.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { packagePath } from './package-root.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export const SPECS_DIR = packagePath('specs', true);
const BASE = 'https://opta.invalid/specs/';
const OPENAPI_ID = `${BASE}daemon-v3.openapi.yaml`;
const ASYNCAPI_ID = `${BASE}daemon-v3.asyncapi.yaml`;
const EVENTS_ID = `${BASE}schemas/events.yaml`;

type Json = Record<string, unknown>;

export interface Violation {
  /** `REST GET /v3/sessions/{sessionId} 200` or `WS event`. */
  readonly where: string;
  readonly errors: string;
}

/**
 * Compiles on first use: compiling every schema up front costs a few hundred ms of start-up,
 * and a frontend developer's mock should be ready at once.
 */
type LazyValidate = () => ValidateFunction;
function lazy(compile: () => ValidateFunction): LazyValidate {
  let v: ValidateFunction | undefined;
  return () => (v ??= compile());
}

/** One declared response: its status and content types mapped to a (lazily) compiled body schema. */
interface ResponseSpec {
  readonly content: Map<string, LazyValidate>;
  readonly headers: readonly string[];
}

export interface Operation {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
  readonly responses: Map<string, ResponseSpec>;
}

function load(file: string): Json {
  return parse(readFileSync(`${SPECS_DIR}${file}`, 'utf8')) as Json;
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}

export class ContractValidator {
  readonly openapi: Json;
  readonly asyncapi: Json;
  readonly operations: readonly Operation[];
  private readonly ajv: Ajv2020;
  private readonly frames = new Map<string, LazyValidate>();
  private readonly clientFrames = new Map<string, LazyValidate>();
  private readonly requestBodies = new Map<string, LazyValidate>();

  constructor() {
    this.openapi = load('daemon-v3.openapi.yaml');
    this.asyncapi = load('daemon-v3.asyncapi.yaml');
    const events = load('schemas/events.yaml');
    // strict:false because whole OpenAPI/AsyncAPI documents are registered as schemas (their
    // non-schema keys such as `paths` or `example` are not JSON Schema keywords).
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // validateSchema off: meta-validating whole API documents costs ~0.5 s and they are linted by `npm run check`.
    this.ajv.addSchema({ ...this.openapi, $id: OPENAPI_ID }, undefined, undefined, false);
    this.ajv.addSchema({ ...this.asyncapi, $id: ASYNCAPI_ID }, undefined, undefined, false);
    this.ajv.addSchema({ ...events, $id: EVENTS_ID }, undefined, undefined, false);
    this.operations = this.collectOperations();
    this.collectFrames();
  }

  private ref(doc: string, pointer: string): LazyValidate {
    return lazy(() => this.ajv.compile({ $ref: `${doc}#${pointer}` }));
  }

  /** Resolves a local `#/components/...` $ref inside the OpenAPI document (responses are $ref'd). */
  private deref(node: unknown): Json {
    let n = node as Json;
    while (typeof n['$ref'] === 'string' && (n['$ref'] as string).startsWith('#/')) {
      let cur: unknown = this.openapi;
      for (const part of (n['$ref'] as string).slice(2).split('/')) cur = (cur as Json)[part];
      n = cur as Json;
    }
    return n;
  }

  private collectOperations(): Operation[] {
    const ops: Operation[] = [];
    const paths = this.openapi['paths'] as Record<string, Json>;
    for (const [template, item] of Object.entries(paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const responses = new Map<string, ResponseSpec>();
        for (const [status, raw] of Object.entries(op['responses'] as Json)) {
          const r = this.deref(raw);
          const content = new Map<string, LazyValidate>();
          for (const [ct, media] of Object.entries((r['content'] ?? {}) as Record<string, Json>)) {
            const schema = media['schema'] as Json | undefined;
            if (!schema) continue;
            // Compile the schema as a subschema of the OpenAPI document so its #/ refs resolve.
            content.set(ct, lazy(() => this.ajv.compile({ $id: `${OPENAPI_ID}?op=${String(op['operationId'])}&s=${status}&ct=${ct}`, ...rebase(schema, OPENAPI_ID) })));
          }
          responses.set(status, { content, headers: Object.keys((r['headers'] ?? {}) as Json) });
        }
        const operationId = String(op['operationId']);
        ops.push({ method: method.toUpperCase(), template, operationId, responses });
        const body = this.deref(op['requestBody'] ?? {})['content'] as Record<string, Json> | undefined;
        const bodySchema = body?.['application/json']?.['schema'] as Json | undefined;
        if (bodySchema) this.requestBodies.set(operationId, lazy(() => this.ajv.compile(rebase(bodySchema, OPENAPI_ID))));
      }
    }
    return ops;
  }

  private collectFrames(): void {
    const components = (this.asyncapi['components'] as Json)['messages'] as Record<string, Json>;
    const channels = this.asyncapi['channels'] as Record<string, Json>;
    const operations = this.asyncapi['operations'] as Record<string, Json>;
    // Which messages the daemon sends vs receives comes from the AsyncAPI operations.
    const direction = new Map<string, 'send' | 'receive'>();
    for (const op of Object.values(operations)) {
      for (const m of op['messages'] as Json[]) {
        const channelMsg = String(m['$ref']).split('/').pop() ?? '';
        const stream = Object.values(channels)[0] as Json;
        const target = String(((stream['messages'] as Json)[channelMsg] as Json)['$ref']).split('/').pop() ?? '';
        direction.set(target, op['action'] as 'send' | 'receive');
      }
    }
    for (const [key, msg] of Object.entries(components)) {
      const payloadRef = String((msg['payload'] as Json)['$ref']);
      const schemaName = payloadRef.split('/').pop() ?? '';
      const schema = ((this.asyncapi['components'] as Json)['schemas'] as Record<string, Json>)[schemaName] as Json;
      const typeConst = ((schema['properties'] as Json)['type'] as Json)['const'] as string;
      const v = this.ref(ASYNCAPI_ID, `/components/schemas/${schemaName}`);
      (direction.get(key) === 'receive' ? this.clientFrames : this.frames).set(typeConst, v);
    }
  }

  /** Finds the operation whose path template matches a concrete path. */
  findOperation(method: string, path: string): Operation | undefined {
    return this.operations.find((op) => op.method === method && templateRegex(op.template).test(path));
  }

  /** Checks a REST response; returns a violation text or undefined. */
  checkResponse(op: Operation, status: number, contentType: string, body: unknown, headers: Record<string, unknown>): string | undefined {
    const spec = op.responses.get(String(status));
    if (!spec) return `status ${status} is not declared for ${op.operationId}`;
    for (const h of spec.headers) if (headers[h.toLowerCase()] === undefined) return `header ${h} missing`;
    const ct = contentType.split(';')[0]?.trim() ?? '';
    const validate = spec.content.get(ct)?.();
    if (!validate) return `content type ${ct} is not declared for ${op.operationId} ${status} (declared: ${[...spec.content.keys()].join(', ')})`;
    return validate(body) ? undefined : formatErrors(validate.errors);
  }

  /** Checks a frame the daemon sends; returns a violation text or undefined. */
  checkServerFrame(frame: { type?: unknown }): string | undefined {
    const v = this.frames.get(String(frame.type))?.();
    if (!v) return `unknown server frame type ${String(frame.type)}`;
    return v(frame) ? undefined : formatErrors(v.errors);
  }

  /** Validates a client frame of a known type; `undefined` type means unknown. */
  checkClientFrame(frame: { type?: unknown }): { known: boolean; error?: string } {
    const v = this.clientFrames.get(String(frame.type))?.();
    if (!v) return { known: false };
    return v(frame) ? { known: true } : { known: true, error: formatErrors(v.errors) };
  }

  /** Validates a request body of an operation; returns per-field details on failure. */
  checkRequestBody(operationId: string, body: unknown): { path: string; message: string }[] {
    const v = this.requestBodies.get(operationId)?.();
    if (!v || v(body)) return [];
    return (v.errors ?? []).map((e) => ({
      path: `body${e.instancePath.replaceAll('/', '.')}${e.keyword === 'additionalProperties' ? `.${String((e.params as Json)['additionalProperty'])}` : ''}`,
      message: e.message ?? 'invalid',
    }));
  }

  /** Server frame types the AsyncAPI declares (for tests). */
  get serverFrameTypes(): string[] {
    return [...this.frames.keys()];
  }

  /** Client frame types the AsyncAPI declares. */
  get clientFrameTypes(): string[] {
    return [...this.clientFrames.keys()];
  }
}

/** Rewrites `#/…` refs of an inline schema so they point into the document at `base`. */
function rebase(schema: unknown, base: string): Json {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (n && typeof n === 'object') {
      const out: Json = {};
      for (const [k, v] of Object.entries(n as Json)) {
        if (k === '$ref' && typeof v === 'string') out[k] = new URL(v, base).href;
        else out[k] = walk(v);
      }
      return out;
    }
    return n;
  };
  return walk(schema) as Json;
}

const regexCache = new Map<string, RegExp>();
function templateRegex(template: string): RegExp {
  let re = regexCache.get(template);
  if (!re) {
    re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    regexCache.set(template, re);
  }
  return re;
}

let shared: ContractValidator | undefined;
/** Every mock in a process shares one validator (and its compiled schemas). */
export function contractValidator(): ContractValidator {
  shared ??= new ContractValidator();
  return shared;
}
