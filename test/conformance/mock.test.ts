/**
 * The runner against the mock daemon: every check passes (the mock is the reference), in
 * process and as the CLI CI runs, and the token never reaches the output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { ALL_CHECKS, failures, runAgainst, startFastMock } from './helpers.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Without OPTA_DAEMON_* from the developer's shell, so only what the test passes counts.
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPTA_DAEMON_')));
    execFile('npx', ['tsx', 'scripts/conformance.ts', ...args], { cwd: REPO, env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

let mock: MockDaemon;

beforeAll(async () => {
  mock = await startFastMock();
});

afterAll(async () => {
  await mock?.close();
});

describe('conformance against the mock', () => {
  it('in process: every check passes, none is missing, the mock saw no violation of its own', async () => {
    const r = await runAgainst(mock.url, mock.token);
    expect(failures(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.results.map((c) => c.name).sort()).toEqual([...ALL_CHECKS].sort());
    // Only the optional check may be skipped (the mock's default buffer holds every event).
    expect(r.results.filter((c) => c.outcome === 'SKIP').map((c) => c.name)).toEqual(['rest.cursor-expired', 'ws.cursor-expired']);
    expect(r.passed).toBe(ALL_CHECKS.length - 2);
    expect(r.ms).toBeLessThan(10_000);
    expect(JSON.stringify(r)).not.toContain(mock.token);
    expect(mock.violations).toEqual([]);
  });

  it('the mock exactly as started in the brief (10 s heartbeats): all pass; the heartbeat wait dominates', async () => {
    const plain = await startMockDaemon({ port: 0, paceMs: 1, statePath: null });
    try {
      const r = await runAgainst(plain.url, plain.token);
      expect(failures(r)).toEqual([]);
      expect(r.results.find((c) => c.name === 'ws.heartbeat.heads')?.outcome).toBe('PASS');
      expect(r.ms).toBeLessThan(15_000);
      // A quick run caps the wait below the interval: the heartbeat check then says it was not checked.
      const quick = await runAgainst(plain.url, plain.token, 5_000, 500);
      expect(failures(quick)).toEqual([]);
      expect(quick.results.find((c) => c.name === 'ws.heartbeat.heads')).toMatchObject({ outcome: 'SKIP', detail: expect.stringContaining('below the daemon\'s heartbeatIntervalMs 10000') });
      expect(quick.ms).toBeLessThan(5_000);
    } finally {
      await plain.close();
    }
  }, 40_000);

  it('a small buffer makes the optional cursor-expired checks run, and they pass', async () => {
    const small = await startFastMock({ bufferSize: 20 });
    try {
      const r = await runAgainst(small.url, small.token);
      expect(failures(r)).toEqual([]);
      expect(r.results.find((c) => c.name === 'rest.cursor-expired')?.outcome).toBe('PASS');
      expect(r.results.find((c) => c.name === 'ws.cursor-expired')?.outcome).toBe('PASS');
      expect(r.skipped).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('as a child process (npx tsx scripts/conformance.ts): exit 0, one line per check, CI summary, no token', async () => {
    const { code, stdout, stderr, ms } = await runCli(['--url', mock.url, '--token', mock.token]);
    expect(stderr).not.toContain(mock.token);
    expect(stdout).not.toContain(mock.token);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(`conformance: ${ALL_CHECKS.length - 2} checks passed, 0 failed`);
    for (const name of ALL_CHECKS) expect(lines.some((l) => /^(PASS|SKIP) /.test(l) && l.split(' ')[1] === name), name).toBe(true);
    expect(ms).toBeLessThan(20_000);
  });

  it('as a child process with env and --state and --json: machine output, no token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-state-'));
    const state = join(dir, 'state.json');
    const withState = await startFastMock({ statePath: state });
    try {
      const { code, stdout, stderr } = await runCli(['--json'], { OPTA_DAEMON_STATE: state });
      expect(code, stderr).toBe(0);
      expect(stdout + stderr).not.toContain(withState.token);
      const r = JSON.parse(stdout) as { ok: boolean; failed: number; url: string; results: { name: string; outcome: string }[] };
      expect(r).toMatchObject({ ok: true, failed: 0, url: withState.url });
      expect(r.results).toHaveLength(ALL_CHECKS.length);
    } finally {
      await withState.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a wrong token fails the run with exit 1 and still prints no token', async () => {
    const { code, stdout, stderr } = await runCli(['--url', mock.url], { OPTA_DAEMON_TOKEN: 'not-the-token-0123456789' });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL rest\.create-session\.chat — POST \/v3\/sessions → 401/m);
    expect(stdout + stderr).not.toContain('not-the-token-0123456789');
    expect(stdout.trim().split('\n').pop()).toMatch(/^conformance: \d+ checks passed, [1-9]\d* failed$/);
  });

  it('a daemon that is not there: one failure saying so, exit 1', async () => {
    const gone = await startFastMock();
    const url = gone.url;
    await gone.close();
    const { code, stdout, stderr } = await runCli(['--url', url, '--token', 'unreachable-token-123456']);
    expect(stdout + stderr).not.toContain('unreachable-token-123456');
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL daemon\\.reachable — GET ${url.replace(/\./g, '\\.')}/v3/health: ECONNREFUSED$`, 'm'));
    expect(stdout.trim().split('\n').pop()).toBe('conformance: 0 checks passed, 1 failed');
  });

  it('usage errors exit 2 with help', async () => {
    const { code, stderr } = await runCli(['--url', mock.url], { OPTA_DAEMON_STATE: join(tmpdir(), 'conformance-missing', 'state.json') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no --url\/--token given and Daemon state file not found/);
    expect((await runCli(['--bogus'])).code).toBe(2);
  });
});
