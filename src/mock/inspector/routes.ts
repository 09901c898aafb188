/**
 * HTTP for the inspector, under `/_mock/` on the mock's own port (outside the `/v3` contract):
 * the page (static files, no data), and the control API and live feed (bearer token).
 *
 * Every request passes the daemon's own Host and Origin checks (src/mock/security.ts, called,
 * not copied), with the page's own origin added to the allowed origins so the page can POST to
 * its server. The token is sent by the page in the `Authorization` header only — never in a URL.
 * Pages may not be framed (clickjacking of the switches) and load nothing from elsewhere.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { packagePath } from '../package-root.js';
import { bearer, checkRequestSource, tokenMatches, type SecurityRefusal, type SourcePolicy } from '../security.js';
import { ControlError, type MockControls } from './controls.js';
import { Feeds } from './feed.js';

export const INSPECTOR_PREFIX = '/_mock/';

export interface InspectorContext {
  readonly controls: MockControls;
  readonly token: string;
  /** The daemon's Host/Origin policy (the mock's options). */
  readonly policy: SourcePolicy;
  readonly port: () => number;
  readonly log: (line: string) => void;
}

const PAGE_DIR = packagePath('src/mock/inspector/page', true);

const STATIC_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/_mock/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/_mock/inspector.js': { file: 'inspector.js', type: 'text/javascript; charset=utf-8' },
  '/_mock/inspector.css': { file: 'inspector.css', type: 'text/css; charset=utf-8' },
};

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const MAX_CONTROL_BODY = 16 * 1024;
const EXPIRE = /^\/_mock\/api\/sessions\/([^/]+)\/expire$/;

/** Whether a request belongs to the inspector (checked before the `/v3` routes). */
export function isInspectorPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0] ?? '';
  return path === '/_mock' || path.startsWith(INSPECTOR_PREFIX);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...PAGE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message });
}

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_CONTROL_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_CONTROL_BODY) return reject(new ControlError(`the body exceeds ${MAX_CONTROL_BODY} bytes`));
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new ControlError('the body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** A path segment decoded; a malformed escape stays as is (and then names no session). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function field(body: unknown, name: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

export class InspectorRoutes {
  private readonly feeds: Feeds;
  private readonly files = new Map<string, Buffer>();

  constructor(private readonly ctx: InspectorContext) {
    this.feeds = new Feeds(ctx.controls);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      if (err instanceof ControlError) return refuse(res, err.status, err.status === 404 ? 'not_found' : 'bad_request', err.message);
      this.ctx.log(`[mock] inspector request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) refuse(res, 500, 'internal', 'The inspector failed; see the mock log');
      else res.destroy();
    });
  }

  /** Ends the open live feeds (the mock is stopping). */
  close(): void {
    this.feeds.closeAll();
  }

  /** The daemon's Host and Origin policy; the page's own origin (same loopback host and port) is allowed too. */
  private refusal(req: IncomingMessage): SecurityRefusal | undefined {
    const { allowedHosts, allowedOrigins } = this.ctx.policy;
    const ownOrigin = `http://${req.headers.host ?? ''}`;
    return checkRequestSource(req.headers, { allowedHosts, allowedOrigins: [...allowedOrigins, ownOrigin] });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://mock.invalid').pathname;
    const method = req.method ?? 'GET';
    const refused = this.refusal(req);
    if (refused) return refuse(res, refused.status, refused.code, refused.message);

    if (path === '/_mock') {
      res.writeHead(308, { ...PAGE_HEADERS, location: INSPECTOR_PREFIX }).end();
      return;
    }
    const page = STATIC_FILES[path];
    if (page) {
      if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, 'method_not_allowed', `${method} ${path}: use GET`);
      const body = this.file(page.file);
      res.writeHead(200, { ...PAGE_HEADERS, 'content-type': page.type, 'content-length': String(body.length) });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (!path.startsWith('/_mock/api/')) return refuse(res, 404, 'not_found', `No inspector resource ${path}`);
    if (!tokenMatches(bearer(req.headers), this.ctx.token)) {
      req.resume();
      return refuse(res, 401, 'unauthorized', 'The control API needs the mock token in an Authorization: Bearer header');
    }
    return this.api(req, res, method, path);
  }

  private async api(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const { controls } = this.ctx;
    if (method === 'GET') {
      req.resume();
      if (path === '/_mock/api/state') return sendJson(res, 200, controls.state());
      if (path === '/_mock/api/feed') return this.feeds.serve(res);
      return refuse(res, 404, 'not_found', `No inspector resource GET ${path}`);
    }
    if (method !== 'POST') {
      req.resume();
      return refuse(res, 405, 'method_not_allowed', `${method} ${path}: the control API takes GET and POST`);
    }
    const contentType = req.headers['content-type'] ?? '';
    const body = await readJsonBody(req);
    if (contentType !== '' && !contentType.startsWith('application/json')) throw new ControlError('send application/json');
    switch (path) {
      case '/_mock/api/drop':
        return sendJson(res, 200, { dropped: controls.dropSockets() });
      case '/_mock/api/blackhole':
        controls.blackhole(field(body, 'seconds'));
        return sendJson(res, 200, { blackholeMs: controls.state().blackholeMs });
      case '/_mock/api/faults':
        return sendJson(res, 200, { faults: controls.setFaults(body) });
      case '/_mock/api/restart':
        return sendJson(res, 200, { epoch: await controls.restart() });
      case '/_mock/api/scenario':
        controls.setScenario(field(body, 'name'));
        return sendJson(res, 200, { scenario: controls.state().scenario });
    }
    const expire = EXPIRE.exec(path);
    if (expire?.[1]) return sendJson(res, 200, controls.expireBuffer(decodeSegment(expire[1]), field(body, 'keep') ?? 0));
    return refuse(res, 404, 'not_found', `No control POST ${path}`);
  }

  private file(name: string): Buffer {
    let body = this.files.get(name);
    if (!body) {
      body = readFileSync(`${PAGE_DIR}${name}`);
      this.files.set(name, body);
    }
    return body;
  }
}
