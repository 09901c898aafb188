/**
 * REST v3 of the mock: security checks, faults, routing and the operations themselves. Every
 * answer goes through `reply`, which stamps X-Request-Id and CORS headers and validates the
 * body against the OpenAPI response declared for that operation and status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { components } from '../../generated/openapi.js';
import type { Conformance } from './conformance.js';
import type { Faults } from './faults.js';
import { newRequestId } from './ids.js';
import type { NormalisedOptions } from './options.js';
import { bearer, checkHost, checkOrigin, corsHeaders, tokenMatches } from './security.js';
import type { SessionRecord, Store } from './store.js';
import type { TurnRunner } from './turns.js';
import type { ContractValidator, Operation } from './validation.js';

type ErrorCode = components['schemas']['ErrorCode'];
type Detail = { path: string; message: string };

export interface RestContext {
  readonly options: NormalisedOptions;
  readonly store: Store;
  readonly runner: TurnRunner;
  readonly faults: Faults;
  readonly validator: ContractValidator;
  readonly conformance: Conformance;
  /** The port actually listened on (the Host check needs it; known only after listen). */
  readonly port: () => number;
  readonly startedAt: number;
}

class Reply {
  readonly requestId: string;
  operation: Operation | undefined;

  constructor(readonly ctx: RestContext, readonly req: IncomingMessage, readonly res: ServerResponse) {
    const incoming = req.headers['x-request-id'];
    // Echo a caller's request id when it looks like one, so logs on both sides line up.
    this.requestId = typeof incoming === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming) ? incoming : newRequestId();
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
    const all: Record<string, string> = {
      'content-type': contentType,
      'x-request-id': this.requestId,
      'cache-control': 'no-store',
      ...corsHeaders(this.req.headers, this.ctx.options.allowedOrigins),
      ...headers,
    };
    if (this.operation) {
      const problem = this.ctx.validator.checkResponse(this.operation, status, contentType, body, all);
      if (problem) {
        try {
          this.ctx.conformance.report(`REST ${this.operation.method} ${this.operation.template} ${status}`, problem);
        } catch {
          // Strict: never send a non-conforming body; a 500 Problem is always declared.
          this.operation = undefined;
          return this.problem(500, 'internal', `The mock produced a response that violates the contract: ${problem}`);
        }
      }
    }
    const text = JSON.stringify(body);
    all['content-length'] = String(Buffer.byteLength(text));
    this.res.writeHead(status, all);
    this.res.end(text);
  }

  problem(status: number, code: ErrorCode, message: string, extra: { details?: Detail[]; headers?: Record<string, string> } = {}): void {
    const body = { code, message, requestId: this.requestId, ...(extra.details?.length ? { details: extra.details } : {}) };
    this.json(status, body, extra.headers);
  }
}

const SESSION = /^\/v3\/sessions\/([^/]+)$/;
const SESSION_ACTION = /^\/v3\/sessions\/([^/]+)\/(close|cancel|turns|events)$/;
const TURN = /^\/v3\/sessions\/([^/]+)\/turns\/([^/]+)$/;

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A path segment decoded; a malformed escape stays as is (and then names no session). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads the body up to `max` bytes; beyond that keeps draining (so the client can read the 413) and reports `tooLarge`. */
function readBody(req: IncomingMessage, max: number): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > max }));
    req.on('error', reject);
  });
}

function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number, details: Detail[]): number {
  const raw = q.get(name);
  if (raw === null) return def;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    details.push({ path: `query.${name}`, message: `must be an integer between ${min} and ${max}` });
  }
  return n;
}

export function createRestHandler(ctx: RestContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const r = new Reply(ctx, req, res);
    if (ctx.options.verbose) {
      const t0 = performance.now();
      res.once('finish', () => ctx.options.log(`[mock] ${req.method ?? '?'} ${req.url ?? ''} → ${res.statusCode} ${(performance.now() - t0).toFixed(1)} ms ${r.requestId}`));
    }
    handle(r).catch((err: unknown) => {
      ctx.options.log(`[mock] REST handler failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) r.problem(500, 'internal', `Internal error; see the mock log for ${r.requestId}`);
      else res.destroy();
    });
  };
}

async function handle(r: Reply): Promise<void> {
  const { ctx, req } = r;
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  r.operation = ctx.validator.findOperation(method, path);

  const refused = checkHost(req.headers, ctx.port()) ?? checkOrigin(req.headers, ctx.options.allowedOrigins);
  if (refused) return r.problem(403, refused.code, refused.message);

  if (method === 'OPTIONS') {
    // Preflight: reaching here means the origin is allowed (or absent); CORS headers come from reply.
    r.res.writeHead(204, { 'x-request-id': r.requestId, 'access-control-max-age': '600', ...corsHeaders(req.headers, ctx.options.allowedOrigins) });
    r.res.end();
    return;
  }

  if (ctx.faults.latencyMs > 0) await delay(ctx.faults.latencyMs);
  const isHealth = path === '/v3/health';
  if (!isHealth && !tokenMatches(bearer(req.headers), ctx.options.token)) {
    return r.problem(401, 'unauthorized', 'Missing or invalid bearer token; read it again from state.json');
  }
  const fault = ctx.faults.rest();
  if (fault?.status === 429) {
    return r.problem(429, 'rate_limited', `Too many requests; retry in ${fault.retryAfter} s (mock fault)`, { headers: { 'retry-after': String(fault.retryAfter) } });
  }
  if (fault?.status === 500) return r.problem(500, 'internal', `Internal error (mock fault); see the mock log for ${r.requestId}`);

  if (!r.operation) {
    req.resume();
    return r.problem(404, 'not_found', `No operation ${method} ${path} in the v3 API`);
  }

  const body = await readBody(req, ctx.options.maxBodyBytes);
  const wantsBody = r.operation.operationId === 'createSession' || r.operation.operationId === 'submitTurn';
  if (wantsBody && body.tooLarge) {
    return r.problem(413, 'payload_too_large', `Request body exceeds ${ctx.options.maxBodyBytes} bytes`);
  }
  let json: unknown;
  if (wantsBody) {
    try {
      json = JSON.parse(body.text);
    } catch {
      return r.problem(400, 'bad_request', 'The request body is not valid JSON');
    }
    const details = ctx.validator.checkRequestBody(r.operation.operationId, json);
    if (details.length) return r.problem(400, 'validation_failed', details.map((d) => `${d.path} ${d.message}`).join('; '), { details });
  }
  return route(r, r.operation.operationId, path, url.searchParams, json);
}

function session(r: Reply, id: string): SessionRecord | undefined {
  const rec = r.ctx.store.get(id);
  if (!rec) r.problem(404, 'session_not_found', `No session ${id}`);
  return rec;
}

function route(r: Reply, op: string, path: string, q: URLSearchParams, body: unknown): void {
  const { store, runner } = r.ctx;
  const id = decode((SESSION.exec(path) ?? SESSION_ACTION.exec(path) ?? TURN.exec(path))?.[1] ?? '');
  switch (op) {
    case 'getHealth':
      return r.json(200, { status: 'ok', version: r.ctx.options.version, uptimeMs: Date.now() - r.ctx.startedAt });
    case 'createSession': {
      const b = body as { mode: 'chat' | 'do'; model: string; title?: string };
      const rec = store.createSession({ mode: b.mode, model: b.model, ...(b.title !== undefined ? { title: b.title } : {}) });
      return r.json(201, { ...rec.session });
    }
    case 'listSessions':
      return listSessions(r, q);
    case 'getSession': {
      const rec = session(r, id);
      return rec && r.json(200, { ...rec.session });
    }
    case 'closeSession': {
      const rec = session(r, id);
      if (!rec) return;
      runner.close(rec);
      return r.json(200, { ...rec.session });
    }
    case 'cancelSession': {
      const rec = session(r, id);
      if (!rec) return;
      runner.cancel(rec, 'user');
      return r.json(200, { ...rec.session });
    }
    case 'submitTurn':
      return submitTurn(r, id, body as { content: string });
    case 'getTurn': {
      const rec = session(r, id);
      if (!rec) return;
      const turnId = decode(TURN.exec(path)?.[2] ?? '');
      const turn = rec.turns.get(turnId);
      return turn ? r.json(200, { ...turn }) : r.problem(404, 'turn_not_found', `No turn ${turnId} in session ${id}`);
    }
    case 'getEvents':
      return getEvents(r, id, q);
    default:
      return r.problem(404, 'not_found', `Operation ${op} is not implemented by the mock`);
  }
}

function listSessions(r: Reply, q: URLSearchParams): void {
  const details: Detail[] = [];
  const limit = intParam(q, 'limit', 50, 1, 200, details);
  const status = q.get('status');
  if (status !== null && !['active', 'cancelled', 'closed'].includes(status)) details.push({ path: 'query.status', message: 'must be one of active, cancelled, closed' });
  const cursor = q.get('cursor');
  // The cursor is the creation order of the last session of the previous page, opaque to clients.
  let before = Infinity;
  if (cursor !== null) {
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!/^o:\d+$/.test(decoded)) return r.problem(400, 'bad_request', 'The cursor is not one this daemon issued');
    before = Number(decoded.slice(2));
  }
  if (details.length) return r.problem(400, 'validation_failed', details.map((d) => `${d.path} ${d.message}`).join('; '), { details });
  const all = r.ctx.store.list().filter((s) => s.order < before && (status === null || s.session.status === status));
  const page = all.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = all.length > limit && last ? Buffer.from(`o:${last.order}`).toString('base64url') : null;
  return r.json(200, { items: page.map((s) => ({ ...s.session })), nextCursor });
}

function submitTurn(r: Reply, id: string, body: { content: string }): void {
  const { store, runner } = r.ctx;
  const rec = session(r, id);
  if (!rec) return;
  const key = r.req.headers['idempotency-key'];
  if (Array.isArray(key) || (key !== undefined && !/^[A-Za-z0-9_.:-]{8,128}$/.test(key))) {
    const details = [{ path: 'header.Idempotency-Key', message: 'must be 8–128 characters of A-Z a-z 0-9 _ . : -' }];
    return r.problem(400, 'validation_failed', 'header.Idempotency-Key is malformed', { details });
  }
  const canonical = JSON.stringify({ content: body.content });
  if (key !== undefined) {
    const seen = store.recallKey(rec, key);
    if (seen) {
      if (seen.body !== canonical) return r.problem(409, 'idempotency_key_reused', `Idempotency-Key ${key} was used with a different body`);
      const turn = rec.turns.get(seen.turnId);
      if (turn) return r.json(202, { ...turn });
    }
  }
  if (rec.session.status !== 'active') return r.problem(409, 'session_not_active', `Session ${id} is ${rec.session.status}; it accepts no more turns`);
  if (rec.session.activeTurnId !== null) return r.problem(409, 'turn_in_progress', `Session ${id} is already running ${rec.session.activeTurnId}`);
  const turn = store.createTurn(rec, body.content);
  if (key !== undefined) store.rememberKey(rec, key, turn.id, canonical);
  const snapshot = { ...turn };
  runner.start(rec, turn);
  return r.json(202, snapshot);
}

function getEvents(r: Reply, id: string, q: URLSearchParams): void {
  const { store } = r.ctx;
  const details: Detail[] = [];
  const afterSeq = intParam(q, 'afterSeq', 0, 0, Number.MAX_SAFE_INTEGER, details);
  const limit = intParam(q, 'limit', 500, 1, 1000, details);
  if (details.length) return r.problem(400, 'validation_failed', details.map((d) => `${d.path} ${d.message}`).join('; '), { details });
  const rec = session(r, id);
  if (!rec) return;
  const oldestSeq = store.oldestSeq(rec);
  const headSeq = rec.session.headSeq;
  const page = store.after(rec, afterSeq, limit);
  if (page.expired) {
    return r.json(410, {
      code: 'cursor_expired',
      message: `Events after seq ${afterSeq} are no longer held; the oldest held is ${oldestSeq}. Resume from afterSeq=${oldestSeq - 1}.`,
      requestId: r.requestId, afterSeq, oldestSeq, headSeq, epoch: store.epoch,
    });
  }
  return r.json(200, { events: page.events, headSeq, oldestSeq, epoch: store.epoch, hasMore: page.hasMore });
}
