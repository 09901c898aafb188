// Debian's Chromium for the browser tests, launched the one way this machine allows: headless, no
// sandbox (root), and without the background networking a closed network refuses. `page.test`
// resolves to this machine, for pages whose origin is not loopback (a foreign site).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--host-resolver-rules=MAP page.test 127.0.0.1',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
