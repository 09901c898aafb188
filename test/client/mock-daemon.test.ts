// The client against the stateful mock daemon (@opta/daemon-client/mock, owned by the mock's
// engineer): discovery through the state.json it writes, a whole session lifecycle with real
// turn semantics, and retries absorbing the mock's injected 429/500 faults.
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { CursorExpiredError, DaemonClient, NotFoundError, type EventEnvelope } from '@opta/daemon-client';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { memoryLogger } from './fake-fetch.js';

let mock: MockDaemon;
beforeAll(async () => {
  mock = await startMockDaemon({ port: 0, paceMs: 0, log: () => {} });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await mock.close();
});

test('discovers the mock through its state.json and runs a session to turn.done', async () => {
  expect(mock.statePath).toBeTruthy();
  vi.stubEnv('OPTA_DAEMON_STATE', mock.statePath as string);
  vi.stubEnv('OPTA_DAEMON_URL', undefined);
  vi.stubEnv('OPTA_DAEMON_TOKEN', undefined);
  const client = new DaemonClient({ logger: memoryLogger() });
  expect(await client.resolveBaseUrl()).toBe(mock.url);

  const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
  expect(session.status).toBe('active');
  const turn = await client.submitTurn(session.id, { content: 'Explain unified memory' });
  expect(turn.sessionId).toBe(session.id);

  // Poll until the stop event, resuming from the last seq seen (as the seed describes).
  const events: EventEnvelope[] = [];
  for (let i = 0; i < 200 && events.at(-1)?.event !== 'turn.done'; i++) {
    events.push(...(await client.readEvents(session.id, { afterSeq: events.at(-1)?.seq ?? 0 })));
    if (events.at(-1)?.event !== 'turn.done') await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(events.at(-1)?.event).toBe('turn.done');
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect((await client.getTurn(session.id, turn.id)).status).toBe('done');

  const ids: string[] = [];
  for await (const s of client.listSessions({ limit: 1 })) ids.push(s.id);
  expect(ids).toContain(session.id);

  expect((await client.closeSession(session.id)).status).toBe('closed');
  expect((await client.closeSession(session.id)).status).toBe('closed'); // idempotent
  await expect(client.getSession('sess-doesnotexist')).rejects.toBeInstanceOf(NotFoundError);
});

test('retries absorb injected 429 and 500 faults on idempotent calls', async () => {
  mock.setFaults({ rateLimitRate: 0.3, restErrorRate: 0.2, retryAfterSeconds: 0 });
  try {
    const client = new DaemonClient({ baseUrl: mock.url, token: mock.token, maxRetries: 10, sleep: async () => {} });
    const session = await client.createSession({ mode: 'do', model: 'm' }, { maxRetries: 10 }).catch(() => undefined);
    // createSession may fail on a 500 (not retried: it may have been created); 429s are retried.
    const id = session?.id ?? (await client.listSessionsPage({ limit: 1 })).items[0]?.id;
    expect(id).toBeDefined();
    for (let i = 0; i < 20; i++) expect((await client.getSession(id as string)).id).toBe(id);
  } finally {
    mock.setFaults({ rateLimitRate: 0, restErrorRate: 0 });
  }
});

test('a restart changes the epoch; a cursor above the new head returns no events', async () => {
  const client = new DaemonClient({ baseUrl: mock.url, token: mock.token });
  const session = await client.createSession({ mode: 'chat', model: 'm' });
  const before = await client.getEventPage(session.id);
  await mock.restart();
  const after = await client.getEventPage(session.id, { afterSeq: 1000 });
  expect(after.epoch).not.toBe(before.epoch);
  expect(after.events).toEqual([]);
});

test('an expired cursor: CursorExpiredError with resumeAfterSeq, from which reading works', async () => {
  const small = await startMockDaemon({ port: 0, paceMs: 0, bufferSize: 3, statePath: null, log: () => {} });
  try {
    const client = new DaemonClient({ baseUrl: small.url, token: small.token });
    const session = await client.createSession({ mode: 'chat', model: 'm' });
    const turn = await client.submitTurn(session.id, { content: 'hello there' });
    for (let i = 0; i < 200 && (await client.getTurn(session.id, turn.id)).status !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const error = (await client.getEvents(session.id, { afterSeq: 0 }).catch((e: unknown) => e)) as CursorExpiredError;
    expect(error).toBeInstanceOf(CursorExpiredError);
    expect(error.code).toBe('cursor_expired');
    expect(error.afterSeq).toBe(0);
    expect(error.resumeAfterSeq).toBe((error.oldestSeq as number) - 1);
    const rest = await client.readEvents(session.id, { afterSeq: error.resumeAfterSeq as number });
    expect(rest.length).toBeLessThanOrEqual(3);
    expect(rest.at(-1)?.event).toBe('turn.done');
    expect(rest.at(-1)?.seq).toBe(error.headSeq);
  } finally {
    await small.close();
  }
});
