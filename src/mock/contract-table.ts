/**
 * What the mock needs of the OpenAPI document besides its schemas (those are checked by the
 * generated validators, generated/validators.ts): each operation's method, path template and
 * declared responses (status → content types and required headers).
 *
 * The table is data derived from the spec: from source it is read off specs/daemon-v3.openapi.yaml
 * (with the `yaml` dev dependency); the build writes it as JSON beside the built code
 * (dist/mock-contract.json, see scripts/build-data.ts), so the installed mock parses no YAML.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from './package-root.js';

/** One declared response of an operation. */
export interface DeclaredResponse {
  readonly contentTypes: readonly string[];
  readonly headers: readonly string[];
}

/** One REST operation of the contract. */
export interface Operation {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
  /** By status code (`"200"`, `"404"`, …). */
  readonly responses: Readonly<Record<string, DeclaredResponse>>;
}

export interface ContractTable {
  readonly operations: readonly Operation[];
}

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The built table's file name, beside the built code. */
export const CONTRACT_TABLE_FILE = 'mock-contract.json';

/** Follows a local `#/components/...` $ref inside the document (responses and headers are $ref'd). */
function dereference(document: Json, node: unknown): Json {
  let current = node as Json;
  while (typeof current['$ref'] === 'string' && current['$ref'].startsWith('#/')) {
    let target: unknown = document;
    for (const part of current['$ref'].slice(2).split('/')) target = (target as Json)[part];
    current = target as Json;
  }
  return current;
}

/** Derives the table from a parsed OpenAPI document. */
export function buildContractTable(openapi: Json): ContractTable {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(openapi['paths'] as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const responses: Record<string, DeclaredResponse> = {};
      for (const [status, raw] of Object.entries(operation['responses'] as Json)) {
        const response = dereference(openapi, raw);
        responses[status] = {
          contentTypes: Object.keys((response['content'] ?? {}) as Json),
          headers: Object.keys((response['headers'] ?? {}) as Json),
        };
      }
      operations.push({ method: method.toUpperCase(), template, operationId: String(operation['operationId']), responses });
    }
  }
  return { operations };
}

/** Reads the OpenAPI document of this package's specs/ (YAML: development only, needs `yaml`). */
export function readOpenApiSpec(): Json {
  const parse = (createRequire(import.meta.url)('yaml') as { parse: (text: string) => unknown }).parse;
  return parse(readFileSync(packagePath('specs/daemon-v3.openapi.yaml'), 'utf8')) as Json;
}

/** The table: the built JSON beside the code when there is one (the package), else from the spec (this repository). */
export function loadContractTable(): ContractTable {
  const built = join(dirname(fileURLToPath(import.meta.url)), CONTRACT_TABLE_FILE);
  if (existsSync(built)) return JSON.parse(readFileSync(built, 'utf8')) as ContractTable;
  return buildContractTable(readOpenApiSpec());
}
