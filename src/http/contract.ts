/**
 * Friendly names for the REST contract's types, all taken from generated/ (never hand-written).
 * The per-operation helpers the transport is typed with are private: src/internal/operation-types.ts.
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

type OperationId = keyof operations;

/** The query parameters of an operation. */
type QueryParams<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

/** Query of `listSessions` / `listSessionsPage`: `cursor`, `limit` (default 50), `status`. */
export type ListSessionsParams = QueryParams<'listSessions'>;
/** Query of `getEvents` / `getEventPage`: `afterSeq` (default 0), `limit` (default 500, max 1000). */
export type GetEventsParams = QueryParams<'getEvents'>;
