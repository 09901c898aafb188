/**
 * Friendly names for the REST contract's types, all taken from generated/ (never hand-written),
 * and the per-operation helpers the transport and the client are typed with.
 */
import type { components, operations, paths } from '../../generated/openapi.js';
import type { EventEnvelope } from '../../generated/events.js';

type Schemas = components['schemas'];

export type Health = Schemas['Health'];
export type Session = Schemas['Session'];
export type SessionMode = Schemas['SessionMode'];
export type SessionStatus = Schemas['SessionStatus'];
export type SessionPage = Schemas['SessionPage'];
export type CreateSessionRequest = Schemas['CreateSessionRequest'];
export type SubmitTurnRequest = Schemas['SubmitTurnRequest'];
export type Turn = Schemas['Turn'];
export type TurnStatus = Schemas['TurnStatus'];
export type Problem = Schemas['Problem'];
export type CursorExpiredProblem = Schemas['CursorExpiredProblem'];

/**
 * One page of a session's events. Same as the contract's EventPage, with `events` typed by the
 * envelope union of generated/events.ts (the one the stream code uses), so both narrow on `event`.
 */
export type EventPage = Omit<Schemas['EventPage'], 'events'> & { events: EventEnvelope[] };

/** An operation id of the contract. */
export type OperationId = keyof operations;

type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type SuccessStatus = 200 | 201 | 202;

/** The JSON body of an operation's success answer. */
export type SuccessBody<Op extends OperationId> = JsonContent<
  operations[Op]['responses'][Extract<keyof operations[Op]['responses'], SuccessStatus>]
>;

/** The JSON request body of an operation (never when it has none). */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The query parameters of an operation. */
export type QueryParams<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

// ---- operations named by method and path (keys of the generated `paths`) -----------------------

/** The HTTP methods the contract uses. */
export type HttpMethod = 'GET' | 'POST';

/** The operation a path declares for a method; `never` when it declares none. */
export type OperationAt<Path extends keyof paths, Method extends HttpMethod> = NonNullable<paths[Path][Lowercase<Method>]>;

/** Every path that declares `Method`: `PathWith<'POST'>` is `'/v3/sessions' | '/v3/sessions/{sessionId}/close' | …`. */
export type PathWith<Method extends HttpMethod> = {
  [Path in keyof paths]: [OperationAt<Path, Method>] extends [never] ? never : Path;
}[keyof paths];

/** The JSON body of an operation's success answer (200, 201 or 202). */
export type ResponseBodyOf<Operation> = Operation extends { responses: infer Responses }
  ? JsonContent<Responses[Extract<keyof Responses, SuccessStatus>]>
  : never;

/** The path parameters of an operation: `{ sessionId: string }`, or never when it has none. */
export type PathParamsOf<Operation> = Operation extends { parameters: { path: infer Params } } ? Params : never;

/** The query parameters of an operation, or never when it has none. */
export type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** The JSON request body of an operation, or never when it takes none. */
export type RequestBodyOf<Operation> = Operation extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;

/** Query of `listSessions` / `listSessionsPage`: `cursor`, `limit` (default 50), `status`. */
export type ListSessionsParams = QueryParams<'listSessions'>;
/** Query of `getEvents` / `getEventPage`: `afterSeq` (default 0), `limit` (default 500, max 1000). */
export type GetEventsParams = QueryParams<'getEvents'>;
