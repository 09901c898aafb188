// The browser client in real Chromium, against the real mock daemon on another origin:
// CORS preflight with the bearer header, the WebSocket's first-frame auth (browsers cannot set
// headers), the Origin check, and a streamed turn ending at its stop event.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { buildBrowserBundle } from './bundle.js';


let page: Server;
let pageOrigin: string;
let daemon: MockDaemon;
let browser: Browser;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const { code } = await buildBrowserBundle();
  page = createServer((req, res) => {
    if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    } else {
      // The page loads the bundle as a module and hands it to the test through `window.opta`.
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        '<!doctype html><title>opta</title><script type="module">import * as opta from "/client.js"; window.opta = opta;</script>',
      );
    }
  });
  pageOrigin = `http://127.0.0.1:${await listen(page)}`;
  daemon = await startMockDaemon({ port: 0, paceMs: 2, allowedOrigins: [pageOrigin], statePath: null });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  await new Promise((resolve) => page?.close(resolve));
});

// What the bundle exports, as far as these page scripts use it (the page has no types).
type Opta = typeof import('../../src/index.js');

async function openPage(tab: import('playwright-core').Page, origin = pageOrigin): Promise<void> {
  await tab.goto(`${origin}/`);
  await tab.waitForFunction(() => 'opta' in window);
}

interface PageResult {
  health: string;
  sessionId: string;
  seqs: number[];
  stops: string[];
  text: string;
  tokenInUrl: boolean;
}

describe('browser client in Chromium', () => {
  it('creates a session, streams a turn over WebSocket and stops at the stop event', async () => {
    const tab = await browser.newPage();
    await openPage(tab);
    const { port } = new URL(daemon.url);
    const result = await tab.evaluate(
      async ({ port, token }): Promise<PageResult> => {
        const { DaemonClient, isStopEvent } = (window as unknown as { opta: Opta }).opta;
        const client = new DaemonClient({ host: '127.0.0.1', port: Number(port), token });
        const health = await client.health();
        const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
        const ws = client.connectWebSocket();
        const seqs: number[] = [];
        const stops: string[] = [];
        let text = '';
        const done = new Promise<void>((resolve) => {
          ws.on('event', (envelope) => {
            if (envelope.sessionId !== session.id) return;
            seqs.push(envelope.seq);
            if (envelope.event === 'turn.token') text += envelope.data.token;
            if (isStopEvent(envelope)) { stops.push(envelope.event); resolve(); }
          });
        });
        await client.submitTurn(session.id, { content: 'Explain how unified memory works on Apple Silicon' });
        await done;
        ws.close();
        const tokenInUrl = performance.getEntries().some((e) => e.name.includes(token));
        return { health: health.status, sessionId: session.id, seqs, stops, text, tokenInUrl };
      },
      { port, token: daemon.token },
    );
    expect(result.health).toBe('ok');
    expect(result.sessionId).toMatch(/^sess-/);
    expect(result.stops).toEqual(['turn.done']);
    expect(result.seqs).toEqual(result.seqs.map((_, i) => i + 1));
    expect(result.text.length).toBeGreaterThan(20);
    expect(result.tokenInUrl).toBe(false);
  });

  it('is refused by a daemon that does not allow the page origin (a foreign site), and says both possible causes', async () => {
    const strict = await startMockDaemon({ port: 0, statePath: null });
    try {
      const tab = await browser.newPage();
      await openPage(tab, pageOrigin.replace('127.0.0.1', 'page.test'));
      const outcome = await tab.evaluate(async ({ port, token }) => {
        const { DaemonClient } = (window as unknown as { opta: Opta }).opta;
        const client = new DaemonClient({ host: '127.0.0.1', port: Number(port), token, maxRetries: 0 });
        try {
          await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
          return { name: 'allowed', message: '' };
        } catch (error) {
          return { name: (error as Error).name, message: (error as Error).message };
        }
      }, { port: new URL(strict.url).port, token: strict.token });
      // The preflight is refused, so the browser reports a network failure, never a response.
      expect(outcome.name).toBe('APIConnectionError');
      expect(outcome.message).toMatch(/not running/);
      expect(outcome.message).toContain("refused this page's origin http://page.test:");
    } finally {
      await strict.close();
    }
  });
});
