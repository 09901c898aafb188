/**
 * Where a token is kept between runs. The desktop plugs its OS keyring in by implementing this;
 * the SDK ships a memory store and a localStorage store (browser/dev fallback).
 *
 * The client calls `get()` before its first authenticated request and again after a 401. When a
 * token comes from discovery instead (env / state.json), the client `set()`s it here so the next
 * run finds it. Methods may be sync or async.
 */
export interface TokenStore {
  /** The stored token, or undefined/null when there is none. */
  get(): string | undefined | null | Promise<string | undefined | null>;
  /** Remembers a token (optional: read-only stores omit it). */
  set?(token: string): void | Promise<void>;
  /** Forgets the token (optional). */
  clear?(): void | Promise<void>;
}

/** Keeps the token in memory only (tests, short-lived processes). */
export class MemoryTokenStore implements TokenStore {
  #token: string | undefined;
  constructor(token?: string) {
    this.#token = token;
  }
  get(): string | undefined {
    return this.#token;
  }
  set(token: string): void {
    this.#token = token;
  }
  clear(): void {
    this.#token = undefined;
  }
}

/** The subset of the Web Storage API the store needs (so tests can pass a fake). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Keeps the token in `localStorage` (browser/dev runtimes, a compatibility fallback: any script
 * of the page's origin can read it; the desktop uses its keyring instead).
 */
export class LocalStorageTokenStore implements TokenStore {
  /** Storage key. Default `opta.daemon.token`. */
  declare readonly key: string;
  readonly #storage: StorageLike | undefined;
  constructor(
    key = 'opta.daemon.token',
    /** Default `globalThis.localStorage`, looked up at each call (absent in Node: then no token). */
    storage?: StorageLike,
  ) {
    this.key = key;
    this.#storage = storage;
  }
  get #backend(): StorageLike | undefined {
    return this.#storage ?? (globalThis as { localStorage?: StorageLike }).localStorage;
  }
  get(): string | undefined {
    return this.#backend?.getItem(this.key) ?? undefined;
  }
  set(token: string): void {
    this.#backend?.setItem(this.key, token);
  }
  clear(): void {
    this.#backend?.removeItem(this.key);
  }
}
