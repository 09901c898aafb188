/**
 * `npx tsx scripts/mock.ts --port 0`: prints its URL and how to point the client at it, writes
 * state.json (0600), is ready quickly, and stops cleanly on SIGTERM. The child runs in its own
 * process group (npx → tsx → node) and the test signals that group, which it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockDaemon } from '@opta/daemon-client/mock';
import { Recorder, waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opta-mock-cli-'));
let child: ChildProcess | undefined;

afterAll(() => {
  // Safety net: if an assertion failed before the clean stop, stop the group we started.
  if (child?.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run mock (scripts/mock.ts)', () => {
  it('starts, prints URL and export line, writes state.json 0600, serves REST+WS, stops cleanly on SIGTERM', async () => {
    const statePath = join(dir, 'state.json');
    const t0 = performance.now();
    const c = spawn('npx', ['tsx', 'scripts/mock.ts', '--port', '0', '--state', statePath, '--heartbeat-ms', '200'], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = c;
    let out = '';
    let err = '';
    c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const stdioClosed = new Promise<void>((resolve) => c.stdout?.on('close', () => resolve()));

    const url = await waitFor(() => /REST\s+(http:\/\/127\.0\.0\.1:\d+)\/v3/.exec(out)?.[1], 20_000, 'printed URL');
    const spawnToReady = performance.now() - t0;
    const inProcess = Number(/ready in (\d+) ms/.exec(out)?.[1]);
    console.log(`mock CLI: ready ${inProcess} ms after start (process spawn through npx → ${spawnToReady.toFixed(0)} ms)`);
    expect(inProcess).toBeLessThanOrEqual(1_500);
    expect(out).toContain(`export OPTA_DAEMON_STATE=${statePath}`);
    expect(out).toMatch(/WS\s+ws:\/\/127\.0\.0\.1:\d+\/v3\/ws/);

    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { host: string; port: number; token: string };
    expect(`http://${state.host}:${state.port}`).toBe(url);
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    expect((await fetch(`${url}/v3/health`)).status).toBe(200);
    const s = await fetch(`${url}/v3/sessions`, { method: 'POST', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' }, body: '{"mode":"chat","model":"m"}' });
    expect(s.status).toBe(201);
    const ws = new Recorder(`${url.replace('http', 'ws')}/v3/ws`);
    await ws.opened;
    ws.send({ type: 'auth', token: state.token });
    await ws.next((f) => f['type'] === 'heartbeat');

    process.kill(-(c.pid as number), 'SIGTERM');
    await stdioClosed; // every process of the group has exited
    expect(err).toContain('[mock] SIGTERM: stopping');
    expect(err).toContain('[mock] stopped cleanly');
    expect((await ws.waitClose()).code).toBe(1001);
    expect(existsSync(statePath)).toBe(false);
    await expect(fetch(`${url}/v3/health`)).rejects.toThrow();
  });

  it('programmatic start is ready well within 1.5 s and close() frees the port', async () => {
    const m = await startMockDaemon({ port: 0 });
    expect(m.readyMs).toBeLessThan(1_500);
    expect(m.statePath).toMatch(/state\.json$/);
    expect(statSync(m.statePath as string).mode & 0o777).toBe(0o600);
    await m.close();
    expect(existsSync(m.statePath as string)).toBe(false);
    await expect(fetch(`${m.url}/v3/health`)).rejects.toThrow();
  });
});
