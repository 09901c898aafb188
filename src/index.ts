// The browser-safe public face: re-exports only, each name on purpose (etc/*.api.md records the
// surface; `npm run api:check` fails when it changes unnoticed). Nothing reachable from here
// imports node:*. Grouped by the file that defines the names. Left out on purpose, as internals:
// the frame parser and encoder (src/protocol.ts), `parseRetryAfter` (src/errors.ts), the stream
// helpers behind the client's methods (`streamTurn`, `attach`, `cancelSession`: use
// `client.streamTurn`, `client.attach`, `client.cancel`), the stream's own page type (the
// contract's `EventPage` fits it), the frame types and the transport's operation-typing helpers.

// ---- src/rest-client.ts and src/client.ts: the clients ----------------------------------------
// DaemonRestClient: REST only, reaches nothing of src/stream/ (a REST-only bundle stays small);
// DaemonClient: the same plus the event stream and its iterators.
export { DaemonRestClient } from './rest-client.js';
export { DaemonClient, type ConnectWebSocketOptions } from './client.js';

// ---- src/http/: options, logging -----------------------------------------------------------
export type { DaemonClientOptions, RequestOptions, Middleware, OutgoingRequest } from './http/options.js';
export type { Logger } from './http/logger.js';

// ---- src/http/contract.ts: request and response bodies, from the OpenAPI contract -------------
export type {
  Health,
  Session,
  SessionMode,
  SessionStatus,
  SessionPage,
  CreateSessionRequest,
  SubmitTurnRequest,
  Turn,
  TurnStatus,
  Problem,
  CursorExpiredProblem,
  EventPage,
  ListSessionsParams,
  GetEventsParams,
} from './http/contract.js';

// ---- src/auth/: discovery and token stores -------------------------------------------------
export type { Discover, DiscoverRequest, Discovered } from './auth/discover.js';
export { MemoryTokenStore, LocalStorageTokenStore, type TokenStore, type StorageLike } from './auth/token-store.js';

// ---- src/errors.ts: the error tree ---------------------------------------------------------
export {
  DaemonError,
  StateFileError,
  StateFileMissingError,
  StateFileUnreadableError,
  StateFileInvalidError,
  TokenMissingError,
  TokenInvalidError,
  InvalidIdError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  CursorExpiredError,
  PayloadTooLargeError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  ContractError,
  EpochChangedError,
  type ErrorCode,
} from './errors.js';

// ---- generated/events.ts: the event envelopes, from the contract ------------------------------
export {
  EVENT_NAMES,
  STOP_EVENTS,
  type EventEnvelope,
  type EventName,
  type EventMap,
  type StopEvent,
  type StopEventName,
  type Seq,
  type SessionId,
  type TurnId,
  type EventTime,
  type TurnTokenEvent,
  type TurnTokenData,
  type TurnThinkingEvent,
  type TurnThinkingData,
  type TurnToolCallEvent,
  type TurnToolCallData,
  type TurnToolResultEvent,
  type TurnToolResultData,
  type TurnDoneEvent,
  type TurnDoneData,
  type TurnStats,
  type TurnErrorEvent,
  type TurnErrorData,
  type SessionCancelledEvent,
  type SessionCancelledData,
} from '../generated/events.js';

// ---- src/stream/: the reconnecting event stream, its iterators and errors -----------------------
export {
  EventStream,
  SessionStream,
  TurnStream,
  isStopEvent,
  StreamError,
  ProtocolError,
  StreamConnectionError,
  StreamForbiddenError,
  FatalCloseError,
  StreamAuthError,
  StreamServerError,
  ResyncError,
  StreamClosedError,
  type EventStreamOptions,
  type EventStreamEvents,
  type SessionStreamOptions,
  type TurnStreamOptions,
  type StreamState,
  type ConnectInfo,
  type DisconnectInfo,
  type ReconnectInfo,
  type ResyncInfo,
  type UnknownEnvelope,
  type CursorExpiredLike,
  type BackoffOptions,
  type WebSocketLike,
  type WebSocketConstructor,
} from './stream/index.js';

// ---- src/protocol.ts and generated/stream-protocol.ts: close codes, cursors, limits -------------
export { isFatalCloseCode, closeCodeName } from './protocol.js';
export {
  CLOSE_CODES,
  FATAL_CLOSE_CODES,
  STREAM_LIMITS,
  type CloseCodeName,
  type Cursor,
  type Epoch,
  type SessionCursors,
  type SessionHeads,
  type StreamLimits,
  type StreamErrorCode,
} from '../generated/stream-protocol.js';
