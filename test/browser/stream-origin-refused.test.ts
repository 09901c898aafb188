// The stream from a page whose origin the daemon does not allow, end to end in real Chromium.
// The page is served as http://page.test:<port> (Chromium resolves page.test to this machine,
// so the origin is not loopback: a foreign site); the mock runs with no allowed origins. The
// browser hides the upgrade's 403 (a close 1006) and the REST probe's 403 too (the CORS
// preflight fails like a daemon that is not running), so the error the application gets must
// name both causes, early, and the stream must not hammer the daemon with handshakes.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { buildBrowserBundle } from './bundle.js';


/**
 * A plain TCP relay in front of the daemon that counts WebSocket handshakes (a connection whose
 * first bytes are `GET /v3/ws`) apart from REST requests. Bytes pass untouched.
 */
class HandshakeCounter {
  handshakes = 0;
  restConnections = 0;
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;

  constructor(targetPort: number) {
    this.#server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      this.#sockets.add(client).add(upstream);
      client.once('data', (first: Buffer) => {
        if (first.subarray(0, 10).toString('latin1') === 'GET /v3/ws') this.handshakes++;
        else this.restConnections++;
        upstream.write(first);
        client.pipe(upstream);
      });
      upstream.pipe(client);
      const done = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.on('error', done).on('close', done);
      upstream.on('error', done).on('close', done);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

let page: HttpServer;
let pagePort: number;
let daemon: MockDaemon;
let relay: HandshakeCounter;
let relayPort: number;
let browser: Browser;

beforeAll(async () => {
  const { code } = await buildBrowserBundle();
  page = createHttpServer((req, res) => {
    if (req.url === '/client.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>opta</title><script type="module">import * as opta from "/client.js"; window.opta = opta;</script>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pagePort = (page.address() as AddressInfo).port;
  // No allowed origins: only loopback pages may use it.
  daemon = await startMockDaemon({ port: 0, paceMs: 2, statePath: null });
  relay = new HandshakeCounter(daemon.port);
  relayPort = await relay.listen();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await daemon?.close();
  await new Promise((resolve) => page?.close(resolve));
});

type Opta = typeof import('../../src/index.js');

interface Observed {
  readonly firstErrorAfterMs: number;
  readonly errors: readonly { readonly name: string; readonly message: string }[];
  readonly states: readonly string[];
}

describe('the stream from a page whose origin the daemon does not allow (Chromium)', () => {
  it('gets a typed error naming both causes within 3 s, and retries at a bounded pace', async () => {
    const tab = await browser.newPage();
    await tab.goto(`http://page.test:${pagePort}/`);
    await tab.waitForFunction(() => 'opta' in window);
    const observeMs = 4000;
    const handshakesBefore = relay.handshakes;
    const observed = await tab.evaluate(
      async ({ port, token, observeMs }): Promise<Observed> => {
        const { DaemonClient } = (window as unknown as { opta: Opta }).opta;
        const client = new DaemonClient({ host: '127.0.0.1', port: Number(port), token });
        const started = performance.now();
        const errors: { name: string; message: string }[] = [];
        const states: string[] = [];
        let firstErrorAfterMs = -1;
        const ws = client.connectWebSocket();
        ws.on('state', (state) => states.push(state.type));
        ws.on('error', (error) => {
          if (firstErrorAfterMs < 0) firstErrorAfterMs = performance.now() - started;
          errors.push({ name: error.name, message: error.message });
        });
        // Watch the stream for a fixed window: how often it retries is the point.
        await new Promise((resolve) => setTimeout(resolve, observeMs));
        ws.close();
        return { firstErrorAfterMs, errors, states };
      },
      { port: String(relayPort), token: daemon.token, observeMs },
    );
    const handshakes = relay.handshakes - handshakesBefore;
    await tab.close();

    expect(observed.firstErrorAfterMs, JSON.stringify(observed)).toBeGreaterThanOrEqual(0);
    expect(observed.firstErrorAfterMs).toBeLessThan(3000);
    const first = observed.errors[0]!;
    expect(first.name).toBe('StreamConnectionError');
    expect(first.message).toMatch(/not running/);
    expect(first.message).toContain(`this page's origin http://page.test:${pagePort} is not allowed by the daemon`);
    expect(first.message).toContain('--allowed-origin');
    // The same error is not repeated on every retry (rate-limited) ...
    expect(observed.errors.length).toBeLessThanOrEqual(2);
    // ... and the retries go on (the daemon may start later) at the backoff's pace — full jitter
    // up to 1 s, each after the probe — not the storm of a bare retry loop (hundreds in 4 s).
    console.log(`origin refused in Chromium: first error after ${Math.round(observed.firstErrorAfterMs)} ms, ${handshakes} handshakes and ${observed.errors.length} error event(s) in ${observeMs} ms`);
    expect(handshakes).toBeGreaterThanOrEqual(2);
    expect(handshakes, `${handshakes} handshakes in ${observeMs} ms`).toBeLessThanOrEqual(observeMs / 250);
    expect(observed.states).toContain('reconnecting');
  }, 30_000);
});
