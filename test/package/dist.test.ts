// The package as users install it: build with tsup, then a plain Node process imports the
// public names through package.json's `exports` (self-reference, node condition) and runs a
// turn on the built mock daemon with the built client — no TypeScript, no vitest aliases.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

const script = `
import { DaemonClient, isStopEvent } from '@opta/daemon-client';
import { startMockDaemon } from '@opta/daemon-client/mock';
const mock = await startMockDaemon({ port: 0, paceMs: 0, statePath: null });
try {
  const client = new DaemonClient({ baseUrl: mock.url, token: mock.token });
  const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
  const turn = client.streamTurn(session.id, { content: 'hello' });
  const seqs = [];
  for await (const e of turn) seqs.push(e.seq);
  client.close();
  console.log(JSON.stringify({ seqs, stop: isStopEvent(turn.stopEvent), text: (await turn.finalText()).length, violations: mock.violations.length }));
} finally {
  await mock.close();
}
`;

it('the built entries work through package.json exports', async () => {
  await run('npx', ['tsup', '--silent'], { cwd: root, timeout: 120_000 });
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 30_000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { seqs: number[]; stop: boolean; text: number; violations: number };
  expect(result.seqs.length).toBeGreaterThan(2);
  expect(result.seqs).toEqual(result.seqs.map((_, i) => result.seqs[0]! + i));
  expect(result.stop).toBe(true);
  expect(result.text).toBeGreaterThan(0);
  expect(result.violations).toBe(0);
}, 180_000);
