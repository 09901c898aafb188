// Type tests: the seed examples type-check as written; what the contract forbids does not.
import { describe, expectTypeOf, test } from 'vitest';
import { DaemonClient, DaemonRestClient, TurnStream } from '@opta/daemon-client';
import type {
  EventEnvelope,
  EventPage,
  Health,
  RequestOptions,
  Session,
  SessionMode,
  SessionPage,
  Turn,
} from '@opta/daemon-client';
import type { components } from '../../generated/openapi.js';

declare const client: DaemonClient;

describe('the seed examples', () => {
  test('Creating a client', async () => {
    const c = new DaemonClient({ host: '127.0.0.1', port: 9999, token: '<bearer-token>' });
    const health = await c.health();
    expectTypeOf(health).toEqualTypeOf<Health>();
    expectTypeOf(health.status).toEqualTypeOf<'ok'>();
    expectTypeOf(new DaemonClient()).toEqualTypeOf<DaemonClient>();
  });

  test('Session lifecycle', async () => {
    const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
    expectTypeOf(session).toEqualTypeOf<Session>();
    expectTypeOf(session.id).toBeString();
    expectTypeOf(session.status).toEqualTypeOf<'active' | 'cancelled' | 'closed'>();
    const turn = await client.submitTurn(session.id, { content: 'Explain how unified memory works on Apple Silicon' });
    expectTypeOf(turn).toEqualTypeOf<Turn>();
    const events = await client.getEvents(session.id, { afterSeq: 0 });
    expectTypeOf(events).toEqualTypeOf<EventEnvelope[]>();
    expectTypeOf(await client.getEvents(session.id, { afterSeq: 0, waitMs: 5_000 })).toEqualTypeOf<EventEnvelope[]>();
    for (const event of events) {
      expectTypeOf(event.seq).toBeNumber();
      if (event.event === 'turn.token') expectTypeOf(event.data.token).toBeString();
      if (event.event === 'turn.done') expectTypeOf(event.stats.outputTokens).toBeNumber();
    }
  });
});

describe('types come from generated/', () => {
  test('friendly names are the contract schemas', () => {
    expectTypeOf<Session>().toEqualTypeOf<components['schemas']['Session']>();
    expectTypeOf<SessionMode>().toEqualTypeOf<'chat' | 'do'>();
    expectTypeOf<SessionPage['items'][number]>().toEqualTypeOf<Session>();
    expectTypeOf<EventPage['events']>().toEqualTypeOf<EventEnvelope[]>();
  });

  test('the other methods', () => {
    expectTypeOf(client.getSession).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf(client.closeSession).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf(client.cancelSession).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf(client.getTurn).returns.resolves.toEqualTypeOf<Turn>();
    expectTypeOf(client.listSessionsPage).returns.resolves.toEqualTypeOf<SessionPage>();
    expectTypeOf(client.listSessions()).toMatchTypeOf<AsyncIterable<Session>>();
    expectTypeOf(client.getEventPage).returns.resolves.toEqualTypeOf<EventPage>();
    expectTypeOf(client.readEvents).returns.resolves.toEqualTypeOf<EventEnvelope[]>();
    expectTypeOf(client.resolveBaseUrl).returns.resolves.toBeString();
    // The token is not on the public surface.
    expectTypeOf<DaemonClient>().not.toHaveProperty('getToken');
    expectTypeOf(client.getSession).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
  });

  test('DaemonRestClient: the same REST methods, no stream; a DaemonClient is one', () => {
    expectTypeOf<DaemonClient>().toMatchTypeOf<DaemonRestClient>();
    expectTypeOf<DaemonRestClient['getEvents']>().toEqualTypeOf<DaemonClient['getEvents']>();
    expectTypeOf<DaemonRestClient>().not.toHaveProperty('connectWebSocket');
    expectTypeOf<DaemonRestClient>().not.toHaveProperty('streamTurn');
  });

  test("a TurnStream's submit steps are not public", () => {
    expectTypeOf<TurnStream>().not.toHaveProperty('bind');
    expectTypeOf<TurnStream>().not.toHaveProperty('abort');
  });
});

describe('what the contract forbids does not compile', () => {
  test('bad mode, missing fields, unknown fields, bad query', () => {
    // @ts-expect-error -- "walk" is not a SessionMode
    void client.createSession({ mode: 'walk', model: 'qwen3-72b' });
    // @ts-expect-error -- model is required
    void client.createSession({ mode: 'chat' });
    // @ts-expect-error -- content is required
    void client.submitTurn('sess-abc123', {});
    // @ts-expect-error -- content must be a string
    void client.submitTurn('sess-abc123', { content: 42 });
    // @ts-expect-error -- afterSeq is a number
    void client.getEvents('sess-abc123', { afterSeq: '0' });
    // @ts-expect-error -- waitMs (the long-poll) is a number
    void client.getEvents('sess-abc123', { afterSeq: 0, waitMs: '10s' });
    // @ts-expect-error -- no such status
    void client.listSessionsPage({ status: 'running' });
    // @ts-expect-error -- timeout is a number
    void client.health({ timeout: '1s' });
    // @ts-expect-error -- port is a number
    void new DaemonClient({ port: '9999' });
  });
});
