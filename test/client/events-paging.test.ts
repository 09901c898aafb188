// readEvents pages through getEventPage up to the head seen on the first page; listSessions
// follows nextCursor. Driven by a scripted fetch that answers contract-shaped pages.
import { expect, test } from 'vitest';
import { DaemonClient, EpochChangedError, type EventEnvelope } from '@opta/daemon-client';
import { SESSION, json, scriptedFetch } from './fake-fetch.js';

const token = (seq: number): EventEnvelope => ({
  event: 'turn.token', seq, sessionId: 'sess-abc123', turnId: 'turn-xyz789', time: '2026-11-24T09:30:00.000Z', data: { token: `t${seq}` },
});
const page = (from: number, to: number, headSeq: number, epoch = 'ep-1') =>
  json(200, { events: Array.from({ length: to - from + 1 }, (_, i) => token(from + i)), headSeq, oldestSeq: 1, epoch, hasMore: to < headSeq });

const client = (f: typeof fetch) => new DaemonClient({ baseUrl: 'http://h:1', token: 'tok-123456', fetch: f });

test('readEvents reads every page after the cursor up to headSeq', async () => {
  const f = scriptedFetch(page(3, 4, 7), page(5, 6, 7), page(7, 7, 7));
  const events = await client(f).readEvents('sess-abc123', { afterSeq: 2, limit: 2 });
  expect(events.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
  expect(f.calls.map((c) => new URL(c.url).search)).toEqual(['?afterSeq=2&limit=2', '?afterSeq=4&limit=2', '?afterSeq=6&limit=2']);
});

test('readEvents stops at the head of its first page even if the session grows', async () => {
  const f = scriptedFetch(page(1, 2, 3), page(3, 4, 9));
  expect((await client(f).readEvents('sess-abc123', { limit: 2 })).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  expect(f.calls).toHaveLength(2);
});

test('readEvents refuses to mix epochs', async () => {
  const f = scriptedFetch(page(1, 2, 5, 'ep-1'), page(3, 4, 5, 'ep-2'));
  await expect(client(f).readEvents('sess-abc123', { limit: 2 })).rejects.toBeInstanceOf(EpochChangedError);
});

test('listSessions follows nextCursor; listSessionsPage returns one page', async () => {
  const s = (id: string) => ({ ...SESSION, id });
  const f = scriptedFetch(
    json(200, { items: [s('sess-a'), s('sess-b')], nextCursor: 'c1' }),
    json(200, { items: [s('sess-c')], nextCursor: null }),
    json(200, { items: [s('sess-a')], nextCursor: 'c1' }),
  );
  const c = client(f);
  const ids: string[] = [];
  for await (const session of c.listSessions({ limit: 2 })) ids.push(session.id);
  expect(ids).toEqual(['sess-a', 'sess-b', 'sess-c']);
  expect(f.calls.map((x) => new URL(x.url).search)).toEqual(['?limit=2', '?limit=2&cursor=c1']);
  expect((await c.listSessionsPage({ status: 'active' })).nextCursor).toBe('c1');
});

test('path parameters are checked against the contract, then placed in the path', async () => {
  const f = scriptedFetch(json(200, SESSION));
  await client(f).getSession('sess-A_b-9');
  expect(f.calls[0]?.url).toBe('http://h:1/v3/sessions/sess-A_b-9');
  await expect(client(f).getSession('sess-a/../b')).rejects.toThrow(/Invalid sessionId/);
  expect(f.calls).toHaveLength(1);
});
