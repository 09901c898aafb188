/**
 * REST v3 of the mock: security checks, faults, routing and the operations themselves. Every
 * answer goes through `reply`, which stamps X-Request-Id and CORS headers and validates the
 * body against the OpenAPI response declared for that operation and status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { components } from '../../generated/openapi.js';
import type { Conformance } from './conformance.js';
import type { Faults } from './faults.js';
import { newRequestId } from './ids.js';
import type { NormalisedOptions } from './options.js';
import { bearer, checkRequestSource, corsHeaders, tokenMatches } from './security.js';
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

/** A strict UTF-8 decoder: JSON must be UTF-8 (RFC 8259 §8.1); invalid bytes are an error, never U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Body {
  /** The body as text; undefined when it is not valid UTF-8. */
  readonly text: string | undefined;
  readonly tooLarge: boolean;
}

/** Reads the body up to `max` bytes; beyond that keeps draining (so the client can read the 413) and reports `tooLarge`. */
function readBody(req: IncomingMessage, max: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => {
      let text: string | undefined;
      try {
        text = utf8.decode(Buffer.concat(chunks));
      } catch {
        text = undefined;
      }
      resolve({ text, tooLarge: size > max });
    });
    req.on('error', reject);
  });
}

/** Is this Content-Type JSON (`application/json`, parameters such as charset allowed)? */
function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * Why a raw request path is refused before routing: dot-segments (also percent-encoded) and
 * empty segments are never normalised into another resource (`/v3/sessions/../health`).
 */
function pathProblem(rawPath: string): string | undefined {
  const segments = rawPath.split('/').slice(1);
  for (const [index, segment] of segments.entries()) {
    const decoded = decode(segment);
    if (decoded === '.' || decoded === '..') return `The path ${rawPath} has a dot-segment; paths are not normalised`;
    // A trailing slash names no operation (404); `//` inside a path would be normalised by some servers.
    if (segment === '' && index < segments.length - 1) return `The path ${rawPath} has an empty segment`;
  }
  return undefined;
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

/** Long-poll waiters per session: woken by the next event of that session. */
class EventWaiters {
  readonly #bySession = new Map<string, Set<() => void>>();

  constructor(store: Store) {
    store.on('event', (event) => this.wake(event.sessionId));
  }

  /** Resolves on the session's next event or after `ms`, whichever comes first, or when `res` closes. */
  wait(sessionId: string, ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#bySession.get(sessionId) ?? new Set<() => void>();
      this.#bySession.set(sessionId, waiters);
      const finish = (): void => {
        clearTimeout(timer);
        res.off('close', finish);
        waiters.delete(finish);
        if (waiters.size === 0) this.#bySession.delete(sessionId);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      res.once('close', finish);
      waiters.add(finish);
    });
  }

  private wake(sessionId: string): void {
    const waiters = this.#bySession.get(sessionId);
    if (waiters) for (const finish of [...waiters]) finish();
  }
}

export function createRestHandler(ctx: RestContext): (req: IncomingMessage, res: ServerResponse) => void {
  const waiters = new EventWaiters(ctx.store);
  return (req, res) => {
    const r = new Reply(ctx, req, res);
    if (ctx.options.verbose) {
      const t0 = performance.now();
      res.once('finish', () => ctx.options.log(`[mock] ${req.method ?? '?'} ${req.url ?? ''} → ${res.statusCode} ${(performance.now() - t0).toFixed(1)} ms ${r.requestId}`));
    }
    handle(r, waiters).catch((err: unknown) => {
      ctx.options.log(`[mock] REST handler failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) r.problem(500, 'internal', `Internal error; see the mock log for ${r.requestId}`);
      else res.destroy();
    });
  };
}

/** The methods the contract declares for a concrete path (empty when no template matches). */
function declaredMethods(validator: ContractValidator, path: string): string[] {
  const methods = new Set<string>();
  for (const operation of validator.operations) {
    if (validator.findOperation(operation.method, path) === operation) methods.add(operation.method);
  }
  return [...methods];
}

async function handle(r: Reply, waiters: EventWaiters): Promise<void> {
  const { ctx, req } = r;
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname;

  const refused = checkRequestSource(req.headers, ctx.options);
  if (refused) {
    // A request without Host is malformed: answer, then close the connection (RFC 9112 §9.6).
    const headers: Record<string, string> = refused.status === 400 ? { connection: 'close' } : {};
    return r.problem(refused.status, refused.code, refused.message, { headers });
  }

  if (method === 'OPTIONS') {
    // Preflight: reaching here means the origin is allowed (or absent); CORS headers come from reply.
    r.res.writeHead(204, { 'x-request-id': r.requestId, 'access-control-max-age': '600', ...corsHeaders(req.headers, ctx.options.allowedOrigins) });
    r.res.end();
    return;
  }
  const badPath = pathProblem(rawPath);
  if (badPath) {
    req.resume();
    return r.problem(400, 'bad_request', badPath);
  }
  r.operation = ctx.validator.findOperation(method, path);

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
    const allowed = declaredMethods(ctx.validator, path);
    if (allowed.length > 0) {
      const allow = [...allowed, 'OPTIONS'].join(', ');
      return r.problem(405, 'method_not_allowed', `${method} is not declared for ${path}; allowed: ${allow}`, { headers: { allow } });
    }
    return r.problem(404, 'not_found', `No operation ${method} ${path} in the v3 API`);
  }

  const wantsBody = r.operation.operationId === 'createSession' || r.operation.operationId === 'submitTurn';
  if (wantsBody && !isJsonMediaType(req.headers['content-type'])) {
    req.resume();
    const given = req.headers['content-type'] === undefined ? 'no Content-Type' : `Content-Type ${req.headers['content-type']}`;
    return r.problem(415, 'unsupported_media_type', `The request body has ${given}; send application/json`);
  }
  const body = await readBody(req, ctx.options.maxBodyBytes);
  if (wantsBody && body.tooLarge) {
    return r.problem(413, 'payload_too_large', `Request body exceeds ${ctx.options.maxBodyBytes} bytes`);
  }
  let json: unknown;
  if (wantsBody) {
    if (body.text === undefined) return r.problem(400, 'bad_request', 'The request body is not valid UTF-8');
    try {
      json = JSON.parse(body.text);
    } catch {
      return r.problem(400, 'bad_request', 'The request body is not valid JSON');
    }
    const details = ctx.validator.checkRequestBody(r.operation.operationId, json);
    if (details.length) return r.problem(400, 'validation_failed', details.map((d) => `${d.path} ${d.message}`).join('; '), { details });
  }
  if (r.operation.operationId === 'getEvents') return getEvents(r, waiters, decode(SESSION_ACTION.exec(path)?.[1] ?? ''), url.searchParams);
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

async function getEvents(r: Reply, waiters: EventWaiters, id: string, q: URLSearchParams): Promise<void> {
  const { store } = r.ctx;
  const details: Detail[] = [];
  const afterSeq = intParam(q, 'afterSeq', 0, 0, Number.MAX_SAFE_INTEGER, details);
  const limit = intParam(q, 'limit', 500, 1, 1000, details);
  const waitMs = intParam(q, 'waitMs', 0, 0, 30_000, details);
  if (details.length) return r.problem(400, 'validation_failed', details.map((d) => `${d.path} ${d.message}`).join('; '), { details });
  const rec = session(r, id);
  if (!rec) return;
  // Long-poll: with nothing after the cursor yet, hold the answer until an event or the end of the wait.
  if (waitMs > 0 && afterSeq >= rec.session.headSeq) await waiters.wait(rec.session.id, waitMs, r.res);
  if (r.res.destroyed) return;
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

/** A Problem answer written straight to a socket, for requests the HTTP parser refused (no request object exists). */
function writeRawProblem(socket: Duplex, status: number, reason: string, code: ErrorCode, message: string): void {
  const requestId = newRequestId();
  const body = JSON.stringify({ code, message, requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nX-Request-Id: ${requestId}\r\n` +
      `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The answer to a request Node's HTTP parser refused (RFC 9112): 431 for oversized headers, 408
 * when the headers or the request did not arrive in time (slowloris), 400 for anything
 * malformed (bare LF, Content-Length with Transfer-Encoding, two Content-Lengths...). The
 * connection is closed after it; a request is never reinterpreted.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return writeRawProblem(socket, 431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers exceed the daemon\'s limit');
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return writeRawProblem(socket, 408, 'Request Timeout', 'request_timeout', 'The request did not arrive in time');
  }
  return writeRawProblem(socket, 400, 'Bad Request', 'bad_request', `Malformed HTTP request (${error.code ?? 'parse error'}): ${error.message}`);
}

/** A WebSocket upgrade without Host: 400 Problem, as for REST (ws.ts checks the rest of the policy). */
export function refuseUpgradeWithoutHost(socket: Duplex): void {
  writeRawProblem(socket, 400, 'Bad Request', 'bad_request', 'The request has no Host header (RFC 9112 §3.2)');
}
