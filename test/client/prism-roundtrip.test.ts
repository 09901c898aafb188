// Every client method against Prism serving the contract. Prism validates each request: a
// violation (sl-violations header, or its 400/401/422) fails the test through the middleware.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DaemonClient, type Middleware } from '@opta/daemon-client';
import { startPrism, type PrismServer } from '../helpers/prism.js';
import { resolveClientToken } from '../../src/client.js';

let prism: PrismServer;
let client: DaemonClient;
const violations: string[] = [];
const failOnViolation: Middleware = {
  onResponse(response, request) {
    const violation = response.headers.get('sl-violations');
    if (violation) violations.push(`${request.method} ${request.url}: ${violation}`);
  },
};

beforeAll(async () => {
  prism = await startPrism();
  client = new DaemonClient({ baseUrl: prism.url, token: 'test-token', middleware: [failOnViolation], maxRetries: 0 });
});
afterAll(async () => {
  await prism.close();
  expect(violations).toEqual([]);
});

describe('each method round-trips through Prism', () => {
  test('health', async () => {
    expect(await client.health()).toEqual({ status: 'ok', version: '3.0.0', uptimeMs: 183200 });
  });
  test('createSession', async () => {
    const s = await client.createSession({ mode: 'do', model: 'qwen3-72b', title: 'x' });
    expect(s).toMatchObject({ id: 'sess-abc123', status: 'active' });
  });
  test('listSessionsPage and listSessions', async () => {
    const page = await client.listSessionsPage({ limit: 10, status: 'active' });
    expect(page.items[0]?.id).toBe('sess-abc123');
    expect(page.nextCursor).toBeNull();
    const all = [];
    for await (const s of client.listSessions({ cursor: 'c2Vzcy1hYmMxMjM' })) all.push(s.id);
    expect(all).toEqual(['sess-abc123']);
  });
  test('getSession, closeSession, cancelSession', async () => {
    expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
    expect((await client.closeSession('sess-abc123')).status).toBe('closed');
    expect((await client.cancelSession('sess-abc123')).status).toBe('cancelled');
  });
  test('submitTurn (with its Idempotency-Key) and getTurn', async () => {
    const turn = await client.submitTurn('sess-abc123', { content: 'hi' }, { idempotencyKey: 'key-12345678' });
    expect(turn).toMatchObject({ id: 'turn-xyz789', status: 'queued' });
    expect((await client.getTurn('sess-abc123', 'turn-xyz789')).status).toBe('done');
  });
  test('getEventPage, getEvents, readEvents', async () => {
    const page = await client.getEventPage('sess-abc123', { afterSeq: 0, limit: 500 });
    expect(page).toMatchObject({ headSeq: 3, oldestSeq: 1, epoch: 'ep-7f3a9c', hasMore: false });
    expect(page.events.map((e) => e.event)).toEqual(['turn.token', 'turn.token', 'turn.done']);
    expect((await client.getEvents('sess-abc123')).length).toBe(3);
    const all = await client.readEvents('sess-abc123', { afterSeq: 0 });
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
  });
  test('resolveBaseUrl and getToken (for the stream code)', async () => {
    expect(await client.resolveBaseUrl()).toBe(prism.url);
    expect(await resolveClientToken(client)).toBe('test-token');
  });
});

test('Prism catches a non-conforming request (so the checks above mean something)', async () => {
  const before = violations.length;
  // @ts-expect-error -- deliberately outside the contract
  await expect(client.createSession({ mode: 'walk', model: 'm' })).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
  expect(violations.length).toBe(before + 1);
  violations.length = before; // expected violation, not a failure
});
