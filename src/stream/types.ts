/** Shapes the stream shares with its shell's collaborators (the REST gap filler, the transport). */
import type { EventEnvelope } from '../../generated/events.js';

/** One page of `GET /v3/sessions/{id}/events` (the REST contract's EventPage). */
export interface EventPage {
  readonly events: readonly EventEnvelope[];
  readonly headSeq: number;
  readonly oldestSeq: number;
  readonly epoch: string;
  readonly hasMore: boolean;
}

/**
 * What `fetchEvents` must reject with on `410 cursor_expired` (the CursorExpiredProblem fields;
 * the REST client's CursorExpiredError fits). Without a numeric oldestSeq it counts as a failed fill.
 */
export interface CursorExpiredLike {
  readonly status: 410;
  readonly oldestSeq: number;
  readonly headSeq?: number | undefined;
  readonly epoch?: string | undefined;
}

/** An envelope whose `event` is not in EVENT_NAMES (a newer daemon). */
export interface UnknownEnvelope {
  readonly event: string;
  readonly seq: number;
  readonly sessionId: string;
  readonly turnId?: string | null;
  readonly time?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The part of the WHATWG WebSocket the stream uses. `ws`'s WebSocket class fits as is. */
export interface WebSocketLike {
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: { readonly data: unknown }) => void) | null;
  onclose: ((ev: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((ev: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drop the socket without a close handshake. */
  terminate?(): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;
