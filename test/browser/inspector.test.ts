/**
 * The mock inspector in real Chromium, watching an SDK client (Node) that talks to the same mock:
 * the page shows a new session within 1 s and its events as they stream; its switches act at
 * once and each one changes what the client sees (drop → reconnect with nothing lost, black hole
 * → dead link, latency, 500s, 429 + Retry-After, expired buffer → resync, restart → new epoch,
 * scenario picker → another script). Every wait is on an event, a page selector or a response.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient, type EventEnvelope, type EventStream } from '@opta/daemon-client';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';


let mock: MockDaemon;
let browser: Browser;
let page: Page;
let client: DaemonClient;
let stream: EventStream;
const received = new Map<string, EventEnvelope[]>();

type StreamEvents = Parameters<EventStream['on']>[0];

/** The next `name` emission of the client's stream that matches `pred`. */
function next<K extends StreamEvents>(name: K, pred: (info: any) => boolean = () => true): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve) => {
    const listener = (info: unknown): void => {
      if (!pred(info)) return;
      stream.off(name, listener as never);
      resolve(info);
    };
    stream.on(name, listener as never);
  });
}

const isStop = (e: EventEnvelope): boolean => e.event === 'turn.done' || e.event === 'turn.error' || e.event === 'session.cancelled';
const stopOf = (sessionId: string): Promise<EventEnvelope> => next('event', (e: EventEnvelope) => e.sessionId === sessionId && isStop(e));
const seqsOf = (sessionId: string): number[] => (received.get(sessionId) ?? []).map((e) => e.seq);
const card = (sessionId: string): string => `article.session[data-session="${sessionId}"]`;

/** Clicks a switch and waits for the control API's answer. */
async function click(selector: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes('/_mock/api/') && r.request().method() === 'POST');
  await page.click(selector);
  expect((await answered).status()).toBe(200);
}

/** Types a fault value and commits it (change event), waiting for the control API's answer. */
async function setFault(field: string, value: number): Promise<void> {
  // The answer to this field's POST: leaving the previous field fires its own change (and POST) too.
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/_mock/api/faults') && r.request().method() === 'POST' && (r.request().postDataJSON() as Record<string, unknown> | null)?.[field] === value,
  );
  const input = page.locator(`input[data-fault="${field}"]`);
  await input.fill(String(value));
  await input.dispatchEvent('change');
  const response = await answered;
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { faults: Record<string, number> }).faults[field]).toBe(value);
}

async function newSession(title: string): Promise<string> {
  return (await client.createSession({ mode: 'chat', model: 'qwen3-72b', title })).id;
}

beforeAll(async () => {
  mock = await startMockDaemon({ port: 0, paceMs: 30, heartbeatIntervalMs: 300, statePath: null });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(mock.inspectorUrl);
  await page.waitForSelector('#token-form:not([hidden])');
  // Nothing but the token form until the token is given.
  if (await page.isVisible('#app')) throw new Error('the inspector shows its panels before the token was given');
  await page.fill('#token', mock.token);
  await page.click('#token-form button[type="submit"]');
  await page.waitForSelector('#feed-status[data-status="live"]');
  client = new DaemonClient({ baseUrl: mock.url, token: mock.token, maxRetries: 0 });
  stream = client.connectWebSocket();
  stream.on('event', (e) => received.set(e.sessionId, [...(received.get(e.sessionId) ?? []), e]));
  await next('connect');
});

afterAll(async () => {
  stream?.close();
  client?.close();
  await browser?.close();
  await mock?.close();
});

describe('mock inspector in Chromium', () => {
  it('shows a session created by an SDK client within 1 s, and its events while they stream', async () => {
    const t0 = performance.now();
    const id = await newSession('streams');
    await page.waitForSelector(card(id), { timeout: 1_000 });
    const shownMs = performance.now() - t0;
    console.log(`inspector: session shown ${shownMs.toFixed(0)} ms after createSession was called`);
    expect(shownMs).toBeLessThan(1_000);

    let stopped = false;
    const stop = stopOf(id).then((e) => {
      stopped = true;
      return e;
    });
    await client.submitTurn(id, { content: 'Explain unified memory' });
    await page.waitForSelector(`${card(id)} .timeline li[data-seq="5"]`);
    expect(stopped).toBe(false); // seen in the page while the turn was still streaming
    expect((await stop).event).toBe('turn.done');
    await page.waitForSelector(`${card(id)} .timeline li[data-seq="42"][data-event="turn.done"]`);
    const shown = await page.$$eval(`${card(id)} .timeline li[data-seq]`, (items) => items.map((li) => Number((li as HTMLElement).dataset['seq'])));
    expect(shown).toEqual(seqsOf(id));
    await page.waitForSelector(`${card(id)} .turns li[data-status="done"]`);
  });

  it('"Drop sockets" makes the client reconnect mid-turn, seen in the page and by the client, with nothing lost', async () => {
    const id = await newSession('drop');
    const stop = stopOf(id);
    await client.submitTurn(id, { content: 'Explain unified memory' });
    await page.waitForSelector(`${card(id)} .timeline li[data-seq="8"]`);
    const before = await page.getAttribute('#clients tr[data-state="open"]', 'data-client');
    expect(before).toMatch(/^conn-/);
    const disconnected = next('disconnect');
    const reconnected = next('reconnect');
    await click('button[data-action="drop"]');
    expect((await disconnected).code).toBe(1006);
    const info = await reconnected;
    expect(info.connectionId).not.toBe(before);
    await page.waitForSelector(`#closed-clients li[data-closed-client="${before}"]`);
    await page.waitForSelector(`#clients tr[data-client="${info.connectionId}"][data-state="open"]`);
    await stop;
    expect(seqsOf(id)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
  });

  it('"Black-hole sockets" silences the link: the client declares it dead and comes back after the hole', async () => {
    const disconnected = next('disconnect');
    const reconnected = next('reconnect');
    // Longer than the client's idle liveness (a ping after 750 ms of silence, 1.2 s for its pong).
    await page.fill('#blackhole-seconds', '4');
    await click('button[data-action="blackhole"]');
    await page.waitForSelector('#blackhole-status:has-text("black hole")');
    const down = await disconnected;
    expect(down.reason).toMatch(/dead link/);
    const back = await reconnected;
    expect(back.downtimeMs).toBeGreaterThan(0);
    await page.waitForSelector(`#clients tr[data-client="${back.connectionId}"][data-state="open"]`);
  });

  it('latency, REST error rate and 429 with Retry-After reach the client at once', async () => {
    const id = await newSession('rest faults');
    await setFault('latencyMs', 400);
    let t0 = performance.now();
    await client.getSession(id);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    await setFault('latencyMs', 0);
    t0 = performance.now();
    await client.getSession(id);
    expect(performance.now() - t0).toBeLessThan(390);

    await setFault('restErrorRate', 1);
    await expect(client.getSession(id)).rejects.toMatchObject({ name: 'InternalServerError', status: 500 });
    await setFault('restErrorRate', 0);

    await setFault('retryAfterSeconds', 2);
    await setFault('rateLimitRate', 1);
    await expect(client.getSession(id)).rejects.toMatchObject({ name: 'RateLimitError', status: 429, retryAfterMs: 2_000 });
    await setFault('rateLimitRate', 0);
    expect((await client.getSession(id)).id).toBe(id);
  });

  it('"Expire buffer" makes a client that fell behind resync with cursor_expired', async () => {
    const id = await newSession('expire');
    const stop = stopOf(id);
    // A long turn, cancelled at the end: its stop event comes after the expiry, whatever the machine's speed.
    await client.submitTurn(id, { content: '[mock:long] Explain unified memory' });
    await page.waitForSelector(`${card(id)} .timeline li[data-seq="4"]`);
    // Hold the client's frames back while the turn goes on, then expire what it missed.
    await page.fill('#blackhole-seconds', '60');
    await click('button[data-action="blackhole"]');
    const seen = seqsOf(id).at(-1) ?? 0;
    await page.waitForSelector(`${card(id)} .timeline li[data-seq="${seen + 6}"]`);
    const resynced = next('resync', (r: { sessionId: string }) => r.sessionId === id);
    await click(`${card(id)} button[data-action="expire"]`);
    // What was written before the hole has arrived by now; nothing has since.
    const cursor = seqsOf(id).at(-1) ?? 0;
    expect(cursor).toBeLessThan(seen + 6);
    await page.fill('#blackhole-seconds', '0');
    await click('button[data-action="blackhole"]');
    await click('button[data-action="drop"]');
    const resync = await resynced;
    expect(resync.reason).toBe('cursor_expired');
    expect(resync.fromSeq).toBe(cursor + 1);
    expect(resync.toSeq).toBeGreaterThanOrEqual(seen + 6);
    await client.cancelSession(id);
    expect((await stop).event).toBe('session.cancelled');
    // The page shows the expiry: the oldest held event is past the ones the client missed.
    await page.waitForFunction(
      ([selector, missed]) => Number((document.querySelector(selector) as HTMLElement | null)?.dataset['oldestSeq']) > missed,
      [card(id), resync.toSeq as number] as const,
    );
  });

  it('"Restart daemon" closes with 1012 and the client reconnects into the new epoch shown in the page', async () => {
    const before = mock.epoch;
    const disconnected = next('disconnect');
    const reconnected = next('reconnect');
    await click('button[data-action="restart"]');
    expect((await disconnected).code).toBe(1012);
    const back = await reconnected;
    expect(back.epoch).not.toBe(before);
    expect(back.epoch).toBe(mock.epoch);
    await page.waitForSelector(`#epoch:has-text("${mock.epoch}")`);
    await page.waitForSelector('.timeline li.marker:has-text("daemon restarted")');
  });

  it('the scenario picker changes what the next turn plays', async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/_mock/api/scenario'));
    await page.selectOption('#scenario', 'tools');
    expect((await answered).status()).toBe(200);
    try {
      const id = await newSession('scenario');
      const stop = stopOf(id);
      await client.submitTurn(id, { content: 'What is unified memory?' });
      await stop;
      expect((received.get(id) ?? []).filter((e) => e.event === 'turn.tool_call').map((e) => e.data)).toMatchObject([{ toolName: 'web_search' }, { toolName: 'read_file' }]);
      await page.waitForSelector(`${card(id)} .timeline li[data-event="turn.tool_call"]`);
    } finally {
      mock.setScenario('plain');
    }
  });
});
