/**
 * A recording WebSocket client for the checks: every frame the daemon sends is kept with its
 * arrival index and its AsyncAPI validation result, and every wait is bounded so a drifted
 * daemon makes a check fail instead of hanging the run.
 */
import WebSocket from 'ws';
import type { ContractValidator } from '../../../src/mock/validation.js';

export type Frame = Record<string, unknown> & { readonly type?: unknown };

export interface Received {
  readonly frame: Frame;
  /** Schema violation of the frame, if any. */
  readonly violation: string | undefined;
}

export class WsRecorder {
  readonly received: Received[] = [];
  /** Texts that were not JSON objects. */
  readonly garbage: string[] = [];
  closed: { code: number; reason: string } | undefined;
  upgradeStatus: number | undefined;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(url: string, validator: ContractValidator, private readonly timeoutMs: number, headers: Readonly<Record<string, string>> = {}) {
    // No token in the URL and no Authorization header: the first frame is the only credential.
    this.ws = new WebSocket(url, { perMessageDeflate: false, headers: { ...headers } });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => {
        this.upgradeStatus = res.statusCode;
        reject(new Error(`upgrade refused with HTTP ${String(res.statusCode)}`));
      });
      this.ws.once('error', (err) => reject(err));
    });
    this.opened.catch(() => undefined);
    this.ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : String(data);
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = undefined;
      }
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
        this.garbage.push(isBinary ? '<binary frame>' : text.slice(0, 200));
      } else {
        this.received.push({ frame: frame as Frame, violation: validator.checkServerFrame(frame as Frame) });
      }
      this.wake();
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    this.ws.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async open(): Promise<void> {
    await withTimeout(this.opened, this.timeoutMs, 'WebSocket open');
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  frames(): Frame[] {
    return this.received.map((r) => r.frame);
  }

  /** Waits until `pred` holds over what was received; resolves false on timeout or close. */
  async until(pred: () => boolean, timeoutMs = this.timeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (this.closed) return pred();
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  /** The first frame (from index `from`) that matches, or undefined after the timeout. */
  async next(pred: (f: Frame) => boolean, timeoutMs = this.timeoutMs, from = 0): Promise<Frame | undefined> {
    let found: Frame | undefined;
    await this.until(() => (found = this.frames().slice(from).find(pred)) !== undefined, timeoutMs);
    return found;
  }

  async waitClose(timeoutMs = this.timeoutMs): Promise<{ code: number; reason: string } | undefined> {
    await this.until(() => this.closed !== undefined, timeoutMs);
    return this.closed;
  }

  close(): void {
    this.ws.terminate();
  }

  /** Authenticates with the first frame; returns auth_ok or undefined (then the caller reports). */
  async auth(token: string): Promise<Frame | undefined> {
    await this.open();
    this.send({ type: 'auth', token });
    await this.until(() => this.received.length > 0);
    return this.received[0]?.frame;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}
