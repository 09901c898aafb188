// Type tests: the REST transport is typed by the generated `paths` (openapi-fetch style). A
// method and path the contract declares compile, with that operation's parameters, body and
// answer; any other pair, a missing path parameter or a body of another operation does not.
import { describe, expectTypeOf, test } from 'vitest';
import type { EventPage as ContractEventPage, Health, Session, SessionPage, Turn } from '@opta/daemon-client';
import type { components } from '../../generated/openapi.js';
import type { Transport } from '../../src/internal/transport.js';
import type { PathWith } from '../../src/internal/operation-types.js';

declare const transport: Transport;

describe('a declared method and path', () => {
  test('answer types come from the operation', () => {
    expectTypeOf(transport.request('GET', '/v3/health', { auth: false })).resolves.toEqualTypeOf<Health>();
    expectTypeOf(transport.request('GET', '/v3/sessions', {})).resolves.toEqualTypeOf<SessionPage>();
    expectTypeOf(transport.request('POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).resolves.toEqualTypeOf<Session>();
    expectTypeOf(transport.request('GET', '/v3/sessions/{sessionId}', { path: { sessionId: 'sess-1' } })).resolves.toEqualTypeOf<Session>();
    expectTypeOf(transport.request('POST', '/v3/sessions/{sessionId}/turns', { path: { sessionId: 'sess-1' }, body: { content: 'hi' } })).resolves.toEqualTypeOf<Turn>();
    expectTypeOf(transport.request('GET', '/v3/sessions/{sessionId}/turns/{turnId}', { path: { sessionId: 's', turnId: 't' } })).resolves.toEqualTypeOf<Turn>();
    expectTypeOf(transport.request('GET', '/v3/sessions/{sessionId}/events', { path: { sessionId: 's' }, query: { afterSeq: 0, waitMs: 100 } }))
      .resolves.toEqualTypeOf<components['schemas']['EventPage']>();
    expectTypeOf<ContractEventPage['headSeq']>().toBeNumber();
  });

  test('paths are grouped by the methods they declare', () => {
    expectTypeOf<PathWith<'POST'>>().toEqualTypeOf<
      '/v3/sessions' | '/v3/sessions/{sessionId}/close' | '/v3/sessions/{sessionId}/cancel' | '/v3/sessions/{sessionId}/turns'
    >();
    expectTypeOf<PathWith<'GET'>>().toEqualTypeOf<
      '/v3/health' | '/v3/sessions' | '/v3/sessions/{sessionId}' | '/v3/sessions/{sessionId}/turns/{turnId}' | '/v3/sessions/{sessionId}/events'
    >();
  });
});

describe('what the contract does not declare does not compile', () => {
  test('wrong pairs, missing or foreign parameters, foreign bodies', () => {
    // @ts-expect-error -- /v3/health declares no POST
    void transport.request('POST', '/v3/health', {});
    // @ts-expect-error -- /v3/sessions/{sessionId} declares no POST
    void transport.request('POST', '/v3/sessions/{sessionId}', { path: { sessionId: 's' } });
    // @ts-expect-error -- /v3/sessions/{sessionId}/close declares no GET
    void transport.request('GET', '/v3/sessions/{sessionId}/close', { path: { sessionId: 's' } });
    // @ts-expect-error -- no such path
    void transport.request('GET', '/v3/session', {});
    // @ts-expect-error -- no such method in the contract
    void transport.request('DELETE', '/v3/sessions', {});
    // @ts-expect-error -- sessionId is required
    void transport.request('GET', '/v3/sessions/{sessionId}', {});
    // @ts-expect-error -- turnId is required too
    void transport.request('GET', '/v3/sessions/{sessionId}/turns/{turnId}', { path: { sessionId: 's' } });
    // @ts-expect-error -- health has no path parameters
    void transport.request('GET', '/v3/health', { path: { sessionId: 's' } });
    // @ts-expect-error -- createSession needs its body
    void transport.request('POST', '/v3/sessions', {});
    // @ts-expect-error -- that is submitTurn's body
    void transport.request('POST', '/v3/sessions', { body: { content: 'hi' } });
    // @ts-expect-error -- getSession takes no body
    void transport.request('GET', '/v3/sessions/{sessionId}', { path: { sessionId: 's' }, body: { content: 'hi' } });
    // @ts-expect-error -- afterSeq is getEvents' query, not listSessions'
    void transport.request('GET', '/v3/sessions', { query: { afterSeq: 1 } });
  });
});
