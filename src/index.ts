// The browser-safe public face: re-exports only. Nothing reachable from here imports node:*.
export { DaemonClient, type ConnectWebSocketOptions } from './client.js';
export * from './errors.js';
export type { DaemonClientOptions, RequestOptions, Middleware, OutgoingRequest } from './http/options.js';
export type { Logger } from './http/logger.js';
export type * from './http/contract.js';
export type { Discover, DiscoverRequest, Discovered } from './auth/discover.js';
export { MemoryTokenStore, LocalStorageTokenStore, type TokenStore, type StorageLike } from './auth/token-store.js';
export * from '../generated/events.js';
export * from './stream/index.js';
export { parseServerFrame, encodeClientFrame, isFatalCloseCode, closeCodeName } from './protocol.js';
export * from '../generated/stream-protocol.js';
