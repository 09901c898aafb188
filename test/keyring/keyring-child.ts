// Run by keyring-store.test.ts in a child process (inside `dbus-run-session` with GNOME Keyring's
// Secret Service, or without any session bus): drives the real KeyringTokenStore and prints
// what it saw as one JSON line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DaemonClient } from '../../src/node.js';
import { KeyringTokenStore, KeyringUnavailableError } from '../../src/keyring.js';
import { startMockDaemon } from '../../src/mock/index.js';

const run = promisify(execFile);
const [mode = 'secret-service', service = 'opta-daemon-test', account = 'default', token = 'token-for-the-keyring'] = process.argv.slice(2);

async function failureOf(promise: Promise<unknown>): Promise<Record<string, unknown> | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const e = error as KeyringUnavailableError;
    return { isTyped: error instanceof KeyringUnavailableError, name: e.name, reason: e.reason, operation: e.operation, message: e.message, cause: String(e.cause) };
  }
}

if (mode === 'no-keyring') {
  const store = new KeyringTokenStore({ service, account });
  const client = new DaemonClient({ baseUrl: 'http://127.0.0.1:9', tokenStore: store });
  console.log(JSON.stringify({ get: await failureOf(store.get()), set: await failureOf(store.set(token)), clear: await failureOf(store.clear()), request: await failureOf(client.listSessionsPage()) }));
} else {
  const store = new KeyringTokenStore({ service, account });
  const before = await store.get();
  await store.set(token);
  const readBack = await new KeyringTokenStore({ service, account }).get();
  // The secret is in the Secret Service itself, as any other program of the session sees it.
  const { stdout: lookedUp } = await run('secret-tool', ['lookup', 'service', service, 'username', account]);
  // A client whose only token source is the keyring authenticates with it.
  const mock = await startMockDaemon({ port: 0, token, statePath: null });
  let status: string;
  try {
    const client = new DaemonClient({ baseUrl: mock.url, tokenStore: new KeyringTokenStore({ service, account }), discover: async () => ({}) });
    await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
    status = (await client.listSessionsPage()).items.length === 1 ? 'authenticated' : 'wrong listing';
    client.close();
  } finally {
    await mock.close();
  }
  await store.clear();
  const afterClear = await store.get();
  await store.clear(); // clearing nothing is fine
  console.log(JSON.stringify({ before: before ?? null, readBack, lookedUp, status, afterClear: afterClear ?? null }));
}
