// The frontend path as a new user sets it up (README "Vite dev server"): Vite's dev server with
// `server.proxy` for `/v3` on default options plus `ws: true`, onto the mock daemon started with
// no flags; a page that streams a turn with the SDK, in real Chromium. Then the same page
// through a plain TCP forward on another port (an SSH tunnel or a container port mapping), and
// a Vite proxy with `changeOrigin: true`. None of them needs an allow-list flag: the daemon
// accepts loopback hosts and loopback origins on any port.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { createServer as createViteServer, type ProxyOptions, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

// The page of a Vite app, as the README recipe has it: the SDK by its package name, the page's
// own origin as base URL (the proxy), the token from localStorage; it streams one turn.
const MAIN_TS = `
import { DaemonClient, LocalStorageTokenStore, isStopEvent } from '@opta/daemon-client';

declare global {
  interface Window { streamTurn(baseUrl?: string): Promise<unknown> }
}

window.streamTurn = async (baseUrl = location.origin) => {
  const client = new DaemonClient({ baseUrl, tokenStore: new LocalStorageTokenStore() });
  const health = await client.health();
  const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
  const ws = client.connectWebSocket();
  const seqs: number[] = [];
  let text = '';
  let stop = '';
  const done = new Promise<void>((resolve) => {
    ws.on('event', (envelope) => {
      if (envelope.sessionId !== session.id) return;
      seqs.push(envelope.seq);
      if (envelope.event === 'turn.token') text += envelope.data.token;
      if (isStopEvent(envelope)) { stop = envelope.event; resolve(); }
    });
  });
  await client.submitTurn(session.id, { content: 'Explain how unified memory works on Apple Silicon' });
  await done;
  ws.close();
  return { health: health.status, seqs, text, stop };
};
`;

interface Streamed {
  health: string;
  seqs: number[];
  text: string;
  stop: string;
}

let mock: MockDaemon;
let browser: Browser;
let pageDir: string;
const servers: ViteDevServer[] = [];
let forward: TcpServer;

async function startVite(proxy: ProxyOptions): Promise<string> {
  const server = await createViteServer({
    root: pageDir,
    configFile: false,
    logLevel: 'silent',
    clearScreen: false,
    resolve: { alias: { '@opta/daemon-client': join(REPO, 'src/index.ts') } },
    optimizeDeps: { noDiscovery: true, include: [] },
    server: {
      host: '127.0.0.1',
      port: 0,
      hmr: false,
      fs: { allow: [pageDir, REPO] },
      proxy: { '/v3': proxy },
    },
  });
  await server.listen();
  servers.push(server);
  const { port } = server.httpServer?.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A plain TCP forward (what `ssh -L` or `docker -p` does): another port, the same bytes. */
async function startForward(targetPort: number): Promise<number> {
  forward = createTcpServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => forward.listen(0, '127.0.0.1', resolve));
  return (forward.address() as AddressInfo).port;
}

async function streamIn(pageUrl: string, baseUrl?: string): Promise<Streamed> {
  const tab = await browser.newPage();
  try {
    await tab.goto(`${pageUrl}/`);
    await tab.waitForFunction(() => 'streamTurn' in window, undefined, { timeout: 20_000 });
    await tab.evaluate((token) => localStorage.setItem('opta.daemon.token', token), mock.token);
    return (await tab.evaluate(
      (base) => (window as unknown as { streamTurn(b?: string): Promise<unknown> }).streamTurn(base),
      baseUrl,
    )) as Streamed;
  } finally {
    await tab.close();
  }
}

function expectStreamed(result: Streamed): void {
  expect(result.health).toBe('ok');
  expect(result.stop).toBe('turn.done');
  expect(result.seqs).toEqual(result.seqs.map((_, i) => i + 1));
  expect(result.text.length).toBeGreaterThan(20);
}

beforeAll(async () => {
  pageDir = mkdtempSync(join(tmpdir(), 'opta-vite-page-'));
  writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>opta</title><script type="module" src="/main.ts"></script>\n');
  writeFileSync(join(pageDir, 'main.ts'), MAIN_TS);
  // No flags: no allowed origins, no allowed hosts.
  mock = await startMockDaemon({ port: 0, paceMs: 2, statePath: null });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  await new Promise((resolve) => (forward ? forward.close(resolve) : resolve(undefined)));
  await mock?.close();
  rmSync(pageDir, { recursive: true, force: true });
});

describe('Vite dev server in front of the mock daemon (no mock flags)', () => {
  it('server.proxy for /v3 with default options and ws: true: the page streams a turn through the proxy', async () => {
    const pageUrl = await startVite({ target: mock.url, ws: true });
    const result = await streamIn(pageUrl);
    expectStreamed(result);
    expect(mock.violations).toEqual([]);
  });

  it('server.proxy with changeOrigin: true works the same', async () => {
    const pageUrl = await startVite({ target: mock.url, ws: true, changeOrigin: true });
    expectStreamed(await streamIn(pageUrl));
  });

  it('a plain TCP forward on another port (SSH tunnel, container port mapping): the page calls it cross-origin', async () => {
    const pageUrl = await startVite({ target: mock.url, ws: true });
    const forwardPort = await startForward(mock.port);
    expectStreamed(await streamIn(pageUrl, `http://localhost:${forwardPort}`));
    expect(mock.violations).toEqual([]);
  });
});
