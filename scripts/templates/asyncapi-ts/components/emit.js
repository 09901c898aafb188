// JSON Schema (as resolved by @asyncapi/parser) -> TypeScript declarations.
// Schemas with a `title` become named declarations; everything else is inlined. The subset
// handled is what the daemon contracts use; anything else throws so the contract cannot
// silently produce a wrong type.

const HEADER_LINE = '// generated — do not edit.';

export function header(source) {
  return `${HEADER_LINE} Source: ${source} (npm run generate: scripts/generate.ts + scripts/templates/asyncapi-ts).\n`;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propKey = (k) => (IDENT.test(k) ? k : JSON.stringify(k));

function doc(schema, indent) {
  const text = schema.description;
  if (!text) return '';
  const lines = String(text).trim().split('\n');
  return `${indent}/** ${lines.join(`\n${indent} * `)} */\n`;
}

export class Emitter {
  constructor() {
    /** title -> declaration text, in first-reached order */
    this.declarations = new Map();
    /** titles declared elsewhere (another generated file) that may be referenced */
    this.external = new Set();
  }

  /** The type of `schema`, declaring titled schemas on the way. */
  type(schema, isRoot = false) {
    if (schema === true || schema === undefined || (typeof schema === 'object' && Object.keys(schema).filter((k) => !k.startsWith('x-')).length === 0)) {
      return 'unknown';
    }
    if (!isRoot && schema.title) {
      this.declare(schema);
      return schema.title;
    }
    if ('const' in schema) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
      return (schema.oneOf ?? schema.anyOf).map((s) => this.type(s)).join(' | ');
    }
    if (Array.isArray(schema.type)) {
      return schema.type.map((t) => this.type({ ...schema, type: t, title: undefined })).join(' | ');
    }
    switch (schema.type) {
      case 'string': return 'string';
      case 'integer':
      case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'null': return 'null';
      case 'array': return `readonly (${this.type(schema.items)})[]`;
      case 'object': return this.objectType(schema, '');
      default:
        if (schema.description && Object.keys(schema).every((k) => k === 'description' || k === 'title' || k.startsWith('x-'))) return 'unknown';
        throw new Error(`emit: unsupported schema ${JSON.stringify(schema).slice(0, 200)}`);
    }
  }

  objectType(schema, indent) {
    const inner = `${indent}  `;
    const required = new Set(schema.required ?? []);
    const lines = [];
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      lines.push(`${doc(prop, inner)}${inner}readonly ${propKey(key)}${required.has(key) ? '' : '?'}: ${this.type(prop)};`);
    }
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object') {
      lines.push(`${inner}readonly [key: string]: ${this.type(extra)};`);
    } else if (extra === true && lines.length === 0) {
      return 'Readonly<Record<string, unknown>>';
    }
    if (lines.length === 0) return 'Readonly<Record<string, never>>';
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  declare(schema) {
    const name = schema.title;
    if (this.external.has(name) || this.declarations.has(name)) return name;
    this.declarations.set(name, ''); // reserve first: keeps order and stops recursion
    const isObject = schema.type === 'object' && !schema.oneOf && !schema.anyOf && !('const' in schema);
    const objectBody = isObject ? this.objectType(schema, '') : undefined;
    // An interface needs a `{ ... }` body; an open map (Readonly<Record<...>>) becomes a type alias.
    const body = objectBody?.startsWith('{')
      ? `export interface ${name} ${objectBody}`
      : `export type ${name} = ${objectBody ?? this.type(schema, true)};`;
    this.declarations.set(name, `${doc(schema, '')}${body}\n`);
    return name;
  }

  render() {
    return [...this.declarations.values()].join('\n');
  }
}

/** Every message of an operation, as resolved JSON, in the order the spec lists them. */
export function operationMessages(asyncapi, operationId) {
  const operation = asyncapi.operations().get(operationId);
  if (!operation) throw new Error(`emit: the contract has no operation ${operationId}`);
  return operation.messages().all().map((m) => ({ name: m.name(), payload: m.payload().json() }));
}
