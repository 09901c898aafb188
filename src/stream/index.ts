// The event stream, browser-safe: nothing here imports node:* or ws (only ./ws-node.ts does).
export {
  EventStream,
  type EventStreamOptions,
  type EventStreamEvents,
  type EventPage as StreamEventPage, // the REST contract's EventPage (src/http/contract.ts) fits it
  type CursorExpiredLike,
  type UnknownEnvelope,
  type StreamState,
  type ConnectInfo,
  type DisconnectInfo,
  type ReconnectInfo,
  type WebSocketLike,
  type WebSocketConstructor,
} from './connection.js';
export { SessionStream, TurnStream, streamTurn, attach, cancelSession, type SessionStreamOptions, type TurnStreamOptions } from './turn.js';
export { isStopEvent } from './stop-events.js';
export type { BackoffOptions } from './backoff.js';
export {
  StreamError,
  ProtocolError,
  StreamConnectionError,
  StreamForbiddenError,
  FatalCloseError,
  StreamAuthError,
  StreamServerError,
  ResyncError,
  StreamClosedError,
  type ResyncInfo,
} from './errors.js';
