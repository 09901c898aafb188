/**
 * Scenario files given by path (`--scenario ./file.yaml`) are checked on load, and every error
 * names the file and the line: YAML syntax, unknown steps, event data that breaks the contract,
 * time going backwards, a missing stop event. The mock CLI prints that line and exits 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockDaemon } from '@opta/daemon-client/mock';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'opta-scenario-file-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const HEAD = ['# a recorded scenario', 'description: test', 'turns:', '  - steps:'];

const CASES: readonly { what: string; lines: readonly string[]; line: number; message: RegExp }[] = [
  {
    what: 'YAML syntax',
    lines: [...HEAD, '      - {at: 0, event: turn.token, data: {token: "a"}}', '      - {at: 5, event: turn.done, data: {finishReason: stop}}', 'description: twice'],
    line: 7,
    message: /YAML: Map keys must be unique/,
  },
  {
    what: 'an unknown step',
    lines: [...HEAD, '      - {at: 0, event: turn.token, data: {token: "a"}}', '      - shout: hello', '      - {at: 9, event: turn.done, data: {finishReason: stop}}'],
    line: 6,
    message: /step 1 must have exactly one of think, say/,
  },
  {
    what: 'event data the contract refuses',
    lines: [...HEAD, '      - {at: 0, event: turn.token, data: {token: "a"}}', '      - at: 4', '        event: turn.token', '        data: {token: 42}', '      - {at: 9, event: turn.done, data: {finishReason: stop}}'],
    line: 8,
    message: /turn\.token data violates the contract/,
  },
  {
    what: 'an event name outside the contract',
    lines: [...HEAD, '      - {at: 0, event: turn.tokens, data: {token: "a"}}', '      - {at: 9, event: turn.done, data: {finishReason: stop}}'],
    line: 5,
    message: /unknown event "turn\.tokens"/,
  },
  {
    what: 'time going backwards',
    lines: [...HEAD, '      - {at: 10, event: turn.token, data: {token: "a"}}', '      - {at: 3, event: turn.done, data: {finishReason: stop}}'],
    line: 6,
    message: /`at` 3 is earlier than the step before \(10\)/,
  },
  {
    what: 'no stop event at the end',
    lines: [...HEAD, '      - {at: 0, event: turn.token, data: {token: "a"}}', '      - {at: 5, event: turn.token, data: {token: "b"}}'],
    line: 6,
    message: /the last step must be done or error/,
  },
];

describe('scenario files: checked on load, errors name the line', () => {
  for (const c of CASES) {
    it(`${c.what} → line ${c.line}`, async () => {
      const file = write(`${c.what.replace(/\W+/g, '-')}.yaml`, c.lines);
      const error = await startMockDaemon({ port: 0, scenario: file, statePath: null }).then(
        async (m) => {
          await m.close();
          return undefined;
        },
        (e: unknown) => e as Error,
      );
      expect(error?.name).toBe('ScenarioError');
      expect(error?.message).toContain(`mock scenario ${file}:${c.line}: `);
      expect(error?.message).toMatch(c.message);
    });
  }

  it('a JSON scenario file is read the same way, lines included', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "description": "json",\n  "steps": [\n    {"say": "hello"},\n    {"at": 5, "event": "turn.token", "data": {"token": 1}},\n    {"done": "stop"}\n  ]\n}\n');
    await expect(startMockDaemon({ port: 0, scenario: file, statePath: null })).rejects.toThrow(`mock scenario ${file}:5: turn.token data violates the contract: data.token: expected string`);
  });

  it('a file that is not there is named too', async () => {
    const missing = join(dir, 'missing.yaml');
    await expect(startMockDaemon({ port: 0, scenario: missing, statePath: null })).rejects.toThrow(`mock scenario ${missing}: cannot be read (ENOENT)`);
  });

  it('npm run mock -- --scenario FILE prints the file and line and exits 2', async () => {
    const [bad] = CASES.filter((c) => c.what === 'event data the contract refuses');
    const file = write('cli.yaml', bad?.lines ?? []);
    const error = await run('npx', ['tsx', 'scripts/mock.ts', '--port', '0', '--state', join(dir, 'state.json'), '--scenario', file], { cwd: new URL('../..', import.meta.url) }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr.trim().split('\n')[0]).toMatch(new RegExp(`^mock scenario .*cli\\.yaml:8: turn\\.token data violates the contract`));
  });
});
