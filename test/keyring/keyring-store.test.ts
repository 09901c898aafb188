/**
 * KeyringTokenStore against a real Secret Service: GNOME Keyring under `dbus-run-session`
 * (Debian packages gnome-keyring, dbus, libsecret-tools; `.ci/run` installs them when missing).
 * Each case runs keyring-child.ts in its own process, with its own session bus or none.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./keyring-child.ts', import.meta.url));
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const PATH = `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`;
const folder = mkdtempSync(join(tmpdir(), 'opta-keyring-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const TOOLS = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon', '/usr/bin/secret-tool'];

async function child(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const { stdout } = await run(args[0]!, args.slice(1), { cwd: REPO, env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

describe('KeyringTokenStore', () => {
  it('needs GNOME Keyring, dbus and libsecret-tools on this machine (apt-get install gnome-keyring dbus libsecret-tools)', () => {
    expect(TOOLS.filter((tool) => !existsSync(tool))).toEqual([]);
  });

  it('stores, reads back, serves a client and clears the token in a real Secret Service', async () => {
    const account = `test-${randomBytes(4).toString('hex')}`;
    const token = `tok-${randomBytes(12).toString('hex')}`;
    const script = `echo -n unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$TSX" "$CHILD" secret-service opta-daemon-test "$ACCOUNT" "$TOKEN"`;
    const result = await child(['dbus-run-session', '--', 'sh', '-c', script], {
      ...process.env, PATH, TSX, CHILD, ACCOUNT: account, TOKEN: token, HOME: folder, XDG_DATA_HOME: join(folder, 'data'), XDG_RUNTIME_DIR: folder,
    });
    expect(result).toEqual({ before: null, readBack: token, lookedUp: token, status: 'authenticated', afterClear: null });
  }, 90_000);

  it('without a keyring service every operation rejects with KeyringUnavailableError, and a request says so; the token is in no message', async () => {
    const token = `tok-${randomBytes(12).toString('hex')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PATH, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(folder, 'no-such-bus')}` };
    delete env['DISPLAY'];
    const result = await child([TSX, CHILD, 'no-keyring', 'opta-daemon-test', 'default', token], env);
    for (const operation of ['get', 'set', 'clear'] as const) {
      expect(result[operation]).toMatchObject({ isTyped: true, name: 'KeyringUnavailableError', reason: 'unavailable', operation });
      expect((result[operation] as { message: string }).message).toMatch(new RegExp(`^OS keyring is unavailable \\(${operation} opta-daemon-test/default\\): .+`));
    }
    expect(result['request']).toMatchObject({ isTyped: true, reason: 'unavailable', operation: 'get' });
    expect(JSON.stringify(result)).not.toContain(token);
  }, 60_000);
});
