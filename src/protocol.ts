/**
 * Frames in and out of the daemon's WebSocket (specs/daemon-v3.asyncapi.yaml): parse and check
 * ONE server frame, encode client frames, and the close-code table. Browser-safe, no I/O.
 * The check is shallow on purpose (type + the fields the stream relies on) — events are the hot
 * path and their payloads are the daemon's business; REST conformance tests check the rest.
 */
import {
  CLOSE_CODES,
  FATAL_CLOSE_CODES,
  type ClientFrame,
  type ServerFrame,
} from '../generated/stream-protocol.js';
import { ProtocolError } from './stream/errors.js';

export type { ClientFrame, ServerFrame };

const SNIPPET = 120;

function fail(text: string, what: string): never {
  throw new ProtocolError(`invalid server frame: ${what}`, text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min;

function need(text: string, o: Record<string, unknown>, field: string, kind: 'string' | 'cursor' | 'seq' | 'object'): void {
  const v = o[field];
  const ok =
    kind === 'string' ? typeof v === 'string' : kind === 'object' ? isObj(v) : isSeq(v, kind === 'seq' ? 1 : 0);
  if (!ok) {
    const want = { string: 'a string', object: 'an object', cursor: 'an integer >= 0', seq: 'an integer >= 1' }[kind];
    fail(text, `${String(o['type'])}.${field} must be ${want}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  }
}

function checkHeads(text: string, o: Record<string, unknown>, field: string): void {
  need(text, o, field, 'object');
  const m = o[field] as Record<string, unknown>;
  for (const k in m) if (!isSeq(m[k], 0)) fail(text, `${String(o['type'])}.${field}["${k}"] must be an integer >= 0`);
}

/**
 * Parses one text frame from the daemon. Throws ProtocolError with what is wrong and the frame's
 * start. `event` frames are checked first and cheaply: envelope object, event name, seq, sessionId, data.
 */
export function parseServerFrame(text: unknown): ServerFrame {
  if (typeof text !== 'string') fail(String(text), 'binary frame (the protocol uses text frames)');
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    fail(text, 'not JSON');
  }
  // Hot path: a well-formed event frame, checked inline (no helper calls, no allocation).
  const f = o as { type?: unknown; envelope?: { event?: unknown; seq?: unknown; sessionId?: unknown; data?: unknown } | null };
  if (f !== null && typeof f === 'object' && f.type === 'event') {
    const e = f.envelope;
    if (e && typeof e === 'object' && typeof e.event === 'string' && typeof e.sessionId === 'string' &&
        typeof e.seq === 'number' && e.seq >= 1 && Number.isInteger(e.seq) && typeof e.data === 'object' && e.data !== null) {
      return o as ServerFrame;
    }
  }
  return checkFrame(text, o);
}

/** The slow path: every other frame, and precise messages for broken ones. */
function checkFrame(text: string, o: unknown): ServerFrame {
  if (!isObj(o)) fail(text, 'not a JSON object');
  const type = o['type'];
  if (type === 'event') {
    const e = o['envelope'];
    if (!isObj(e)) fail(text, 'event.envelope must be an object');
    if (typeof e['event'] !== 'string') fail(text, 'event.envelope.event must be a string');
    if (!isSeq(e['seq'], 1)) fail(text, `event.envelope.seq must be an integer >= 1, got ${JSON.stringify(e['seq'])}`);
    if (typeof e['sessionId'] !== 'string') fail(text, 'event.envelope.sessionId must be a string');
    fail(text, 'event.envelope.data must be an object');
  }
  switch (type) {
    case 'auth_ok':
      need(text, o, 'connectionId', 'string');
      need(text, o, 'epoch', 'string');
      need(text, o, 'heartbeatIntervalMs', 'seq');
      break;
    case 'subscribed':
    case 'cursor_expired':
      need(text, o, 'sessionId', 'string');
      need(text, o, 'afterSeq', 'cursor');
      need(text, o, 'headSeq', 'cursor');
      need(text, o, 'oldestSeq', 'seq');
      need(text, o, 'epoch', 'string');
      break;
    case 'heartbeat':
      need(text, o, 'epoch', 'string');
      checkHeads(text, o, 'heads');
      break;
    case 'unsubscribed':
      need(text, o, 'sessionId', 'string');
      break;
    case 'error':
      need(text, o, 'code', 'string');
      need(text, o, 'message', 'string');
      break;
    case 'pong':
      break;
    default:
      fail(text, `unknown frame type ${JSON.stringify(type)}`);
  }
  return o as unknown as ServerFrame;
}

/** Encodes a client frame (one JSON text message). */
export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}

const FATAL: ReadonlySet<number> = new Set(FATAL_CLOSE_CODES);

/** True when the contract says not to reconnect after this close code (4401: only after one token re-read). */
export function isFatalCloseCode(code: number): boolean {
  return FATAL.has(code);
}

/** The contract's name of a close code (`normal`, `unauthorized`, ...), or undefined. */
export function closeCodeName(code: number): string | undefined {
  for (const name in CLOSE_CODES) if (CLOSE_CODES[name as keyof typeof CLOSE_CODES].code === code) return name;
  return undefined;
}
