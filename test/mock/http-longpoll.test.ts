/**
 * Long-poll (`GET …/events?afterSeq=&waitMs=`): with nothing after the cursor the answer waits
 * for the session's next event or the end of the wait, bounded by the contract (30 s).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { call, turnEnded, type Json } from './helpers.js';

let m: MockDaemon;
beforeAll(async () => {
  m = await startMockDaemon({ port: 0, statePath: null, strict: true, paceMs: 5 });
});
afterAll(async () => {
  await m?.close();
});

async function newSession(): Promise<string> {
  return (await call(m.url, m, 'POST', '/v3/sessions', { body: { mode: 'chat', model: 'm' } })).body['id'] as string;
}

function poll(sessionId: string, query: string): Promise<{ status: number; body: Json; at: number }> {
  return fetch(`${m.url}/v3/sessions/${sessionId}/events?${query}`, { headers: { authorization: `Bearer ${m.token}` } }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as Json,
    at: performance.now(),
  }));
}

it('holds until the session emits an event, then answers at once with what exists', async () => {
  const id = await newSession();
  const waiting = poll(id, 'afterSeq=0&waitMs=20000');
  // The poll is parked before the turn starts: only the wake-up can answer it before 20 s.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const submittedAt = performance.now();
  expect((await call(m.url, m, 'POST', `/v3/sessions/${id}/turns`, { body: { content: 'hello' } })).status).toBe(202);
  const answer = await waiting;
  expect(answer.status).toBe(200);
  expect(answer.at).toBeGreaterThan(submittedAt);
  expect(answer.at - submittedAt).toBeLessThan(10_000);
  expect((answer.body['events'] as Json[]).length).toBeGreaterThan(0);
  expect((answer.body['events'] as Json[])[0]?.['seq']).toBe(1);
  expect(m.violations).toEqual([]);
});

it('answers with no events when the wait ends; answers at once when events exist or waitMs is 0', async () => {
  const id = await newSession();
  const started = performance.now();
  const empty = await poll(id, 'afterSeq=0&waitMs=300');
  expect(empty.status).toBe(200);
  expect(empty.body['events']).toEqual([]);
  expect(empty.at - started).toBeGreaterThanOrEqual(250);

  const immediate = performance.now();
  expect((await poll(id, 'afterSeq=0')).body['events']).toEqual([]);
  await call(m.url, m, 'POST', `/v3/sessions/${id}/turns`, { body: { content: 'hello' } });
  await turnEnded(m, id);
  const held = await poll(id, 'afterSeq=0&waitMs=20000');
  expect((held.body['events'] as Json[]).length).toBeGreaterThan(1);
  expect(held.at - immediate).toBeLessThan(15_000);
});

it('bounds waitMs by the contract (at most 30000)', async () => {
  const id = await newSession();
  const answer = await poll(id, 'afterSeq=0&waitMs=30001');
  expect(answer.status).toBe(400);
  expect(answer.body['details']).toEqual([{ path: 'query.waitMs', message: 'must be an integer between 0 and 30000' }]);
});
