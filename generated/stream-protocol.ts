// generated — do not edit. Source: specs/daemon-v3.asyncapi.yaml (npm run generate: scripts/generate.ts + scripts/templates/asyncapi-ts).

import type { EventEnvelope, Seq, SessionId, EventTime } from './events.js';

export interface AuthFrame {
  readonly type: "auth";
  readonly token: string;
}

export interface SubscribeFrame {
  readonly type: "subscribe";
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike. */
  readonly afterSeq: Cursor;
}

/** The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike. */
export type Cursor = number;

export interface SubscribeAllFrame {
  readonly type: "subscribe_all";
  /** Known sessions and the last seq seen in each. The daemon checks the entries one by one before the frame: an entry that breaks this schema gets its own `error` and the others subscribe (the frame is not refused for it). */
  readonly cursors: SessionCursors;
  /** The collection cursor: how many sessions were created in this epoch (sessions that outlive a restart are numbered first in the new epoch). Sent back as `subscribe_all.afterSessionsSeq`: sessions created after it start from seq 1. */
  readonly afterSessionsSeq?: SessionsSeq;
}

/** Known sessions and the last seq seen in each. The daemon checks the entries one by one before the frame: an entry that breaks this schema gets its own `error` and the others subscribe (the frame is not refused for it). */
export interface SessionCursors {
  readonly [key: string]: Cursor;
}

/** The collection cursor: how many sessions were created in this epoch (sessions that outlive a restart are numbered first in the new epoch). Sent back as `subscribe_all.afterSessionsSeq`: sessions created after it start from seq 1. */
export type SessionsSeq = number;

export interface UnsubscribeFrame {
  readonly type: "unsubscribe";
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
}

export interface PingFrame {
  readonly type: "ping";
  readonly id?: string;
}

export interface AuthOkFrame {
  readonly type: "auth_ok";
  readonly connectionId: string;
  /** Identifies one life of the daemon's event buffer. It changes when the daemon restarts or loses its buffer; seqs from another epoch must not be compared with seqs of this one. */
  readonly epoch: Epoch;
  readonly heartbeatIntervalMs: number;
  /** The collection cursor: how many sessions were created in this epoch (sessions that outlive a restart are numbered first in the new epoch). Sent back as `subscribe_all.afterSessionsSeq`: sessions created after it start from seq 1. */
  readonly sessionsSeq?: SessionsSeq;
  readonly limits: StreamLimits;
}

/** Identifies one life of the daemon's event buffer. It changes when the daemon restarts or loses its buffer; seqs from another epoch must not be compared with seqs of this one. */
export type Epoch = string;

export interface StreamLimits {
  readonly maxClientFrameBytes: number;
  readonly maxSubscriptions: number;
}

/** A subscription is in place. `afterSeq` is where it starts: the next event sent for the session is afterSeq + 1. */
export interface SubscribedFrame {
  readonly type: "subscribed";
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike. */
  readonly afterSeq: Cursor;
  /** The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike. */
  readonly headSeq: Cursor;
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly oldestSeq: Seq;
  /** Identifies one life of the daemon's event buffer. It changes when the daemon restarts or loses its buffer; seqs from another epoch must not be compared with seqs of this one. */
  readonly epoch: Epoch;
  /** The collection cursor: how many sessions were created in this epoch (sessions that outlive a restart are numbered first in the new epoch). Sent back as `subscribe_all.afterSessionsSeq`: sessions created after it start from seq 1. */
  readonly sessionsSeq?: SessionsSeq;
}

export interface UnsubscribedFrame {
  readonly type: "unsubscribed";
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
}

export interface EventFrame {
  readonly type: "event";
  /** Any event of a session, told apart by `event`. */
  readonly envelope: EventEnvelope;
}

export interface CursorExpiredFrame {
  readonly type: "cursor_expired";
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike. */
  readonly afterSeq: Cursor;
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly oldestSeq: Seq;
  /** The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike. */
  readonly headSeq: Cursor;
  /** Identifies one life of the daemon's event buffer. It changes when the daemon restarts or loses its buffer; seqs from another epoch must not be compared with seqs of this one. */
  readonly epoch: Epoch;
}

export interface HeartbeatFrame {
  readonly type: "heartbeat";
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  /** Identifies one life of the daemon's event buffer. It changes when the daemon restarts or loses its buffer; seqs from another epoch must not be compared with seqs of this one. */
  readonly epoch: Epoch;
  /** Head seq of every session this connection follows. */
  readonly heads: SessionHeads;
  /** The collection cursor: how many sessions were created in this epoch (sessions that outlive a restart are numbered first in the new epoch). Sent back as `subscribe_all.afterSessionsSeq`: sessions created after it start from seq 1. */
  readonly sessionsSeq?: SessionsSeq;
}

/** Head seq of every session this connection follows. */
export interface SessionHeads {
  readonly [key: string]: Cursor;
}

export interface PongFrame {
  readonly type: "pong";
  readonly id?: string;
}

export interface ErrorFrame {
  readonly type: "error";
  /** Why a request frame failed (the connection stays open). `bad_frame`: a known type with an invalid shape; an unknown type or a non-JSON frame closes with 4400 instead. `session_not_found` also answers each unknown session in a `subscribe_all` cursor map, and `bad_frame` with `entry` each invalid entry of it (the other entries subscribe). */
  readonly code: StreamErrorCode;
  readonly message: string;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId?: SessionId;
  /** The key of the `subscribe_all.cursors` entry this error answers (at most 80 characters of it). */
  readonly entry?: string;
}

/** Why a request frame failed (the connection stays open). `bad_frame`: a known type with an invalid shape; an unknown type or a non-JSON frame closes with 4400 instead. `session_not_found` also answers each unknown session in a `subscribe_all` cursor map, and `bad_frame` with `entry` each invalid entry of it (the other entries subscribe). */
export type StreamErrorCode = "bad_frame" | "session_not_found" | "too_many_subscriptions" | "internal";

/** A frame a client sends. */
export type ClientFrame = AuthFrame | SubscribeFrame | SubscribeAllFrame | UnsubscribeFrame | PingFrame;

/** A frame the daemon sends. */
export type ServerFrame = AuthOkFrame | SubscribedFrame | UnsubscribedFrame | EventFrame | CursorExpiredFrame | HeartbeatFrame | PongFrame | ErrorFrame;

/** The `type` of every client frame. */
export const CLIENT_FRAME_TYPES = ["auth","subscribe","subscribe_all","unsubscribe","ping"] as const;

/** The `type` of every server frame. */
export const SERVER_FRAME_TYPES = ["auth_ok","subscribed","unsubscribed","event","cursor_expired","heartbeat","pong","error"] as const;

export type ClientFrameType = ClientFrame['type'];
export type ServerFrameType = ServerFrame['type'];

/** WebSocket close codes of the contract by name; FATAL_CLOSE_CODES lists those not to retry. */
export const CLOSE_CODES = {
  /** Retryable: The daemon closed the connection without a reason code; reconnect (a client that closes on purpose does not). */
  normal: 1000,
  /** Retryable: The daemon is shutting down or restarting; reconnect. */
  going_away: 1001,
  /** Retryable: The connection dropped without a close frame; reconnect. */
  abnormal: 1006,
  /** Fatal: A text frame from the client was not valid UTF-8 (RFC 6455 §8.1); the client is broken, do not reconnect. */
  invalid_payload: 1007,
  /** Retryable: The daemon failed; reconnect with backoff. */
  internal_error: 1011,
  /** Retryable: The daemon is restarting; reconnect. */
  service_restart: 1012,
  /** Retryable: The daemon is overloaded; reconnect with backoff. */
  try_again_later: 1013,
  /** Fatal: A frame broke the protocol (not JSON, unknown type, frame before auth_ok). */
  bad_request: 4400,
  /** Fatal: The token is wrong; re-read it once from its source, then stop. */
  unauthorized: 4401,
  /** Fatal: The connection is not allowed. Host/Origin refusals normally happen at the upgrade (HTTP 403, seen by browsers as 1006); a daemon that checks later closes with 4403. */
  forbidden: 4403,
  /** Retryable: No auth frame arrived in time; reconnect. */
  auth_timeout: 4408,
  /** Fatal: A client frame exceeded the frame size limit. */
  frame_too_large: 4413,
  /** Retryable: Too many connections for this token; reconnect with backoff. */
  too_many_connections: 4429,
  /** Retryable: The client stopped reading and its queue reached maxQueuedBytesPerConnection; reconnect and resume from the cursors. */
  slow_consumer: 4460,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;

/** Close codes after which a client must stop reconnecting. */
export const FATAL_CLOSE_CODES: readonly number[] = [1007,4400,4401,4403,4413];

/** Limits the daemon enforces on a connection. */
export const STREAM_LIMITS = {
  authTimeoutMs: 5000,
  maxClientFrameBytes: 65536,
  maxSubscriptionsPerConnection: 256,
  maxConnectionsPerToken: 32,
  maxQueuedBytesPerConnection: 8388608,
  pongWithinMs: 1000
} as const;
