/**
 * Frames in and out of the daemon's WebSocket (specs/daemon-v3.asyncapi.yaml): parse and check
 * ONE server frame, encode client frames, and the close-code table. Browser-safe, no I/O.
 * Frames are checked by the validators generated from the contract (generated/validators.ts):
 * an envelope's `data` must have its event's shape, so a broken frame never passes for an event.
 */
import {
  CLOSE_CODES,
  FATAL_CLOSE_CODES,
  type ClientFrame,
  type ServerFrame,
} from '../generated/stream-protocol.js';
import { classifyServerFrame, lastValidationError } from '../generated/validators.js';
import { ProtocolError } from './stream/errors.js';

export type { ClientFrame, ServerFrame };

/**
 * What a ProtocolError says about the frame: its size and, if readable, its type — never its
 * text, which may carry anything (the token included).
 */
function describeFrame(size: number, type?: unknown): string {
  const known = typeof type === 'string' && Object.hasOwn(FRAME_TYPES, type) ? `${type} frame` : 'frame';
  return `${known} of ${size} characters`;
}
const FRAME_TYPES: Readonly<Record<string, true>> = {
  auth_ok: true, subscribed: true, unsubscribed: true, event: true, cursor_expired: true, heartbeat: true, pong: true, error: true,
};

/**
 * Parses one text frame from the daemon. Throws ProtocolError saying where the frame breaks the
 * contract (a JSON path and what the schema wants there; no part of the value). An event whose
 * name this SDK does not know, with a well-formed envelope, passes (it goes to `unknown`).
 */
export function parseServerFrame(text: unknown): ServerFrame {
  if (typeof text !== 'string') throw new ProtocolError('invalid server frame: binary frame (text expected)', 'a binary frame');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('invalid server frame: not JSON', describeFrame(text.length));
  }
  const verdict = classifyServerFrame(value);
  if (verdict === 'valid') return value as ServerFrame;
  if (verdict === 'unknown') {
    // A well-formed event of a name newer than this SDK passes (to `unknown`); a new frame type does not.
    if ((value as { type: unknown }).type === 'event') return value as ServerFrame;
    throw new ProtocolError('invalid server frame: a frame type this SDK does not know', describeFrame(text.length));
  }
  const { path, expected } = lastValidationError();
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  throw new ProtocolError(`invalid server frame: ${path} must be ${expected}`, describeFrame(text.length, type));
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
