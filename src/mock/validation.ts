/**
 * Runtime conformance: every REST response and every WebSocket frame the mock sends (and every
 * request body and client frame it receives) is checked against the contract, so the mock cannot
 * drift from it unnoticed. The checks are the validators generated from the specs
 * (generated/validators.ts: no schema compiler at run time); which statuses, content types and
 * headers each operation declares comes from the contract table (contract-table.ts).
 */
import {
  clientFrameValidators,
  lastValidationError,
  requestBodyValidators,
  responseValidators,
  serverFrameValidators,
  type ValidationError,
} from '../../generated/validators.js';
import { loadContractTable, type Operation } from './contract-table.js';
import { packagePath } from './package-root.js';

export type { Operation } from './contract-table.js';

/** The package's specs/ folder (with a trailing slash), e.g. for Prism. */
export const SPECS_DIR = packagePath('specs', true);

export interface Violation {
  /** `REST GET /v3/sessions/{sessionId} 200` or `WS event`. */
  readonly where: string;
  readonly errors: string;
}

type Check = (value: unknown) => boolean;

/** The generated tables, indexed by the strings the mock has at hand (operation ids, statuses, frame types). */
const RESPONSE_CHECKS = responseValidators as unknown as Readonly<Record<string, Readonly<Record<string, Check>> | undefined>>;
const REQUEST_BODY_CHECKS = requestBodyValidators as unknown as Readonly<Record<string, Check | undefined>>;
const SERVER_FRAME_CHECKS = serverFrameValidators as unknown as Readonly<Record<string, Check | undefined>>;
const CLIENT_FRAME_CHECKS = clientFrameValidators as unknown as Readonly<Record<string, Check | undefined>>;

/** `$.data.token expected string` — where the value broke its schema and what the schema wants (never the value). */
function describe(error: ValidationError): string {
  return `${error.path} expected ${error.expected}`;
}

/** Runs a check; a failure is described, a pass is undefined. */
function violationOf(check: Check, value: unknown): string | undefined {
  return check(value) ? undefined : describe(lastValidationError());
}

const templateRegexes = new Map<string, RegExp>();

function templateRegex(template: string): RegExp {
  let regex = templateRegexes.get(template);
  if (!regex) {
    regex = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    templateRegexes.set(template, regex);
  }
  return regex;
}

export class ContractValidator {
  readonly operations: readonly Operation[];

  constructor() {
    this.operations = loadContractTable().operations;
  }

  /** Finds the operation whose path template matches a concrete path. */
  findOperation(method: string, path: string): Operation | undefined {
    return this.operations.find((operation) => operation.method === method && templateRegex(operation.template).test(path));
  }

  /** Checks a REST response; returns a violation text or undefined. */
  checkResponse(operation: Operation, status: number, contentType: string, body: unknown, headers: Record<string, unknown>): string | undefined {
    const declared = operation.responses[String(status)];
    if (!declared) return `status ${status} is not declared for ${operation.operationId}`;
    for (const header of declared.headers) if (headers[header.toLowerCase()] === undefined) return `header ${header} missing`;
    const type = contentType.split(';')[0]?.trim() ?? '';
    if (!declared.contentTypes.includes(type)) {
      return `content type ${type} is not declared for ${operation.operationId} ${status} (declared: ${declared.contentTypes.join(', ')})`;
    }
    const check = RESPONSE_CHECKS[operation.operationId]?.[String(status)];
    return check ? violationOf(check, body) : undefined;
  }

  /** Checks a frame the daemon sends; returns a violation text or undefined. */
  checkServerFrame(frame: { type?: unknown }): string | undefined {
    const check = SERVER_FRAME_CHECKS[String(frame.type)];
    if (!check) return `unknown server frame type ${String(frame.type)}`;
    return violationOf(check, frame);
  }

  /** Validates a client frame of a known type; `known: false` for a type the contract does not have. */
  checkClientFrame(frame: { type?: unknown }): { known: boolean; error?: string } {
    const check = CLIENT_FRAME_CHECKS[String(frame.type)];
    if (!check) return { known: false };
    const error = violationOf(check, frame);
    return error === undefined ? { known: true } : { known: true, error };
  }

  /**
   * Validates a request body of an operation; on failure, the first violation as
   * `{ path: "body.mode", message: "expected one of …" }` (the generated validators stop at the first).
   */
  checkRequestBody(operationId: string, body: unknown): { path: string; message: string }[] {
    const check = REQUEST_BODY_CHECKS[operationId];
    if (!check || check(body)) return [];
    const error = lastValidationError();
    return [{ path: `body${error.path.slice(1)}`, message: `expected ${error.expected}` }];
  }

  /** Server frame types the AsyncAPI declares (for tests). */
  get serverFrameTypes(): string[] {
    return Object.keys(SERVER_FRAME_CHECKS);
  }

  /** Client frame types the AsyncAPI declares. */
  get clientFrameTypes(): string[] {
    return Object.keys(CLIENT_FRAME_CHECKS);
  }
}

let shared: ContractValidator | undefined;
/** Every mock in a process shares one validator. */
export function contractValidator(): ContractValidator {
  shared ??= new ContractValidator();
  return shared;
}
