// Compiles JSON Schemas into straight-line TypeScript checks, one function per schema that is
// `$ref`'d or named (a `$ref` becomes a call, never a copy), the rest inline. Each keyword the
// specs use has one emitter below; any other keyword stops generation with its schema's
// location, so no keyword is ever ignored silently. Functions that can reach themselves (a
// recursive schema) count their nesting and give up as invalid beyond a fixed depth.
// Besides validators it builds classifiers of discriminated unions (valid / invalid / unknown
// tag) and lenient twins of validators that accept what a nested classifier calls unknown.
import { type Json, type JsonObject, isObject } from '../yaml-docs.js';
import {
  type ValuePath,
  FunctionBody,
  appendIndex,
  appendText,
  failExpression,
  identifierPart,
  isEmptyPath,
  pascalCase,
  pathExpression,
  propertySegment,
} from './function-body.js';
import { parseSimplePattern, regExpPatternFunction, simplePatternFunction } from './pattern-matchers.js';
import { FORMATS } from './formats.js';
import { HELPER_NEEDS, type OptionalHelper } from './runtime-source.js';
import {
  ASSERTION_KEYWORDS,
  JSON_TYPES,
  type Discriminated,
  acceptsEverything,
  commonShape,
  findDiscriminator,
  followAliases,
  isAnnotation,
  jsonType,
  mutuallyExclusive,
} from './schema-facts.js';
import { type SchemaLocation, type SpecDocuments, childLocation, locationKey } from './spec-documents.js';

/** One generated function. */
interface Definition {
  readonly location: SchemaLocation;
  readonly name: string;
  /** Set for the validators the module exports: their `value is …` type (or undefined: boolean). */
  exported: boolean;
  typeGuard: string | undefined;
  lines: string[] | undefined;
  readonly calls: Set<string>;
  /** A property this function leaves to its caller (a classifier checks it instead). */
  readonly omitProperty?: string;
  /** Accepts an unknown member of a classified union (what its classifier calls "unknown") wherever one is nested. */
  readonly lenient?: boolean;
}

/** A classifier (`classifyEventEnvelope`): tells valid, invalid and unknown-tag values apart. */
interface Classifier {
  readonly name: string;
  readonly lines: string[];
}

const ROOT: ValuePath = [];
const UNION_KEYWORDS = ['oneOf', 'anyOf'] as const;

export class SchemaCompiler {
  private readonly definitions = new Map<string, Definition>();
  private readonly names = new Set<string>();
  private readonly patterns = new Map<string, { readonly call: string; readonly source: string }>();
  private readonly classifiers: Classifier[] = [];
  /** Union location key → the name of its classifier. */
  private readonly classifierOfUnion = new Map<string, string>();
  private readonly reachesClassifiedCache = new Map<string, boolean>();
  readonly helpers = new Set<OptionalHelper>();

  /** Marks a shared helper (and the helpers it calls) as needed by the generated code. */
  private useHelper(helper: OptionalHelper): void {
    this.helpers.add(helper);
    HELPER_NEEDS[helper].forEach((needed) => this.useHelper(needed));
  }

  constructor(readonly documents: SpecDocuments) {}

  /**
   * Declares an exported validator `exportName` for the schema at `location`. When another
   * export already checks the same schema (an alias), returns that export's name instead.
   */
  declareExport(location: SchemaLocation, exportName: string, typeGuard: string | undefined): string {
    const target = followAliases(this.documents, location);
    const existing = this.definitions.get(locationKey(target));
    if (existing) {
      if (existing.exported) return existing.name;
      throw new Error(`internal: ${exportName} declared after ${existing.name} was generated for ${this.documents.display(target)}`);
    }
    if (this.names.has(exportName)) throw new Error(`two schemas would both be exported as ${exportName} (the second at ${this.documents.display(location)}); rename one`);
    this.names.add(exportName);
    const definition: Definition = { location: target, name: exportName, exported: true, typeGuard, lines: undefined, calls: new Set() };
    this.definitions.set(locationKey(target), definition);
    return exportName;
  }

  /** The exported validator of a location, if one was declared. */
  exportOf(location: SchemaLocation): string | undefined {
    const definition = this.definitions.get(locationKey(followAliases(this.documents, location)));
    return definition?.exported ? definition.name : undefined;
  }

  /** The function that checks the schema at `location`: an export, or a new internal function. */
  functionFor(location: SchemaLocation, nameHint?: string): string {
    const target = followAliases(this.documents, location);
    const key = locationKey(target);
    const existing = this.definitions.get(key);
    if (existing) return existing.name;
    const name = this.uniqueName(`check${nameHint ?? this.hintFor(target)}`);
    this.definitions.set(key, { location: target, name, exported: false, typeGuard: undefined, lines: undefined, calls: new Set() });
    return name;
  }

  // ---- classifiers and lenient twins ------------------------------------------------------------

  /**
   * Adds `classify<Name>` for a discriminated union at `unionLocation`; returns its name. A
   * member whose one required property is itself a classified union (an event frame's
   * envelope) is classified through it, so an unknown event name inside a known frame type
   * comes out "unknown" too.
   */
  declareClassifier(unionName: string, unionLocation: SchemaLocation, union: Discriminated): string {
    const name = this.uniqueName(`classify${unionName}`);
    this.classifierOfUnion.set(locationKey(followAliases(this.documents, unionLocation)), name);
    const shape = this.documents.addSynthetic(`${unionName} with an unknown ${union.property}`, commonShape(this.documents, union));
    const unknownMember = this.functionFor(shape, `${unionName}UnknownMember`);
    const lines = [
      `  if (!isObject(value)) return invalid("", "object");`,
      `  switch (value${propertyAccess(union.property)}) {`,
    ];
    const nestedNotes: string[] = [];
    for (const member of union.members) {
      const nested = this.nestedClassifier(member.location);
      if (nested) nestedNotes.push(`a ${JSON.stringify(member.tag)} whose \`${nested.property}\` is "unknown" to ${nested.classifier}`);
      lines.push(`    case ${JSON.stringify(member.tag)}:`);
      lines.push(nested
        ? `      return ${this.memberClassifier(member.location, nested.property, nested.classifier)}(value);`
        : `      return ${this.functionFor(member.location)}(value) ? "valid" : "invalid";`);
    }
    lines.push('    default:', `      return ${unknownMember}(value) ? "unknown" : "invalid";`, '  }', '}');
    const unknownMeans = [`a \`${union.property}\` this contract does not name, on a value with what every ${unionName} has`, ...nestedNotes].join('; or ');
    lines.unshift(
      `/** Classifies a value as ${unionName} by its \`${union.property}\`: "valid", "invalid", or "unknown" (${unknownMeans}). */`,
      `export function ${name}(value: unknown): Classification {`,
    );
    this.classifiers.push({ name, lines });
    return name;
  }

  /** The one required property of an object member that is a classified union, if there is exactly one. */
  private nestedClassifier(member: SchemaLocation): { property: string; classifier: string } | undefined {
    const schema = this.documents.node(member);
    if (!isObject(schema) || !isObject(schema.properties) || !Array.isArray(schema.required)) return undefined;
    const found: { property: string; classifier: string }[] = [];
    for (const property of schema.required) {
      if (typeof property !== 'string' || schema.properties[property] === undefined) continue;
      const target = followAliases(this.documents, childLocation(member, 'properties', property));
      const classifier = this.classifierOfUnion.get(locationKey(target));
      if (classifier) found.push({ property, classifier });
    }
    return found.length === 1 ? found[0] : undefined;
  }

  /** `classifyEventFrame`: every check of the member but `property`, then that property's classifier. */
  private memberClassifier(member: SchemaLocation, property: string, classifier: string): string {
    const base = (this.exportOf(member) ?? this.functionFor(member)).replace(/^(validate|check)/, '');
    const key = `${locationKey(followAliases(this.documents, member))} without ${property}`;
    let rest = this.definitions.get(key);
    if (!rest) {
      rest = { location: followAliases(this.documents, member), name: this.uniqueName(`check${base}Without${pascalCase(property)}`), exported: false, typeGuard: undefined, lines: undefined, calls: new Set(), omitProperty: property };
      this.definitions.set(key, rest);
    }
    const name = this.uniqueName(`classify${base}`);
    const path = propertySegment(property);
    this.classifiers.push({
      name,
      lines: [
        `/** ${base} with its \`${property}\` classified: "unknown" when only that names something this contract does not know. */`,
        `export function ${name}(value: unknown): Classification {`,
        `  if (!${rest.name}(value)) return "invalid";`,
        `  const verdict = ${classifier}((value as Readonly<Record<string, unknown>>)${propertyAccess(property)});`,
        `  if (verdict === "invalid") failWithin(${JSON.stringify(path)});`,
        '  return verdict;',
        '}',
      ],
    });
    return name;
  }

  /**
   * Exports `exportName`: the validator of `location`, except that wherever a classified union
   * is nested (an envelope in a page of events), a member its classifier calls "unknown" is
   * accepted. Returns undefined when nothing classified is nested there.
   */
  declareLenientExport(location: SchemaLocation, exportName: string): string | undefined {
    const target = followAliases(this.documents, location);
    if (this.classifierOfUnion.has(locationKey(target)) || !this.reachesClassified(target)) return undefined;
    if (this.names.has(exportName)) throw new Error(`two validators would both be exported as ${exportName}`);
    this.names.add(exportName);
    this.definitions.set(`${locationKey(target)} lenient`, { location: target, name: exportName, exported: true, typeGuard: undefined, lines: undefined, calls: new Set(), lenient: true });
    return exportName;
  }

  /** The function a definition calls for a schema: its lenient twin inside a lenient definition. */
  private calleeFor(owner: Definition, location: SchemaLocation): string {
    if (!owner.lenient) return this.functionFor(location);
    const target = followAliases(this.documents, location);
    const key = `${locationKey(target)} lenient`;
    const existing = this.definitions.get(key);
    if (existing) return existing.name;
    const classifier = this.classifierOfUnion.get(locationKey(target));
    if (!classifier && !this.reachesClassified(target)) return this.functionFor(target);
    const base = this.functionFor(target).replace(/^(validate|check)/, '');
    const name = this.uniqueName(classifier ? `accept${base}` : `check${base}AllowingUnknown`);
    // A classified union itself: whatever its classifier does not call invalid.
    const lines = classifier ? [`  return ${classifier}(value) !== "invalid";`] : undefined;
    this.definitions.set(key, { location: target, name, exported: false, typeGuard: undefined, lines, calls: new Set(), lenient: true });
    return name;
  }

  /** True when a classified union is nested somewhere in the schema at `location` (through $refs too). */
  private reachesClassified(location: SchemaLocation, seen = new Set<string>()): boolean {
    const key = locationKey(location);
    const cached = this.reachesClassifiedCache.get(key);
    if (cached !== undefined) return cached;
    if (this.classifierOfUnion.has(locationKey(followAliases(this.documents, location)))) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    const schema = this.documents.node(location);
    if (!isObject(schema)) return false;
    const children: SchemaLocation[] = [];
    if (typeof schema.$ref === 'string') children.push(this.documents.resolveRef(schema.$ref, location));
    for (const keyword of ['items', 'additionalProperties', 'propertyNames', 'not'] as const)
      if (isObject(schema[keyword])) children.push(childLocation(location, keyword));
    if (isObject(schema.properties)) for (const name of Object.keys(schema.properties)) children.push(childLocation(location, 'properties', name));
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const members = schema[keyword];
      if (Array.isArray(members)) members.forEach((_member, index) => children.push(childLocation(location, keyword, index)));
    }
    const found = children.some((child) => this.reachesClassified(child, seen));
    this.reachesClassifiedCache.set(key, found);
    return found;
  }

  // ---- compiling and laying out -----------------------------------------------------------------

  /** Compiles every declared function and every function they call. */
  compileAll(): void {
    for (let pending = this.pending(); pending.length; pending = this.pending()) {
      for (const definition of pending) definition.lines = this.compileDefinition(definition);
    }
  }

  /** The generated functions, regexes and classifiers, in a stable order (declaration order). */
  emit(): { patterns: string[]; functions: string[]; classifiers: string[] } {
    const recursive = this.recursiveFunctions();
    if (recursive.size) this.useHelper('nestingDepth');
    const functions: string[] = [];
    for (const definition of this.definitions.values()) functions.push(this.emitDefinition(definition, recursive.has(definition.name)));
    const patterns = [...this.patterns.values()].map((pattern) => pattern.source);
    return { patterns, functions, classifiers: this.classifiers.map((classifier) => classifier.lines.join('\n')) };
  }

  private pending(): Definition[] {
    return [...this.definitions.values()].filter((definition) => definition.lines === undefined);
  }

  private compileDefinition(definition: Definition): string[] {
    const body = new FunctionBody();
    this.emitSchema(body, definition, definition.location, 'value', ROOT, undefined, definition.omitProperty);
    body.line('return true;');
    return body.text();
  }

  private emitDefinition(definition: Definition, recursive: boolean): string {
    const schema = this.documents.node(definition.location);
    const title = isObject(schema) && typeof schema.title === 'string' ? ` (${schema.title})` : '';
    const lenience = definition.lenient && definition.exported
      ? ', accepting, wherever a classified union is nested, a member its classifier calls "unknown" (an event name this contract does not know yet)'
      : '';
    const comment = `/** ${this.documents.display(definition.location)}${title}${lenience} */`;
    const returns = definition.typeGuard ? `value is ${definition.typeGuard}` : 'boolean';
    const signature = `${definition.exported ? 'export ' : ''}function ${definition.name}(value: unknown): ${returns}`;
    const lines = definition.lines ?? [];
    if (!recursive) return [comment, `${signature} {`, ...lines, '}'].join('\n');
    const inner = `${definition.name}Nested`;
    return [
      comment,
      `${signature} {`,
      `  if (nestingDepth >= MAX_NESTING_DEPTH) return fail("", \`at most \${MAX_NESTING_DEPTH} nested levels\`);`,
      '  nestingDepth++;',
      `  const valid = ${inner}(value);`,
      '  nestingDepth--;',
      '  return valid;',
      '}',
      '',
      `function ${inner}(value: unknown): boolean {`,
      ...lines,
      '}',
    ].join('\n');
  }

  /** Names of functions that can call themselves again (through any chain of calls). */
  private recursiveFunctions(): Set<string> {
    const callsByName = new Map<string, Set<string>>();
    for (const definition of this.definitions.values()) callsByName.set(definition.name, definition.calls);
    const recursive = new Set<string>();
    for (const start of callsByName.keys()) {
      const seen = new Set<string>();
      const stack = [...(callsByName.get(start) ?? [])];
      while (stack.length) {
        const name = stack.pop() as string;
        if (name === start) {
          recursive.add(start);
          break;
        }
        if (seen.has(name)) continue;
        seen.add(name);
        stack.push(...(callsByName.get(name) ?? []));
      }
    }
    return recursive;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let counter = 2; this.names.has(name); counter++) name = `${base}${counter}`;
    this.names.add(name);
    return name;
  }

  /** `Session_activeTurnId_oneOf0` for a schema inside an exported one, else its pointer's tail. */
  private hintFor(location: SchemaLocation): string {
    let best: Definition | undefined;
    for (const definition of this.definitions.values()) {
      if (definition.location.url !== location.url || !location.pointer.startsWith(`${definition.location.pointer}/`)) continue;
      if (!best || definition.location.pointer.length > best.location.pointer.length) best = definition;
    }
    const rest = best ? location.pointer.slice(best.location.pointer.length) : location.pointer;
    const segments = rest.split('/').filter((segment) => segment !== '' && segment !== 'properties');
    const words = segments.map((segment, index) =>
      /^[0-9]+$/.test(segment) && index > 0 ? segment : identifierPart(segment.replaceAll('~1', '/').replaceAll('~0', '~')));
    const prefix = best ? best.name.replace(/^(validate|check)/, '') : '';
    const joined = [prefix, ...words].filter(Boolean).join('_').replace(/_([0-9]+)/g, '$1');
    return joined || 'Schema';
  }

  private unsupported(location: SchemaLocation, what: string): Error {
    return new Error(`validators: unsupported ${what} at ${this.documents.display(location)} (scripts/lib/validators/schema-compiler.ts implements the keywords the specs use; add it there)`);
  }

  // ---- the keywords ---------------------------------------------------------------------------

  /** Emits the checks of the schema at `location` for the local `value`; `known` is its JSON type if proven. */
  private emitSchema(body: FunctionBody, owner: Definition, location: SchemaLocation, value: string, path: ValuePath, known: string | undefined, omit?: string): void {
    const schema = this.documents.node(location);
    if (schema === true || acceptsEverything(schema)) return;
    if (schema === false) {
      body.fail(path, 'no value (the schema allows none)');
      return;
    }
    if (!isObject(schema)) throw this.unsupported(location, 'schema (neither an object nor a boolean)');
    for (const keyword of Object.keys(schema)) {
      if (!ASSERTION_KEYWORDS.has(keyword) && !isAnnotation(keyword)) throw this.unsupported(location, `JSON Schema keyword "${keyword}"`);
    }
    if (typeof schema.$ref === 'string') {
      const callee = this.calleeFor(owner, this.documents.resolveRef(schema.$ref, location));
      owner.calls.add(callee);
      body.require(`${callee}(${value})`, path);
    } else if (schema.$ref !== undefined) throw this.unsupported(location, '"$ref" that is not a string');
    const types = this.declaredTypes(schema, location);
    if (types && impliedByConstant(schema, types)) known = types.length === 1 ? types[0] : undefined;
    else if (types) {
      // A type the caller has already tested (a required property's first check) is not tested again.
      const proven = types.length === 1 && known === types[0];
      if (!proven) body.line(`if (!(${typeTests(types, value)})) return ${failExpression(path, types.join(' or '))};`);
      if (types.length === 1) known = types[0];
    }
    if (schema.const !== undefined) this.emitConst(body, schema.const, location, value, path);
    if (schema.enum !== undefined) this.emitEnum(body, schema.enum, location, value, path);
    this.emitNumberKeywords(body, schema, location, value, path, known);
    this.emitStringKeywords(body, schema, location, value, path, known);
    if (schema.format !== undefined) this.emitFormat(body, schema.format, location, value, path, known);
    this.emitArrayKeywords(body, owner, schema, location, value, path, known);
    this.emitObjectKeywords(body, owner, schema, location, value, path, known, omit);
    if (schema.allOf !== undefined) {
      if (!Array.isArray(schema.allOf)) throw this.unsupported(location, '"allOf" that is not an array');
      schema.allOf.forEach((_member, index) => this.emitSchema(body, owner, childLocation(location, 'allOf', index), value, path, known));
    }
    if (schema.not !== undefined) {
      const negated = childLocation(location, 'not');
      body.line(`if (${this.predicate(owner, negated, value)}) return ${failExpression(path, `not ${this.describe(negated)}`)};`);
    }
    for (const keyword of UNION_KEYWORDS) {
      if (schema[keyword] === undefined) continue;
      if (!Array.isArray(schema[keyword]) || schema[keyword].length === 0) throw this.unsupported(location, `"${keyword}" that is not a non-empty array`);
      const members = schema[keyword].map((_member, index) => childLocation(location, keyword, index));
      this.emitUnion(body, owner, keyword, members, value, path, known);
    }
  }

  /** `type` (a name or a list) with OpenAPI's `nullable: true`; undefined when absent. */
  private declaredTypes(schema: JsonObject, location: SchemaLocation): string[] | undefined {
    if (schema.nullable !== undefined && typeof schema.nullable !== 'boolean') throw this.unsupported(location, '"nullable" that is not a boolean');
    if (schema.type === undefined) {
      if (schema.nullable === true) throw this.unsupported(location, '"nullable" without "type"');
      return undefined;
    }
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    for (const type of types) {
      if (typeof type !== 'string' || !JSON_TYPES.has(type)) throw this.unsupported(location, `"type" ${JSON.stringify(type)}`);
    }
    const names = types as string[];
    return schema.nullable === true && !names.includes('null') ? [...names, 'null'] : names;
  }

  /** `failure`: the expression returned on a mismatch (default: fail with the constant). */
  private emitConst(body: FunctionBody, constant: Json, location: SchemaLocation, value: string, path: ValuePath, failure?: string): void {
    if (isObject(constant) || Array.isArray(constant)) throw this.unsupported(location, '"const" with an object or array value');
    body.line(`if (${value} !== ${JSON.stringify(constant)}) return ${failure ?? failExpression(path, JSON.stringify(constant))};`);
  }

  /** `failure`: the expression returned on a mismatch (default: fail with the list of values). */
  private emitEnum(body: FunctionBody, values: Json, location: SchemaLocation, value: string, path: ValuePath, failure?: string): void {
    if (!Array.isArray(values) || values.length === 0) throw this.unsupported(location, '"enum" that is not a non-empty array');
    if (values.some((entry) => isObject(entry) || Array.isArray(entry))) throw this.unsupported(location, '"enum" with object or array values');
    const mismatch = failure ?? failExpression(path, enumExpectation(values));
    if (values.length <= 4) {
      body.line(`if (${values.map((entry) => `${value} !== ${JSON.stringify(entry)}`).join(' && ')}) return ${mismatch};`);
      return;
    }
    body.open(`switch (${value}) {`);
    for (const entry of values) body.line(`case ${JSON.stringify(entry)}:`);
    body.line('  break;');
    body.line('default:');
    body.line(`  return ${mismatch};`);
    body.close();
  }

  private emitNumberKeywords(body: FunctionBody, schema: JsonObject, location: SchemaLocation, value: string, path: ValuePath, known: string | undefined): void {
    const bounds: [keyword: string, failsWhen: string, wants: string][] = [
      ['minimum', '<', '>='],
      ['maximum', '>', '<='],
      ['exclusiveMinimum', '<=', '>'],
      ['exclusiveMaximum', '>=', '<'],
    ];
    const present = bounds.filter(([keyword]) => schema[keyword] !== undefined);
    const { multipleOf } = schema;
    if (!present.length && multipleOf === undefined) return;
    const guarded = known !== 'number' && known !== 'integer';
    if (guarded) body.open(`if (typeof ${value} === "number") {`);
    for (const [keyword, failsWhen, wants] of present) {
      const limit = schema[keyword];
      if (typeof limit !== 'number' || !Number.isFinite(limit)) throw this.unsupported(location, `"${keyword}" that is not a number`);
      body.line(`if (${value} ${failsWhen} ${String(limit)}) return ${failExpression(path, `${known ?? 'number'} ${wants} ${String(limit)}`)};`);
    }
    if (multipleOf !== undefined) {
      if (typeof multipleOf !== 'number' || !(multipleOf > 0) || !Number.isFinite(multipleOf)) throw this.unsupported(location, '"multipleOf" that is not a positive number');
      // As ajv decides it: the quotient must survive parseInt unchanged.
      body.line(`if (${value} / ${String(multipleOf)} !== Number.parseInt(String(${value} / ${String(multipleOf)}))) return ${failExpression(path, `a multiple of ${String(multipleOf)}`)};`);
    }
    if (guarded) body.close();
  }

  private emitStringKeywords(body: FunctionBody, schema: JsonObject, location: SchemaLocation, value: string, path: ValuePath, known: string | undefined): void {
    const { minLength, maxLength, pattern } = schema;
    if (minLength === undefined && maxLength === undefined && pattern === undefined) return;
    const guarded = known !== 'string';
    if (guarded) body.open(`if (typeof ${value} === "string") {`);
    if (minLength !== undefined) {
      const limit = this.nonNegativeInteger(minLength, 'minLength', location);
      const expected = `string of at least ${limit} character${limit === 1 ? '' : 's'}`;
      if (limit === 1) body.line(`if (${value}.length === 0) return ${failExpression(path, expected)};`);
      else if (limit > 1) {
        this.useHelper('stringLength');
        // Code points ≥ half the UTF-16 length: count them only when that could fall short.
        body.line(`if (${value}.length < ${limit} || (${value}.length < ${limit * 2} && stringLength(${value}) < ${limit})) return ${failExpression(path, expected)};`);
      }
    }
    if (maxLength !== undefined) {
      const limit = this.nonNegativeInteger(maxLength, 'maxLength', location);
      this.useHelper('stringLength');
      // Code points ≤ the UTF-16 length: count them only when that is over the limit.
      body.line(`if (${value}.length > ${limit} && stringLength(${value}) > ${limit}) return ${failExpression(path, `string of at most ${limit} characters`)};`);
    }
    if (pattern !== undefined) {
      if (typeof pattern !== 'string') throw this.unsupported(location, '"pattern" that is not a string');
      body.line(`if (!${this.patternTest(pattern, location, value)}) return ${failExpression(path, `string matching /${pattern}/`)};`);
    }
    if (guarded) body.close();
  }

  private emitFormat(body: FunctionBody, format: Json, location: SchemaLocation, value: string, path: ValuePath, known: string | undefined): void {
    const check = typeof format === 'string' && Object.hasOwn(FORMATS, format) ? FORMATS[format] : undefined;
    if (!check) throw this.unsupported(location, `"format" ${JSON.stringify(format)}`);
    if (!check.test) return;
    check.helpers.forEach((helper) => this.useHelper(helper));
    const applies = check.appliesTo === 'string' ? known === 'string' : known === 'number' || known === 'integer';
    const guard = check.appliesTo === 'string' ? `typeof ${value} === "string"` : `typeof ${value} === "number"`;
    if (!applies) body.open(`if (${guard}) {`);
    body.line(`if (!(${check.test(value)})) return ${failExpression(path, check.expected)};`);
    if (!applies) body.close();
  }

  private emitArrayKeywords(body: FunctionBody, owner: Definition, schema: JsonObject, location: SchemaLocation, value: string, path: ValuePath, known: string | undefined): void {
    const { items, minItems, maxItems } = schema;
    if (items === undefined && minItems === undefined && maxItems === undefined) return;
    if (Array.isArray(items)) throw this.unsupported(location, '"items" as an array (draft-04 tuples; 2020-12 uses prefixItems)');
    const guarded = known !== 'array';
    if (guarded) body.open(`if (Array.isArray(${value})) {`);
    if (minItems !== undefined) {
      const limit = this.nonNegativeInteger(minItems, 'minItems', location);
      body.line(`if (${value}.length < ${limit}) return ${failExpression(path, `array of at least ${limit} items`)};`);
    }
    if (maxItems !== undefined) {
      const limit = this.nonNegativeInteger(maxItems, 'maxItems', location);
      body.line(`if (${value}.length > ${limit}) return ${failExpression(path, `array of at most ${limit} items`)};`);
    }
    if (items !== undefined && !acceptsEverything(items)) {
      const index = body.index();
      const item = body.local('item');
      body.open(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`);
      body.line(`const ${item}: unknown = ${value}[${index}];`);
      this.emitSchema(body, owner, childLocation(location, 'items'), item, appendIndex(path, index), undefined);
      body.close();
    }
    if (guarded) body.close();
  }

  private emitObjectKeywords(body: FunctionBody, owner: Definition, schema: JsonObject, location: SchemaLocation, value: string, path: ValuePath, known: string | undefined, omit?: string): void {
    const { properties, required, additionalProperties, propertyNames, minProperties, maxProperties } = schema;
    if (properties === undefined && required === undefined && additionalProperties === undefined && propertyNames === undefined &&
      minProperties === undefined && maxProperties === undefined) return;
    if (properties !== undefined && !isObject(properties)) throw this.unsupported(location, '"properties" that is not an object');
    if (required !== undefined && (!Array.isArray(required) || required.some((name) => typeof name !== 'string')))
      throw this.unsupported(location, '"required" that is not an array of strings');
    const declared = Object.keys(properties ?? {});
    const requiredNames = new Set((required ?? []) as string[]);
    const guarded = known !== 'object';
    if (guarded) body.open(`if (isObject(${value})) {`);
    for (const [keyword, failsWhen, wants] of [['minProperties', '<', 'at least'], ['maxProperties', '>', 'at most']] as const) {
      if (schema[keyword] === undefined) continue;
      const limit = this.nonNegativeInteger(schema[keyword], keyword, location);
      this.useHelper('propertyCount');
      body.line(`if (propertyCount(${value}) ${failsWhen} ${limit}) return ${failExpression(path, `object with ${wants} ${limit} properties`)};`);
    }
    for (const name of [...declared, ...[...requiredNames].filter((name) => !declared.includes(name))]) {
      const propertyLocation = childLocation(location, 'properties', name);
      // An omitted property is only required here; the caller checks its value.
      const propertySchema = declared.includes(name) && name !== omit ? this.documents.node(propertyLocation) : true;
      const propertyPath = appendText(path, propertySegment(name));
      const isRequired = requiredNames.has(name);
      if (acceptsEverything(propertySchema)) {
        const expected = name === omit ? `${this.describe(propertyLocation)} (missing)` : 'a value (missing)';
        if (isRequired) body.line(`if (${value}${propertyAccess(name)} === undefined) return ${failExpression(propertyPath, expected)};`);
        continue;
      }
      const local = body.local(name);
      body.line(`const ${local} = ${value}${propertyAccess(name)};`);
      if (isRequired) this.emitRequired(body, owner, propertyLocation, local, propertyPath);
      else {
        body.open(`if (${local} !== undefined) {`);
        this.emitSchema(body, owner, propertyLocation, local, propertyPath, undefined);
        body.close();
      }
    }
    const closed = additionalProperties === false;
    const extraSchema = additionalProperties !== undefined && !closed && !acceptsEverything(additionalProperties);
    const namesChecked = propertyNames !== undefined && !acceptsEverything(propertyNames);
    if (additionalProperties !== undefined && typeof additionalProperties !== 'boolean' && !isObject(additionalProperties))
      throw this.unsupported(location, '"additionalProperties" that is not a schema');
    if (closed || extraSchema || namesChecked) {
      body.open(`for (const key in ${value}) {`);
      if (namesChecked) {
        const namesLocation = childLocation(location, 'propertyNames');
        body.line(`if (!(${this.predicate(owner, namesLocation, 'key')})) return ${failExpression(path, `property names: ${this.describe(namesLocation)}`)};`);
      }
      if (closed || extraSchema) {
        if (declared.length) body.line(`if (${declared.map((name) => `key === ${JSON.stringify(name)}`).join(' || ')}) continue;`);
        if (closed) body.fail(path, declared.length ? `no properties other than ${declared.map((name) => JSON.stringify(name)).join(', ')}` : 'no properties');
        else {
          const extra = body.local('extra');
          body.line(`const ${extra} = ${value}[key];`);
          this.emitSchema(body, owner, childLocation(location, 'additionalProperties'), extra, appendText(path, '[*]'), undefined);
        }
      }
      body.close();
    }
    if (guarded) body.close();
  }

  /**
   * A required property's checks. When its schema's first check rejects `undefined` anyway (a
   * declared type, or a `$ref` to a schema with one), that check also reports it missing: one
   * test instead of two, and the same failure.
   */
  private emitRequired(body: FunctionBody, owner: Definition, location: SchemaLocation, value: string, path: ValuePath): void {
    const schema = this.documents.node(location);
    const expected = this.describe(location);
    const where = pathExpression(path);
    if (isObject(schema) && typeof schema.$ref === 'string' && Object.keys(schema).every((key) => key === '$ref' || isAnnotation(key))) {
      const target = this.documents.resolveRef(schema.$ref, location);
      const targetSchema = this.documents.node(followAliases(this.documents, target));
      if (isObject(targetSchema) && targetSchema.type !== undefined) {
        const callee = this.calleeFor(owner, target);
        owner.calls.add(callee);
        body.line(`if (!${callee}(${value})) return failWithinOrMissing(${where}, ${JSON.stringify(expected)}, ${value});`);
        return;
      }
    }
    const types = isObject(schema) && schema.$ref === undefined ? this.declaredTypes(schema, location) : undefined;
    // A `const` or an `enum` (with at most the type it implies) is the whole schema: its test rejects undefined too.
    if (isObject(schema) && isOnlyConstants(schema, types)) {
      const { const: constant, enum: values } = schema;
      const wanted = constant !== undefined ? JSON.stringify(constant) : Array.isArray(values) ? enumExpectation(values) : undefined;
      if (wanted === expected) {
        const failure = `failMissingOr(${where}, ${JSON.stringify(expected)}, ${value})`;
        if (constant !== undefined) this.emitConst(body, constant, location, value, path, failure);
        else if (values !== undefined) this.emitEnum(body, values, location, value, path, failure);
        return;
      }
    }
    if (isObject(schema) && types?.length === 1 && !impliedByConstant(schema, types) && types[0] === expected) {
      body.line(`if (!(${typeTests(types, value)})) return failMissingOr(${where}, ${JSON.stringify(expected)}, ${value});`);
      this.emitSchema(body, owner, location, value, path, expected);
      return;
    }
    body.line(`if (${value} === undefined) return ${failExpression(path, `${expected} (missing)`)};`);
    this.emitSchema(body, owner, location, value, path, undefined);
  }

  private emitUnion(body: FunctionBody, owner: Definition, keyword: 'oneOf' | 'anyOf', members: SchemaLocation[], value: string, path: ValuePath, known: string | undefined): void {
    const discriminated = findDiscriminator(this.documents, members);
    const expected = members.map((member) => this.describe(member)).join(' or ');
    if (discriminated) {
      // Distinct required constants: at most one member can match, so oneOf and anyOf agree.
      if (known !== 'object') body.line(`if (!isObject(${value})) return ${failExpression(path, 'object')};`);
      body.open(`switch (${value}${propertyAccess(discriminated.property)}) {`);
      for (const member of discriminated.members) {
        const callee = this.calleeFor(owner, member.location);
        owner.calls.add(callee);
        body.line(`case ${JSON.stringify(member.tag)}:`);
        body.line(`  ${requireLine(`${callee}(${value})`, path)}`);
        body.line('  break;');
      }
      body.line('default:');
      const tags = discriminated.members.map((member) => JSON.stringify(member.tag)).join(', ');
      body.line(`  return ${failExpression(appendText(path, propertySegment(discriminated.property)), `one of ${tags}`)};`);
      body.close();
      return;
    }
    const tests = members.map((member) => this.predicate(owner, member, value));
    if (keyword === 'anyOf' || mutuallyExclusive(this.documents, members)) {
      body.line(`if (!(${tests.join(' || ')})) return ${failExpression(path, expected)};`);
      return;
    }
    const matches = body.local('matches');
    body.line(`let ${matches} = 0;`);
    for (const test of tests) body.line(`if (${test}) ${matches}++;`);
    body.line(`if (${matches} !== 1) return ${failExpression(path, `exactly one of ${expected}`)};`);
  }

  /** A boolean expression testing `value` against a schema: a type test when that is all it says, else a call. */
  private predicate(owner: Definition, location: SchemaLocation, value: string): string {
    const target = followAliases(this.documents, location);
    const schema = this.documents.node(target);
    if (isObject(schema) && Object.keys(schema).every((key) => key === 'type' || isAnnotation(key))) {
      const types = this.declaredTypes(schema, target);
      if (types) return typeTests(types, value);
    }
    if (acceptsEverything(schema)) return 'true';
    const callee = this.calleeFor(owner, target);
    owner.calls.add(callee);
    return `${callee}(${value})`;
  }

  /** A short name for what a schema wants, for `expected` (schema text only, never input). */
  private describe(location: SchemaLocation): string {
    const schema = this.documents.node(followAliases(this.documents, location));
    if (schema === true || acceptsEverything(schema)) return 'a value';
    if (!isObject(schema)) return 'nothing';
    if (typeof schema.title === 'string') return schema.title;
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) return enumExpectation(schema.enum);
    const types = this.declaredTypes(schema, location);
    if (types) return types.join(' or ');
    for (const keyword of UNION_KEYWORDS) {
      const members = schema[keyword];
      if (Array.isArray(members)) return members.map((_member, index) => this.describe(childLocation(location, keyword, index))).join(' or ');
    }
    return 'a value matching its schema';
  }

  /** `matchesPattern1(value)`: a character loop for an id-like pattern, else a RegExp test (pattern-matchers.ts). */
  private patternTest(pattern: string, location: SchemaLocation, value: string): string {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      throw this.unsupported(location, `"pattern" (${error instanceof Error ? error.message : String(error)})`);
    }
    let known = this.patterns.get(pattern);
    if (!known) {
      const number = this.patterns.size + 1;
      const simple = parseSimplePattern(pattern);
      const call = `matchesPattern${number}`;
      known = { call, source: simple ? simplePatternFunction(call, pattern, simple) : regExpPatternFunction(call, `PATTERN_${number}`, pattern) };
      this.patterns.set(pattern, known);
    }
    return `${known.call}(${value})`;
  }

  private nonNegativeInteger(limit: Json, keyword: string, location: SchemaLocation): number {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw this.unsupported(location, `"${keyword}" that is not a non-negative integer`);
    return limit;
  }
}

/** True for a schema that is one `const` or one `enum` array, with at most the type its values imply. */
function isOnlyConstants(schema: JsonObject, types: readonly string[] | undefined): boolean {
  if ((schema.const === undefined) === (schema.enum === undefined) || (schema.enum !== undefined && !Array.isArray(schema.enum))) return false;
  if (types && !impliedByConstant(schema, types)) return false;
  return Object.keys(schema).every((key) => key === 'const' || key === 'enum' || key === 'type' || isAnnotation(key));
}

/** What an `enum` wants: `one of "chat", "do"`. */
function enumExpectation(values: readonly Json[]): string {
  return `one of ${values.map((entry) => JSON.stringify(entry)).join(', ')}`;
}

/** True when `const`/`enum` alone proves the declared type (`type: string, const: "ok"`): the type test can go. */
function impliedByConstant(schema: JsonObject, types: readonly string[]): boolean {
  const constants = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (!constants) return false;
  return constants.every((constant) => types.includes(jsonType(constant)) || (jsonType(constant) === 'integer' && types.includes('number')));
}

/** One test per type, joined by `||` (each in parentheses when there are several). */
function typeTests(types: readonly string[], value: string): string {
  if (types.length === 1) return typeTest(types[0] as string, value);
  return types.map((type) => `(${typeTest(type, value)})`).join(' || ');
}

function typeTest(type: string, value: string): string {
  switch (type) {
    case 'null':
      return `${value} === null`;
    case 'boolean':
      return `typeof ${value} === "boolean"`;
    case 'string':
      return `typeof ${value} === "string"`;
    case 'number':
      return `typeof ${value} === "number" && Number.isFinite(${value})`;
    case 'integer':
      return `typeof ${value} === "number" && Number.isInteger(${value})`;
    case 'array':
      return `Array.isArray(${value})`;
    default:
      return `isObject(${value})`;
  }
}

function propertyAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function requireLine(call: string, path: ValuePath): string {
  return `if (!${call}) return ${isEmptyPath(path) ? 'false' : `failWithin(${pathExpression(path)})`};`;
}
