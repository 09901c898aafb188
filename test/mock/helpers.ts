/** Small test helpers for the mock: raw fetch with the token, a recording `ws` client, waits. */
import WebSocket from 'ws';
import type { MockDaemon } from '@opta/daemon-client/mock';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json;
}

/** fetch against `base` with the mock's token (unless `token: null`). */
export async function call(
  base: string,
  m: Pick<MockDaemon, 'token'>,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? m.token : opts.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Waits until a session's active turn ends, then returns the session. */
export async function turnEnded(m: MockDaemon, sessionId: string, timeoutMs = 15_000): Promise<Json> {
  return waitFor(async () => {
    const s = await call(m.url, m, 'GET', `/v3/sessions/${sessionId}`);
    return s.body['activeTurnId'] === null ? s.body : undefined;
  }, timeoutMs, `turn end in ${sessionId}`);
}

/** A raw WebSocket client that records every frame and its close. */
export class Recorder {
  readonly frames: Json[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly opened: Promise<void>;
  readonly ws: WebSocket;
  upgradeStatus: number | undefined;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => {
        this.upgradeStatus = res.statusCode;
        reject(new Error(`upgrade refused: ${res.statusCode}`));
      });
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.ws.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      this.frames.push(JSON.parse(text) as Json);
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    this.ws.on('error', () => undefined);
  }

  static async authed(m: MockDaemon, token = m.token): Promise<Recorder> {
    const r = new Recorder(m.wsUrl);
    await r.opened;
    r.send({ type: 'auth', token });
    await r.next((f) => f['type'] === 'auth_ok');
    return r;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first recorded frame (from `from`) matching `pred`. */
  async next(pred: (f: Json) => boolean, timeoutMs = 10_000, from = 0): Promise<Json> {
    return waitFor(() => this.frames.slice(from).find(pred), timeoutMs, 'frame');
  }

  async waitClose(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, timeoutMs, 'close');
  }

  events(sessionId?: string): Json[] {
    return this.frames.filter((f) => f['type'] === 'event' && (sessionId === undefined || f['envelope']['sessionId'] === sessionId)).map((f) => f['envelope'] as Json);
  }

  close(): void {
    this.ws.terminate();
  }
}

export const STOP_EVENTS = new Set(['turn.done', 'turn.error', 'session.cancelled']);

/** Asserts seq +1 from `from` and returns the list of stop events per turnId. */
export function checkSeqs(events: Json[], from = 1): void {
  events.forEach((e, i) => {
    if (e['seq'] !== from + i) throw new Error(`seq ${String(e['seq'])} at index ${i}, expected ${from + i}`);
  });
}
