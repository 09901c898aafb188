import type { EventEnvelope } from '../generated/events.js';
import { validateEventPageAllowingUnknown } from '../generated/validators.js';
import { Connection } from './internal/connection.js';
import { EpochChangedError } from './errors.js';
import type {
  CreateSessionRequest,
  EventPage,
  GetEventsParams,
  Health,
  ListSessionsParams,
  Session,
  SessionPage,
  SubmitTurnRequest,
  Turn,
} from './http/contract.js';
import type { DaemonClientOptions, Middleware, RequestOptions } from './http/options.js';
import { normalizeOptions } from './internal/options.js';
import { Transport } from './internal/transport.js';

// Nothing in this file imports src/stream/: a REST-only application's bundle stays without the
// stream (test/browser/bundle-size.test.ts measures it). src/client.ts adds the stream methods.

/**
 * How long `getEvents` asks the daemon to hold an answer that would have no events (a
 * long-poll): polling right after `submitTurn` then returns the turn's first events instead of
 * an empty list. `waitMs: 0` answers at once.
 */
export const DEFAULT_POLL_WAIT_MS = 10_000;

/** Each client's connection, for the stream wiring (see `resolveClientToken`); not a public property. */
const connections = new WeakMap<DaemonRestClient, Connection>();

/**
 * The bearer token of a client, resolved like a request would (`refresh` re-reads its source
 * after the daemon refused it). For the stream wiring only: no entry exports it, so the token
 * is not reachable through the public surface.
 */
export async function resolveClientToken(client: DaemonRestClient, refresh = false): Promise<string> {
  const connection = connections.get(client);
  if (!connection) throw new TypeError('resolveClientToken: not a DaemonClient');
  return (await connection.resolve(true, refresh)).token as string;
}

/**
 * The typed client of the Opta daemon v3 REST API, without the event stream (browser-safe).
 * Nothing is resolved at construction: the address and token are found on the first request,
 * which rejects with a typed error when they cannot be.
 *
 * An application that only calls REST imports this class: it does not reach `src/stream/`, so
 * a bundler leaves the reconnecting stream and its frame validators out (README, "Browser cost
 * per feature"). `DaemonClient` is this class plus the stream methods (`connectWebSocket`,
 * `streamTurn`, `stream`, `attach`, `cancel`, `close`). The Node entry's `DaemonRestClient`
 * adds env + state.json discovery.
 */
export class DaemonRestClient {
  readonly #middleware: Middleware[];
  readonly #connection: Connection;
  readonly #transport: Transport;

  constructor(options: DaemonClientOptions = {}) {
    const normalized = normalizeOptions(options);
    this.#middleware = normalized.middleware;
    this.#connection = new Connection(normalized);
    this.#transport = new Transport(normalized, this.#connection);
    connections.set(this, this.#connection);
  }

  /** Adds request/response hooks (like openapi-fetch's `client.use`), run on every later attempt. */
  use(...middleware: Middleware[]): this {
    this.#middleware.push(...middleware);
    return this;
  }

  /** The daemon's base URL, e.g. `http://127.0.0.1:9999`, resolved like a request would (the stream's `url` is built from it). */
  async resolveBaseUrl(): Promise<string> {
    return (await this.#connection.resolve(false)).baseUrl;
  }

  // ---- health ---------------------------------------------------------------------------------

  /** `GET /v3/health`, the liveness probe (needs no token). */
  health(options?: RequestOptions): Promise<Health> {
    return this.#transport.request('GET', '/v3/health', { auth: false }, options);
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** `POST /v3/sessions`. Not retried once it may have reached the daemon (a retry could create two sessions). */
  createSession(body: CreateSessionRequest, options?: RequestOptions): Promise<Session> {
    return this.#transport.request('POST', '/v3/sessions', { body, idempotent: false }, options);
  }

  /** `GET /v3/sessions`: one page, newest first. Pass `nextCursor` back as `cursor` for the next. */
  listSessionsPage(params?: ListSessionsParams, options?: RequestOptions): Promise<SessionPage> {
    return this.#transport.request('GET', '/v3/sessions', { query: params }, options);
  }

  /** Every session (newest first), fetching pages as the loop goes: `for await (const s of client.listSessions())`. */
  async *listSessions(params?: ListSessionsParams, options?: RequestOptions): AsyncGenerator<Session, void, undefined> {
    let pageParams = params;
    for (;;) {
      const page = await this.listSessionsPage(pageParams, options);
      yield* page.items;
      if (!page.nextCursor) return;
      pageParams = { ...pageParams, cursor: page.nextCursor };
    }
  }

  /** `GET /v3/sessions/{sessionId}`. */
  getSession(sessionId: string, options?: RequestOptions): Promise<Session> {
    return this.#transport.request('GET', '/v3/sessions/{sessionId}', { path: { sessionId } }, options);
  }

  /** `POST /v3/sessions/{sessionId}/close` (idempotent per the contract, so retried). */
  closeSession(sessionId: string, options?: RequestOptions): Promise<Session> {
    return this.#transport.request('POST', '/v3/sessions/{sessionId}/close', { path: { sessionId } }, options);
  }

  /** `POST /v3/sessions/{sessionId}/cancel` (idempotent per the contract, so retried). */
  cancelSession(sessionId: string, options?: RequestOptions): Promise<Session> {
    return this.#transport.request('POST', '/v3/sessions/{sessionId}/cancel', { path: { sessionId } }, options);
  }

  // ---- turns ----------------------------------------------------------------------------------

  /**
   * `POST /v3/sessions/{sessionId}/turns`. Sends an Idempotency-Key (options.idempotencyKey, or
   * a UUID made once per call) that its retries reuse, so a retry never starts a second turn.
   */
  submitTurn(sessionId: string, body: SubmitTurnRequest, options?: RequestOptions): Promise<Turn> {
    const idempotencyKey = options?.idempotencyKey ?? crypto.randomUUID();
    const headers = { 'idempotency-key': idempotencyKey };
    return this.#transport.request('POST', '/v3/sessions/{sessionId}/turns', { path: { sessionId }, body, headers }, options);
  }

  /** `GET /v3/sessions/{sessionId}/turns/{turnId}`. */
  getTurn(sessionId: string, turnId: string, options?: RequestOptions): Promise<Turn> {
    return this.#transport.request('GET', '/v3/sessions/{sessionId}/turns/{turnId}', { path: { sessionId, turnId } }, options);
  }

  // ---- events ---------------------------------------------------------------------------------

  /**
   * `GET /v3/sessions/{sessionId}/events`: the full page (`events`, `headSeq`, `oldestSeq`,
   * `epoch`, `hasMore`). Answers at once unless `waitMs` asks for a long-poll. As on the stream,
   * an envelope whose event name is newer than this SDK (but well-formed) is passed through,
   * not refused: switch on `event` with a default branch.
   */
  async getEventPage(sessionId: string, params?: GetEventsParams, options?: RequestOptions): Promise<EventPage> {
    const call = { path: { sessionId }, query: params, waitMs: params?.waitMs, validateSuccess: validateEventPageAllowingUnknown };
    const page = await this.#transport.request('GET', '/v3/sessions/{sessionId}/events', call, options);
    return page as EventPage;
  }

  /**
   * The events after `afterSeq` (at most `limit`, default 500): one page's `events`. When none
   * exists yet it waits up to `waitMs` (default DEFAULT_POLL_WAIT_MS, 10 s; at most 30 s) for
   * the session's next event, so polling right after `submitTurn` returns the turn's first
   * events. Use `readEvents` for everything up to the head, `getEventPage` for the cursors.
   */
  async getEvents(sessionId: string, params?: GetEventsParams, options?: RequestOptions): Promise<EventEnvelope[]> {
    const withWait = { ...params, waitMs: params?.waitMs ?? DEFAULT_POLL_WAIT_MS };
    const page = await this.getEventPage(sessionId, withWait, options);
    return page.events;
  }

  /**
   * Every event after `afterSeq` up to the session's `headSeq` as of the first page, paging as
   * needed. Throws EpochChangedError if the daemon's buffer changed life meanwhile, and
   * CursorExpiredError (with `resumeAfterSeq`) when `afterSeq` is older than what it holds.
   */
  async readEvents(sessionId: string, params?: GetEventsParams, options?: RequestOptions): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    let afterSeq = params?.afterSeq ?? 0;
    let firstPage: EventPage | undefined;
    for (;;) {
      const page = await this.getEventPage(sessionId, { ...params, afterSeq }, options);
      firstPage ??= page;
      if (page.epoch !== firstPage.epoch) throw new EpochChangedError(firstPage.epoch, page.epoch);
      events.push(...page.events);
      const last = page.events.at(-1);
      if (!last || !page.hasMore || last.seq >= firstPage.headSeq) return events;
      afterSeq = last.seq;
    }
  }
}
