/**
 * Node only: the `ws` package as the stream's transport, for Node versions or runtimes without a
 * global WebSocket. Never reachable from the browser entry; src/node.ts injects it.
 */
import WebSocket from 'ws';
import type { WebSocketConstructor } from './connection.js';

/** `ws`'s WebSocket class: same WHATWG-style API (onopen/onmessage/onclose, send, close) plus terminate(). */
export const NodeWebSocket: WebSocketConstructor = WebSocket as unknown as WebSocketConstructor;

/** The global WebSocket when there is one, else `ws`. */
export function defaultNodeWebSocket(): WebSocketConstructor {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? NodeWebSocket;
}
