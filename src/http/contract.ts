/**
 * Friendly names for the REST contract's types, all taken from generated/ (never hand-written),
 * and the per-operation helpers the transport and the client are typed with.
 */
import type { components, operations } from '../../generated/openapi.js';
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

/** Query of `listSessions` / `listSessionsPage`: `cursor`, `limit` (default 50), `status`. */
export type ListSessionsParams = QueryParams<'listSessions'>;
/** Query of `getEvents` / `getEventPage`: `afterSeq` (default 0), `limit` (default 500, max 1000). */
export type GetEventsParams = QueryParams<'getEvents'>;
