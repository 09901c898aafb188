/**
 * state.json as the real daemon writes it (`{host, port, token}`, readable by the user only),
 * so `new DaemonClient()` finds the mock through OPTA_DAEMON_STATE exactly as it finds the daemon.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StateFile {
  readonly path: string;
  remove(): void;
}

/** Writes state.json at `path` (or in a fresh temp directory that `remove` deletes). */
export function writeStateFile(path: string | undefined, state: { host: string; port: number; token: string }): StateFile {
  const temp = path === undefined ? mkdtempSync(join(tmpdir(), 'opta-mock-')) : undefined;
  const file = path ?? join(temp as string, 'state.json');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync keeps the mode of an existing file
  return {
    path: file,
    remove: () => rmSync(temp ?? file, { recursive: true, force: true }),
  };
}
