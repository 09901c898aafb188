/**
 * The mock's Host/Origin and timeout flags follow the contract: `--allowed-host` (a hostname,
 * any port), `--allowed-origin` (exact, `host:*` or `scheme://*`), `--headers-timeout-ms`.
 * The child runs in its own process group, which the test signals (it started it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opta-mock-flags-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function status(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v3/health', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

it('--allowed-host, --allowed-origin and --headers-timeout-ms reach the policy', async () => {
  const c = spawn(
    'npx',
    ['tsx', 'scripts/mock.ts', '--port', '0', '--state', join(dir, 'state.json'), '--allowed-host', 'devbox.test', '--allowed-origin', 'app://*', '--headers-timeout-ms', '300', '--request-timeout-ms', '600'],
    { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child = c;
  let out = '';
  c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const port = Number(await waitFor(() => /REST\s+http:\/\/127\.0\.0\.1:(\d+)\/v3/.exec(out)?.[1], 20_000, 'printed URL'));

  expect(await status(port, { host: 'devbox.test:5173' })).toBe(200);
  expect(await status(port, { host: 'other.test:5173' })).toBe(403);
  expect(await status(port, { host: `127.0.0.1:${port}`, origin: 'app://opta' })).toBe(200);
  expect(await status(port, { host: `127.0.0.1:${port}`, origin: 'https://evil.example' })).toBe(403);

  // A client that never finishes its headers is answered 408 after about 300 ms.
  const answer = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /v3/health HTTP/1.1\r\n'));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('close', () => resolve(text));
  });
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);

  process.kill(-(c.pid as number), 'SIGTERM');
  await new Promise((resolve) => c.once('exit', resolve));
});

it('a malformed --allowed-origin is a usage error naming the accepted forms (exit 2)', async () => {
  const c = spawn('npx', ['tsx', 'scripts/mock.ts', '--port', '0', '--state', join(dir, 'bad.json'), '--allowed-origin', 'localhost:5173'], {
    cwd: new URL('../..', import.meta.url),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  c.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => c.once('exit', resolve));
  expect(code).toBe(2);
  expect(err).toMatch(/^mock: allowed origin "localhost:5173" is not one of scheme:\/\/host\[:port\], scheme:\/\/host:\*, scheme:\/\/\* or null$/m);
});
