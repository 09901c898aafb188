import type { SessionCancelledEvent } from '../generated/events.js';
import type { SubmitTurnRequest } from './http/contract.js';
import type { RequestOptions } from './http/options.js';
import { DaemonRestClient, resolveClientToken } from './rest-client.js';
import { EventStream, type EventStreamOptions } from './stream/connection.js';
import { attach, cancelSession as awaitCancelled, SessionStream, streamTurn, TurnStream, type SessionStreamOptions, type TurnStreamOptions } from './stream/turn.js';

// For the tests that read a client's token the way the stream does (no entry exports it).
export { resolveClientToken } from './rest-client.js';

/** Options of `connectWebSocket`: every EventStreamOptions field; the client supplies url, token and the REST gap filler. */
export type ConnectWebSocketOptions = Partial<EventStreamOptions>;

/**
 * The typed client of the Opta daemon v3: every REST method of {@link DaemonRestClient}, plus
 * the reconnecting WebSocket event stream (`connectWebSocket`) and the iterators over it
 * (`streamTurn`, `stream`, `attach`, `cancel`) on one connection shared per client (browser-safe).
 * Nothing is resolved at construction: the address and token are found on the first request,
 * which rejects with a typed error when they cannot be. The Node entry's DaemonClient adds
 * env + state.json discovery and the `ws` transport where Node has no global WebSocket.
 * An application that never streams can import DaemonRestClient and bundle without the stream.
 */
export class DaemonClient extends DaemonRestClient {
  /** The connection `streamTurn`, `stream`, `attach` and `cancel` share; opened on first use. */
  #shared: EventStream | undefined;

  /**
   * Opens the WebSocket event stream (`/v3/ws` on the daemon's host and port). By default it
   * follows every session of this token — a turn submitted afterwards streams with no further
   * call — keeping a cursor per session so that every event arrives exactly once, in order,
   * across reconnects (gaps are filled over REST; losses the daemon cannot fill are announced
   * with `resync`). The token goes in the first frame, never in the URL.
   */
  connectWebSocket(options: ConnectWebSocketOptions = {}): EventStream {
    return new EventStream({
      url: async () => `${(await this.resolveBaseUrl()).replace(/^http/, 'ws')}/v3/ws`,
      getToken: ({ refresh }) => resolveClientToken(this, refresh),
      fetchEvents: (sessionId, afterSeq, limit, request) =>
        this.getEventPage(sessionId, { afterSeq, limit }, request?.signal ? { signal: request.signal } : undefined),
      // Why a connection failed (403 Host/Origin, 401, unreachable), told by REST with the token.
      // A refused connection also makes the REST layer re-read a discovered address, so the
      // next url() follows a daemon that restarted on another port.
      probe: () => this.listSessionsPage({ limit: 1 }, { maxRetries: 1, timeout: 2000 }),
      ...options,
    });
  }

  /**
   * Submits a turn and iterates its events, ending after its stop event:
   * `for await (const e of client.streamTurn(id, { content })) …` or `await t.finalText()`.
   * It listens before submitting, so no event is missed; `break` unsubscribes. Pass
   * `afterSeq` (e.g. the session's `headSeq`) to skip replaying the session's history.
   */
  streamTurn(sessionId: string, body: SubmitTurnRequest, options: SessionStreamOptions & RequestOptions = {}): TurnStream {
    return streamTurn(this.#sharedStream(), sessionId, () => this.submitTurn(sessionId, body, options), options);
  }

  /** Iterates a session's events after `afterSeq` (default: from now) until `close()` or abort. */
  stream(sessionId: string, options: SessionStreamOptions = {}): SessionStream {
    return new SessionStream(this.#sharedStream(), sessionId, options);
  }

  /**
   * Picks up a turn from another process or a reloaded page: iterates `turnId` (default: the
   * first turn after `afterSeq`) to its stop event, replaying what was missed.
   */
  attach(sessionId: string, options: TurnStreamOptions = {}): TurnStream {
    return attach(this.#sharedStream(), sessionId, options);
  }

  /** Cancels the session and resolves with its `session.cancelled` event once that arrives. */
  cancel(sessionId: string, options: SessionStreamOptions & RequestOptions = {}): Promise<SessionCancelledEvent> {
    return awaitCancelled(this.#sharedStream(), sessionId, () => this.cancelSession(sessionId, options), options);
  }

  /** Closes the connection the iterators share (connections from `connectWebSocket` close themselves). */
  close(): void {
    this.#shared?.close();
    this.#shared = undefined;
  }

  #sharedStream(): EventStream {
    return (this.#shared ??= this.connectWebSocket({ follow: 'none' }));
  }
}
