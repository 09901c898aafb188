/**
 * REST exchanges with the daemon, either through the Prism proxy (the contract's own oracle for
 * requests it can validate) or directly (requests Prism would refuse itself: no token, an invalid
 * body, a foreign Origin). Every answer is judged twice: by Prism's `sl-violations` when it went
 * through Prism, and by our ajv validator over the same spec (Prism uses draft-07 semantics and
 * may skip 2020-12 keywords; ajv here is 2020-12).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import type { ContractValidator } from '../../../src/mock/validation.js';

export type Via = 'prism' | 'direct';

export interface Exchange {
  readonly method: string;
  /** Path and query, e.g. `/v3/sessions?limit=1`. */
  readonly path: string;
  readonly via: Via;
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  readonly body: unknown;
  /** True when Prism produced the answer itself (a violation or a refused request). */
  readonly fromPrism: boolean;
  /** Contract violations of this answer (Prism's and ajv's), already formatted. */
  readonly violations: readonly string[];
}

export interface SendOptions {
  readonly via?: Via;
  /** JSON value, or a string sent as is (for malformed bodies). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** `token` (default), `none`, or a wrong token. */
  readonly auth?: 'token' | 'none' | 'wrong';
}

type Json = Record<string, unknown>;

/** A value of the JSON object at `key`, typed loosely for checks. */
export function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Json)[key] : undefined;
}

/** `GET /v3/sessions?limit=1 → 200 (via prism)`: how a request is named in a report. */
export function describe(ex: Pick<Exchange, 'method' | 'path' | 'status' | 'via'>): string {
  return `${ex.method} ${ex.path} → ${ex.status} (${ex.via})`;
}

const PRISM_ERROR = 'https://stoplight.io/prism/errors#';

interface PrismViolation {
  readonly location?: readonly string[];
  readonly message?: string;
  readonly severity?: string;
}

/**
 * Prism's violations, readable: its list repeats one message per `oneOf` branch (an event
 * envelope has seven) and adds "must be equal to constant" for every branch that did not match,
 * so duplicates and that noise are dropped and at most five are kept. Prism's message already
 * names the path (`Response body property events.0 must have required property 'data'`).
 */
export function condensePrismViolations(list: readonly PrismViolation[]): string[] {
  const messages = [...new Set(list.map((v) => v.message ?? `${(v.location ?? []).join('.')}: violation`))];
  const useful = messages.filter((m) => !/must be equal to constant$|must match exactly one schema in oneOf$/.test(m));
  const kept = useful.length > 0 ? useful : messages;
  return kept.length > 5 ? [...kept.slice(0, 5), `(+${kept.length - 5} more)`] : kept;
}

/**
 * The same clean-up for the mock validator's ajv text (`; `-joined, first five errors): an event
 * envelope's `oneOf` makes ajv report every branch, mostly "must be equal to constant".
 */
export function condenseAjv(text: string): string {
  const parts = [...new Set(text.split('; '))];
  const useful = parts.filter((p) => !/must be equal to constant|must match exactly one schema in oneOf/.test(p));
  return (useful.length > 0 ? useful : parts).join('; ');
}

/** From the body's `validation` (complete) or else the header (may be prefixed and cut short). */
function prismViolations(header: string, body: unknown): string[] {
  const fromBody = field(body, 'validation');
  if (Array.isArray(fromBody)) return condensePrismViolations(fromBody as PrismViolation[]);
  const json = header.slice(Math.max(0, header.indexOf('[')));
  try {
    return condensePrismViolations(JSON.parse(json) as PrismViolation[]);
  } catch {
    return [header.slice(0, 300)];
  }
}

/** The answer to raw bytes sent over TCP, parsed loosely. */
export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  readonly body: unknown;
}

/** A chunked body (RFC 9112 §7.1) joined; what does not parse as chunks is returned as is. */
function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = lineEnd === -1 ? NaN : parseInt(rest.slice(0, lineEnd), 16);
    if (!Number.isFinite(size)) return out || body;
    if (size === 0) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** `HTTP/1.1 400 Bad Request\r\nA: b\r\n\r\n{...}` → status, headers, JSON body. */
function parseRawAnswer(text: string): RawAnswer {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
  const bodyText = split === -1 ? '' : chunked ? dechunk(text.slice(split + 4)) : text.slice(split + 4);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    body = undefined;
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}

/** Whether `text` holds a whole answer: its head and Content-Length bytes of body (or the last chunk). */
function answerComplete(text: string): boolean {
  const split = text.indexOf('\r\n\r\n');
  if (split === -1) return false;
  if (/\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, split))) return text.endsWith('\r\n0\r\n\r\n');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, split));
  return length !== null && Buffer.byteLength(text.slice(split + 4)) >= Number(length[1]);
}

export class RestClient {
  /** Every exchange of the run, for the cross-cutting checks (X-Request-Id). */
  readonly log: Exchange[] = [];

  constructor(
    private readonly directUrl: string,
    /** The daemon's token, for raw requests (never printed: the report redacts it). */
    readonly token: string,
    private readonly validator: ContractValidator,
    private readonly timeoutMs: number,
    private prismUrl: string | undefined = undefined,
  ) {}

  usePrism(url: string): void {
    this.prismUrl = url;
  }

  /**
   * Raw bytes straight to the daemon over TCP, for requests fetch and node:http cannot make (no
   * Host, a bare LF, two Content-Lengths, a dot-segment path). `build` gets the daemon's
   * `host:port`. Resolves with the first answer, or when the daemon closes the connection.
   */
  raw(build: (hostPort: string) => string): Promise<RawAnswer> {
    const url = new URL(this.directUrl);
    const bytes = build(url.host);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port || 80), url.hostname.replace(/^\[|\]$/g, ''));
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(parseRawAnswer(Buffer.concat(chunks).toString('utf8')));
      };
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(new Error(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      socket.on('connect', () => socket.write(bytes, 'latin1'));
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (answerComplete(Buffer.concat(chunks).toString('utf8'))) finish();
      });
      socket.on('close', finish);
      socket.on('error', (error) => {
        if (chunks.length > 0) finish();
        else if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(error);
        }
      });
    });
  }

  async send(method: string, path: string, opts: SendOptions = {}): Promise<Exchange> {
    const via: Via = opts.via ?? (this.prismUrl ? 'prism' : 'direct');
    const base = via === 'prism' ? this.prismUrl : this.directUrl;
    if (base === undefined) throw new Error('the Prism proxy is not running');
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const auth = opts.auth ?? 'token';
    if (auth === 'token') headers['authorization'] = `Bearer ${this.token}`;
    // A wrong token of a plausible shape, never derived from the real one.
    if (auth === 'wrong') headers['authorization'] = 'Bearer conformance-wrong-token-0000000000';
    let payload: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    let res: { status: number; headers: Headers; text: string };
    try {
      // fetch cannot set Host (it always sends the URL's), so a foreign Host takes node:http.
      res = headers['host'] !== undefined
        ? await rawRequest(`${base}${path}`, method, headers, payload, this.timeoutMs)
        : await fetchRequest(`${base}${path}`, method, headers, payload, this.timeoutMs);
    } catch (err) {
      throw new Error(`${method} ${path} (${via}) failed: ${(err as Error).message}`);
    }
    const text = res.text;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const prismType = String(field(body, 'type') ?? '');
    const fromPrism = via === 'prism' && prismType.startsWith(PRISM_ERROR);
    const violations: string[] = [];
    const sl = res.headers.get('sl-violations');
    if (sl) violations.push(`prism: ${prismViolations(sl, body).join(' | ')}`);
    if (fromPrism && !sl) violations.push(`prism answered ${res.status} itself: ${String(field(body, 'title') ?? prismType)} ${JSON.stringify(field(body, 'validation') ?? '')}`);
    if (!fromPrism) violations.push(...this.schemaViolations(method, path, res, body, text));
    const ex: Exchange = { method, path, via, status: res.status, headers: res.headers, body, fromPrism, violations };
    this.log.push(ex);
    return ex;
  }

  /** ajv over the OpenAPI response declared for this operation and status. */
  private schemaViolations(method: string, path: string, res: { status: number; headers: Headers }, body: unknown, text: string): string[] {
    const pathname = path.split('?')[0] ?? path;
    const op = this.validator.findOperation(method, pathname);
    if (!op) return [`no operation ${method} ${pathname} in the spec`];
    if (text && body === undefined) return [`schema: body is not JSON: ${text.slice(0, 120)}`];
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const problem = this.validator.checkResponse(op, res.status, res.headers.get('content-type') ?? '', body, headers);
    // A missing X-Request-Id has its own check (rest.x-request-id); do not count it twice.
    if (problem === undefined || problem === 'header X-Request-Id missing') return [];
    return [`schema: ${condenseAjv(problem)}`];
  }
}

async function fetchRequest(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function rawRequest(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
