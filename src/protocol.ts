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
const isInt = (v: unknown, min: number): boolean => Number.isInteger(v) && (v as number) >= min;

/**
 * What each server frame must carry, as `field:kind` (s string, o object, h object of cursors,
 * 0 integer >= 0 (a cursor), 1 integer >= 1 (a seq)). A table keeps the checks exact and the
 * browser bundle small.
 */
const SUBSCRIBED = 'sessionId:s afterSeq:0 headSeq:0 oldestSeq:1 epoch:s';
const SHAPES: Readonly<Record<string, string>> = {
  auth_ok: 'connectionId:s epoch:s heartbeatIntervalMs:1',
  subscribed: SUBSCRIBED,
  cursor_expired: SUBSCRIBED,
  heartbeat: 'epoch:s heads:h',
  unsubscribed: 'sessionId:s',
  error: 'code:s message:s',
  pong: 'type:s', // nothing beyond its type
  event: 'envelope:o',
};
const ENVELOPE = 'event:s seq:1 sessionId:s data:o';
function check(text: string, o: Record<string, unknown>, shape: string, path: string): void {
  for (const field of shape.split(' ')) {
    const [name, kind] = field.split(':') as [string, string];
    const v = o[name];
    const want =
      kind === 's' ? (typeof v === 'string' || 'a string')
      : kind < 'a' ? (isInt(v, +kind) || `an integer >= ${kind}`) // a digit: the minimum
      : kind === 'o' ? (isObj(v) || 'an object')
      : (isObj(v) && Object.values(v).every((x) => isInt(x, 0))) || 'an object of integers >= 0';
    if (want !== true) fail(text, `${path}.${name} must be ${want}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  }
}

/**
 * Parses one text frame from the daemon. Throws ProtocolError saying what is wrong, with the
 * frame's start. `event` frames take an inline fast path: envelope, event name, seq, sessionId, data.
 */
export function parseServerFrame(text: unknown): ServerFrame {
  if (typeof text !== 'string') return fail(String(text), 'binary frame (text expected)');
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return fail(text, 'not JSON');
  }
  // Hot path: a well-formed event frame, checked inline (no helper calls, no allocation).
  // (`?.` also covers JSON primitives: their properties are undefined.)
  type Loose = { type?: unknown; envelope?: { event?: unknown; seq?: unknown; sessionId?: unknown; data?: unknown } | null } | null;
  const e = (o as Loose)?.type === 'event' ? (o as Loose)!.envelope : null;
  return typeof e?.event === 'string' && typeof e.sessionId === 'string' && Number.isInteger(e.seq) && (e.seq as number) >= 1 &&
    typeof e.data === 'object' && e.data !== null
    ? (o as ServerFrame)
    : checkFrame(text, o);
}

/** The slow path, kept out of parseServerFrame so that stays small enough to inline: every other frame, and a precise message for a broken one. */
function checkFrame(text: string, o: unknown): ServerFrame {
  if (!isObj(o)) fail(text, 'not a JSON object');
  const type = o['type'];
  // Own keys only: "constructor" is no frame type.
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) fail(text, `unknown frame type ${JSON.stringify(type)}`);
  check(text, o, SHAPES[type]!, type);
  if (type === 'event') check(text, o['envelope'] as Record<string, unknown>, ENVELOPE, 'event.envelope');
  return o as unknown as ServerFrame;
}

/** Encodes a client frame (one JSON text message). */
export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}

/** True when the contract says not to reconnect after this close code (4401: only after one token re-read). */
export function isFatalCloseCode(code: number): boolean {
  return FATAL_CLOSE_CODES.includes(code);
}

/** The contract's name of a close code (`normal`, `unauthorized`, ...), or undefined. */
export function closeCodeName(code: number): string | undefined {
  for (const name in CLOSE_CODES) if (CLOSE_CODES[name as keyof typeof CLOSE_CODES] === code) return name;
  return undefined;
}
