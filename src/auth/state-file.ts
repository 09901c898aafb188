// Node only: reached from src/node.ts, never from src/index.ts.
import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StateFileInvalidError, StateFileMissingError, StateFileUnreadableError } from '../errors.js';

export function invalidState(path: string, reason: string): StateFileInvalidError {
  return new StateFileInvalidError(
    `Daemon state file ${path} is invalid: ${reason}. Restart the daemon to rewrite it, or pass host/port/token to DaemonClient.`,
    path,
  );
}
import type { Logger } from '../http/logger.js';

function unreadable(path: string, cause: unknown): StateFileUnreadableError {
  const code = (cause as { code?: unknown }).code;
  return new StateFileUnreadableError(
    `Daemon state file ${path} could not be read${typeof code === 'string' ? ` (${code})` : ''}. ` +
      'Check that it is a file owned and readable by the current user.',
    path,
    { cause },
  );
}

/** stat() of the state file, with a missing file as StateFileMissingError. */
async function statStateFile(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new StateFileMissingError(
        `Daemon state file not found at ${path}. Start the Opta daemon (it writes this file), or pass ` +
          'host/port/token to DaemonClient, or set OPTA_DAEMON_URL and OPTA_DAEMON_TOKEN.',
        path,
        { cause },
      );
    }
    throw unreadable(path, cause);
  }
}

/** What the daemon writes to state.json (other fields are allowed and ignored). */
export interface DaemonState {
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly token: string | undefined;
}

/** `~/.config/opta/daemon/state.json`, from the current HOME. */
export function defaultStatePath(home: string = homedir()): string {
  return join(home, '.config', 'opta', 'daemon', 'state.json');
}

/**
 * Reads and checks state.json. Throws StateFileMissingError / StateFileUnreadableError /
 * StateFileInvalidError; warns through `logger` when group or others may read it (it holds a
 * bearer token). Never puts the token in a message.
 */
export async function readStateFile(path: string, logger: Logger | undefined): Promise<DaemonState> {
  const stats = await statStateFile(path);
  // Only a regular file is read: opening a FIFO with no writer (or a device) would block forever.
  if (!stats.isFile()) {
    throw new StateFileUnreadableError(`Daemon state file ${path} is not a regular file. Restart the daemon to rewrite it.`, path);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw unreadable(path, cause);
  }
  if (logger && (stats.mode & 0o077) !== 0) {
    logger.warn(
      `Daemon state file ${path} is readable by other users (mode ${(stats.mode & 0o777).toString(8)}); ` +
        `it holds the daemon token. Run: chmod 600 ${path}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // No cause: a JSON SyntaxError may quote the file's text, and with it the token.
    throw invalidState(path, 'not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidState(path, 'expected an object {"host","port","token"}');
  }
  const { host, port, token } = value as Record<string, unknown>;
  if (host !== undefined && (typeof host !== 'string' || host === '')) throw invalidState(path, '"host" must be a non-empty string');
  if (port !== undefined && !(Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536)) {
    throw invalidState(path, '"port" must be an integer 1-65535');
  }
  if (token !== undefined && token !== null && typeof token !== 'string') throw invalidState(path, '"token" must be a string');
  // Trimmed: a hand-edited or echo-written file often ends the token with a newline.
  const trimmedToken = typeof token === 'string' ? token.trim() : '';
  return { host, port: port as number | undefined, token: trimmedToken === '' ? undefined : trimmedToken };
}
