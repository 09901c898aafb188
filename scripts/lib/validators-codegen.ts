// generated/validators.ts from the specs: one exported validator per named schema (events.yaml,
// AsyncAPI and OpenAPI components), one per frame direction with a `classify…` that tells
// unknown frame types and event names apart from invalid ones, and per-operation maps of REST
// body validators. The generated module imports types only (no node:*, no ajv) and exports
// one function per schema, so a bundle keeps only what it calls.
//
// Where things are, in scripts/lib/validators/: spec-documents.ts (loading, $ref resolution),
// contract-index.ts (what to validate), schema-compiler.ts (keywords → code, classifiers),
// schema-facts.ts (keyword lists, types, discriminators), formats.ts, pattern-matchers.ts,
// function-body.ts (one function's text), runtime-source.ts (the shared helpers).
import {
  type FrameDirection,
  type NamedSchema,
  type OperationBodies,
  frameDirections,
  namedSchemas,
  operationBodies,
} from './validators/contract-index.js';
import { pascalCase } from './validators/function-body.js';
import { CORE_HELPERS, HELPER_ORDER, OPTIONAL_HELPERS } from './validators/runtime-source.js';
import { SchemaCompiler } from './validators/schema-compiler.js';
import { findDiscriminator, resolvedSchema } from './validators/schema-facts.js';
import { type LoadedSpecs, type SchemaLocation, type SpecDocuments, childLocation, loadSpecs, locationKey } from './validators/spec-documents.js';
import { isObject } from './yaml-docs.js';

export const VALIDATORS_SOURCES = ['specs/daemon-v3.openapi.yaml', 'specs/daemon-v3.asyncapi.yaml', 'specs/schemas/events.yaml'];

export interface ValidatorsOptions {
  readonly specDir: string;
  /** Type names exported by the generated generated/events.ts (for `value is …` guards). */
  readonly eventTypes: ReadonlySet<string>;
  /** Type names exported by the generated generated/stream-protocol.ts. */
  readonly streamTypes: ReadonlySet<string>;
}

/** The exported validator of a named schema: `validateSession`, `validateTurnTokenEvent`. */
export function validatorName(schemaName: string): string {
  return `validate${pascalCase(schemaName)}`;
}

/** The names `export interface X` / `export type X` declares in a generated TypeScript file. */
export function exportedTypeNames(source: string): Set<string> {
  return new Set([...source.matchAll(/^export (?:interface|type) ([A-Za-z_$][\w$]*)/gm)].map((match) => match[1] as string));
}

export async function generateValidatorsSource(options: ValidatorsOptions): Promise<string> {
  const specs = await loadSpecs(options.specDir);
  const compiler = new SchemaCompiler(specs.documents);
  const types = new TypeImports(options);

  const aliases = declareNamedSchemas(specs, compiler, types);
  // Named unions first: a frame's classifier classifies its envelope through theirs.
  declareNamedClassifiers(specs, compiler);
  const frameMaps = declareFrames(specs, compiler, types);
  declareLenientValidators(specs, compiler);
  const operations = operationBodies(specs);
  const restMaps = declareRestBodies(operations, compiler, types);

  const header = [
    `// generated — do not edit. Source: ${VALIDATORS_SOURCES.join(', ')} (npm run generate: scripts/generate.ts + scripts/lib/validators-codegen.ts).`,
    '// Validators of the contract: `validateX(value)` returns true or false; after false,',
    '// `lastValidationError()` names the first failure ({ path, expected }, never the value).',
  ].join('\n');
  return assembleModule(compiler, [header, types.importLines().join('\n')], [...aliases, ...frameMaps, ...restMaps]);
}

/**
 * A module exporting one validator per schema location, with the same compiler and helpers as
 * generated/validators.ts (tests use it for schemas the contract has no named validator for).
 */
export function standaloneValidatorsSource(documents: SpecDocuments, entries: readonly { readonly location: SchemaLocation; readonly name: string }[]): string {
  const compiler = new SchemaCompiler(documents);
  const names = entries.map((entry) => compiler.exportOf(entry.location) ?? compiler.declareExport(entry.location, entry.name, undefined));
  const aliases = entries.flatMap((entry, index) => (names[index] === entry.name ? [] : [`export const ${entry.name} = ${names[index] ?? ''};`]));
  return assembleModule(compiler, ['// Validators compiled by scripts/lib/validators-codegen.ts.'], aliases);
}

/** Compiles everything declared and lays the module out: header, helpers, regexes, functions, the rest. */
function assembleModule(compiler: SchemaCompiler, header: readonly string[], rest: readonly string[]): string {
  compiler.compileAll();
  const { patterns, functions, classifiers } = compiler.emit();
  const helpers = HELPER_ORDER.filter((helper) => compiler.helpers.has(helper)).map((helper) => OPTIONAL_HELPERS[helper].trimEnd());
  const sections = [...header, CORE_HELPERS.trimEnd(), ...helpers, ...patterns, ...functions, ...classifiers, ...rest];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

/** Collects the `import type` lines the guards need. */
class TypeImports {
  private readonly byModule = new Map<string, Set<string>>();

  constructor(private readonly options: ValidatorsOptions) {}

  /** The guard type of a named schema, or undefined when no generated type has its name. */
  forNamed(schema: NamedSchema): string | undefined {
    if (schema.source === 'openapi') return this.openapi(`components["schemas"][${JSON.stringify(schema.name)}]`, 'components');
    const order = schema.source === 'events' ? (['events', 'stream'] as const) : (['stream', 'events'] as const);
    for (const module of order) {
      if (this.names(module).has(schema.typeName)) return this.use(module, schema.typeName);
    }
    return undefined;
  }

  forStream(name: string): string | undefined {
    return this.options.streamTypes.has(name) ? this.use('stream', name) : undefined;
  }

  /** The type openapi-typescript gives a parameter: `NonNullable<NonNullable<operations["x"]["parameters"]["query"]>["limit"]>`. */
  forParameter(operationId: string, location: string, name: string): string {
    const parameters = `operations[${JSON.stringify(operationId)}]["parameters"]`;
    return this.openapi(`NonNullable<NonNullable<${parameters}[${JSON.stringify(location)}]>[${JSON.stringify(name)}]>`, 'operations');
  }

  /** The type openapi-typescript gives an inline body: `operations["getX"]["responses"][200]["content"]["application/json"]`. */
  forOperationBody(operationId: string, status: string | undefined, mediaType: string): string {
    const key = (text: string) => (/^[0-9]+$/.test(text) ? text : JSON.stringify(text));
    const root = `operations[${JSON.stringify(operationId)}]`;
    const body = status === undefined ? `NonNullable<${root}["requestBody"]>` : `${root}["responses"][${key(status)}]`;
    return this.openapi(`${body}["content"][${JSON.stringify(mediaType)}]`, 'operations');
  }

  importLines(): string[] {
    const modules: [string, string][] = [['openapi', './openapi.js'], ['events', './events.js'], ['stream', './stream-protocol.js']];
    return modules.flatMap(([module, path]) => {
      const names = this.byModule.get(module);
      return names?.size ? [`import type { ${[...names].sort().join(', ')} } from '${path}';`] : [];
    });
  }

  private openapi(type: string, name: string): string {
    this.use('openapi', name);
    return type;
  }

  private names(module: 'events' | 'stream'): ReadonlySet<string> {
    return module === 'events' ? this.options.eventTypes : this.options.streamTypes;
  }

  private use(module: string, name: string): string {
    const names = this.byModule.get(module) ?? new Set<string>();
    names.add(name);
    this.byModule.set(module, names);
    return name;
  }
}

/** Declares `validate<Name>` for every named schema; returns alias exports for schemas that only `$ref` another under a new name. */
function declareNamedSchemas(specs: LoadedSpecs, compiler: SchemaCompiler, types: TypeImports): string[] {
  const aliases: string[] = [];
  for (const schema of namedSchemas(specs)) {
    const wanted = validatorName(schema.name);
    const existing = compiler.exportOf(schema.location);
    if (existing === undefined) {
      compiler.declareExport(schema.location, wanted, types.forNamed(schema));
      continue;
    }
    if (existing !== wanted) {
      const guard = types.forNamed(schema);
      aliases.push(`/** ${specs.documents.display(schema.location)}: the same schema as ${existing}. */\nexport const ${wanted}: ${guard ? `Validator<${guard}>` : '(value: unknown) => boolean'} = ${existing};`);
    }
  }
  return aliases;
}

/** `validateServerFrame`/`classifyServerFrame`, the client's, and maps from frame type to validator. */
function declareFrames(specs: LoadedSpecs, compiler: SchemaCompiler, types: TypeImports): string[] {
  const maps: string[] = [];
  for (const direction of frameDirections(specs)) {
    const union = frameUnion(specs, direction);
    const discriminated = findDiscriminator(specs.documents, direction.messages.map((_message, index) => childLocation(union, 'oneOf', index)));
    if (!discriminated)
      throw new Error(`validators: the ${direction.unionName} messages are not told apart by one required string constant (such as "type"); the stream cannot dispatch them`);
    const payloadNames = direction.messages.map((message) =>
      compiler.exportOf(message.payload) ?? compiler.declareExport(message.payload, `validate${pascalCase(message.key)}Message`, undefined));
    compiler.declareExport(union, `validate${direction.unionName}`, types.forStream(direction.unionName));
    compiler.declareClassifier(direction.unionName, union, discriminated);
    const entries = discriminated.members.map((member, index) => `  ${JSON.stringify(member.tag)}: ${payloadNames[index] ?? ''},`);
    const mapName = `${direction.unionName.charAt(0).toLowerCase()}${direction.unionName.slice(1)}Validators`;
    maps.push(`/** The validator of each ${direction.unionName === 'ServerFrame' ? 'frame the daemon sends' : 'frame a client sends'}, by its \`${discriminated.property}\`. */\nexport const ${mapName} = {\n${entries.join('\n')}\n} as const;`);
  }
  return maps;
}

/** A composed schema: `oneOf` of the direction's message payloads. */
function frameUnion(specs: LoadedSpecs, direction: FrameDirection): SchemaLocation {
  return specs.documents.addSynthetic(`${direction.unionName} (the AsyncAPI operations' messages)`, {
    title: direction.unionName,
    oneOf: direction.messages.map((message) => ({ $ref: specs.documents.absoluteRef(message.payload) })),
  });
}

/** `validate<Name>AllowingUnknown` for each named schema with a classified union inside (EventPage). */
function declareLenientValidators(specs: LoadedSpecs, compiler: SchemaCompiler): void {
  for (const schema of namedSchemas(specs)) {
    const name = compiler.exportOf(schema.location);
    if (name === validatorName(schema.name)) compiler.declareLenientExport(schema.location, `${name}AllowingUnknown`);
  }
}

/** `classify<Name>` for each named schema that is a union told apart by a constant (EventEnvelope). */
function declareNamedClassifiers(specs: LoadedSpecs, compiler: SchemaCompiler): string[] {
  const done = new Set<string>();
  const names: string[] = [];
  for (const schema of namedSchemas(specs)) {
    const { location, schema: node } = resolvedSchema(specs.documents, schema.location);
    if (done.has(locationKey(location)) || !isObject(node)) continue;
    done.add(locationKey(location));
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const members = node[keyword];
      if (!Array.isArray(members)) continue;
      const discriminated = findDiscriminator(specs.documents, members.map((_member, index) => childLocation(location, keyword, index)));
      if (discriminated) names.push(compiler.declareClassifier(pascalCase(schema.name), location, discriminated));
    }
  }
  return names;
}

/** `responseValidators[operationId][status]`, `requestBodyValidators[operationId]` and `parameterValidators[operationId][in][name]`. */
function declareRestBodies(operations: readonly OperationBodies[], compiler: SchemaCompiler, types: TypeImports): string[] {
  const validatorOf = (location: SchemaLocation, exportName: string, guard: () => string): string =>
    compiler.exportOf(location) ?? compiler.declareExport(location, exportName, guard());
  const responseEntries = operations.map((operation) => {
    const statuses = operation.responses.map((response) => {
      const key = /^[0-9]+$/.test(response.status) ? response.status : JSON.stringify(response.status);
      const name = validatorOf(response.schema, `validate${pascalCase(operation.operationId)}Response${pascalCase(response.status)}`, () =>
        types.forOperationBody(operation.operationId, response.status, response.mediaType));
      return `${key}: ${name}`;
    });
    return `  ${operation.operationId}: { ${statuses.join(', ')} },`;
  });
  const requestEntries = operations.flatMap((operation) => {
    const body = operation.requestBody;
    if (!body) return [];
    const name = validatorOf(body.schema, `validate${pascalCase(operation.operationId)}RequestBody`, () =>
      types.forOperationBody(operation.operationId, undefined, body.mediaType));
    return [`  ${operation.operationId}: ${name},`];
  });
  const parameterEntries = operations.flatMap((operation) => {
    const byLocation = new Map<string, string[]>();
    for (const parameter of operation.parameters) {
      const name = validatorOf(parameter.schema, `validate${pascalCase(operation.operationId)}${pascalCase(parameter.in)}${pascalCase(parameter.name)}`, () =>
        types.forParameter(operation.operationId, parameter.in, parameter.name));
      const entries = byLocation.get(parameter.in) ?? [];
      entries.push(`${/^[A-Za-z_$][\w$]*$/.test(parameter.name) ? parameter.name : JSON.stringify(parameter.name)}: ${name}`);
      byLocation.set(parameter.in, entries);
    }
    if (!byLocation.size) return [];
    return [`  ${operation.operationId}: { ${[...byLocation].map(([where, entries]) => `${where}: { ${entries.join(', ')} }`).join(', ')} },`];
  });
  return [
    `/** The validator of each operation's parameters by where they go (path, query, header) and name: checks the typed value before it is written into the request. */\nexport const parameterValidators = {\n${parameterEntries.join('\n')}\n} as const;`,
    `/** The body validator of each operation's responses, by status code (JSON bodies only). */\nexport const responseValidators = {\n${responseEntries.join('\n')}\n} as const;`,
    `/** The body validator of each operation's JSON request body. */\nexport const requestBodyValidators = {\n${requestEntries.join('\n')}\n} as const;`,
  ];
}
