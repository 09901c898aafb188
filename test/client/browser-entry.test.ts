// The browser entry: no env, no state.json; default address, token from options or a store.
// And the wall: nothing reachable from src/index.ts imports node:* or ws.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { DaemonClient, DaemonRestClient, LocalStorageTokenStore, TokenMissingError, type StorageLike } from '@opta/daemon-client/browser';
import { SESSION, json, scriptedFetch } from './fake-fetch.js';

test('no options: http://127.0.0.1:9999, and a typed error (not a throw at construction) without a token', async () => {
  const f = scriptedFetch();
  const client = new DaemonClient({ fetch: f });
  expect(await client.resolveBaseUrl()).toBe('http://127.0.0.1:9999');
  await expect(client.getSession('sess-abc123')).rejects.toBeInstanceOf(TokenMissingError);
  expect(f.calls).toHaveLength(0);
});

test('DaemonRestClient: the REST methods without the stream; DaemonClient is one', async () => {
  const f = scriptedFetch(json(200, SESSION));
  const client = new DaemonRestClient({ token: 'rest-token-1234', fetch: f });
  expect((await client.getSession('sess-abc123')).id).toBe('sess-abc123');
  expect(f.calls[0]?.headers.authorization).toBe('Bearer rest-token-1234');
  expect('connectWebSocket' in client || 'streamTurn' in client).toBe(false);
  expect(new DaemonClient()).toBeInstanceOf(DaemonRestClient);
});

test('LocalStorageTokenStore provides the token', async () => {
  const map = new Map<string, string>([['opta.daemon.token', 'ls-token-1234']]);
  const storage: StorageLike = {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
  const store = new LocalStorageTokenStore(undefined, storage);
  const f = scriptedFetch(json(200, SESSION));
  await new DaemonClient({ tokenStore: store, fetch: f }).getSession('sess-abc123');
  expect(f.calls[0]?.headers.authorization).toBe('Bearer ls-token-1234');
  store.clear();
  expect(store.get()).toBeUndefined();
  store.set('x');
  expect(map.get('opta.daemon.token')).toBe('x');
});

test('LocalStorageTokenStore without localStorage (Node) has no token', () => {
  expect(new LocalStorageTokenStore().get()).toBeUndefined();
});

test('IPv6 hosts are bracketed', async () => {
  expect(await new DaemonClient({ host: '::1', port: 9 }).resolveBaseUrl()).toBe('http://[::1]:9');
});

test('nothing reachable from src/index.ts imports node:*, ws or src/mock', () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/index.ts');
  const seen = new Set<string>();
  const bad: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // Value imports and re-exports only; `import type` is erased.
    for (const [, spec] of source.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      if (!spec) continue;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        if (target.includes('/src/mock/')) bad.push(`${file} → ${spec}`);
        else visit(target);
      } else if (spec.startsWith('node:') || spec === 'ws' || !spec.startsWith('openapi-fetch')) {
        bad.push(`${file} → ${spec}`);
      }
    }
  };
  visit(root);
  expect(seen.size).toBeGreaterThan(3);
  expect(bad).toEqual([]);
});
