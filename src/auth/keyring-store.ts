/**
 * A TokenStore over the OS keyring — the macOS Keychain, the Windows Credential Manager, the
 * Secret Service on Linux (GNOME Keyring, KWallet) — through `@napi-rs/keyring`, an optional
 * peer dependency: install it beside the SDK where this store is used (an Electron main process,
 * a Node tool). Node only; the browser entry never reaches this file.
 *
 * Every failure of the keyring (the module not installed, no Secret Service on the session bus,
 * a locked or refused store) rejects with one typed error, `KeyringUnavailableError`, whose
 * message names the service, the account and the operation — never the token.
 */
import { DaemonError } from '../errors.js';
import type { TokenStore } from './token-store.js';

/** Where the token lives in the keyring. */
export interface KeyringTokenStoreOptions {
  /** The keyring's service name. Default `opta-daemon`. */
  readonly service?: string | undefined;
  /** The account (user name) under the service, e.g. one per daemon. Default `default`. */
  readonly account?: string | undefined;
  /**
   * Linux only: which store holds the token. `secret-service` (default: GNOME Keyring, KWallet;
   * persistent, shared with the desktop's other programs), `keyutils` (the kernel keyring: gone
   * after a reboot), or `auto` (Secret Service, else the kernel keyring). A pinned store that is
   * missing is a KeyringUnavailableError, never a silent fallback.
   */
  readonly linuxStore?: 'secret-service' | 'keyutils' | 'auto' | undefined;
}

/** What the store needs of `@napi-rs/keyring`'s `AsyncEntry` (kept here so our types never need the peer's). */
interface KeyringEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}

interface KeyringModule {
  readonly AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } }) => KeyringEntry;
}

/** Which operation of the store failed. */
export type KeyringOperation = 'get' | 'set' | 'clear';

/**
 * The OS keyring could not be used. `reason`: `not-installed` (the optional peer dependency
 * `@napi-rs/keyring` is missing) or `unavailable` (no keyring service, a locked or refusing
 * store — `cause` holds the keyring's own error).
 */
export class KeyringUnavailableError extends DaemonError {
  override readonly name: string = 'KeyringUnavailableError';
  declare readonly reason: 'not-installed' | 'unavailable';
  declare readonly operation: KeyringOperation;
  declare readonly service: string;
  declare readonly account: string;
  constructor(reason: 'not-installed' | 'unavailable', operation: KeyringOperation, where: { service: string; account: string }, detail: string, options?: ErrorOptions) {
    super(`OS keyring ${reason === 'not-installed' ? 'support is not installed' : 'is unavailable'} (${operation} ${where.service}/${where.account}): ${detail}`, options);
    this.reason = reason;
    this.operation = operation;
    this.service = where.service;
    this.account = where.account;
  }
}

const KEYRING_MODULE = '@napi-rs/keyring';

/** Keeps the daemon token in the OS keyring. Methods are async; each one reads or writes the keyring. */
export class KeyringTokenStore implements TokenStore {
  /** The keyring's service name. */
  declare readonly service: string;
  /** The account under the service. */
  declare readonly account: string;
  /** Linux only: the store used (see the option). */
  declare readonly linuxStore: 'secret-service' | 'keyutils' | 'auto';
  #entry: Promise<KeyringEntry> | undefined;

  constructor(options: KeyringTokenStoreOptions = {}) {
    this.service = options.service ?? 'opta-daemon';
    this.account = options.account ?? 'default';
    this.linuxStore = options.linuxStore ?? 'secret-service';
  }

  /** The stored token, or undefined when the keyring holds none. */
  async get(): Promise<string | undefined> {
    const entry = await this.#openEntry('get');
    const token = await this.#attempt('get', () => entry.getPassword());
    return token ?? undefined;
  }

  /** Stores the token (replacing any previous one). */
  async set(token: string): Promise<void> {
    const entry = await this.#openEntry('set');
    await this.#attempt('set', () => entry.setPassword(token), token);
  }

  /** Removes the token; nothing happens when there is none. */
  async clear(): Promise<void> {
    const entry = await this.#openEntry('clear');
    await this.#attempt('clear', () => entry.deletePassword());
  }

  /** Loads `@napi-rs/keyring` on first use and opens this store's entry; a failure is not cached (the next call tries again). */
  #openEntry(operation: KeyringOperation): Promise<KeyringEntry> {
    if (this.#entry === undefined) {
      const opening = this.#loadEntry(operation);
      this.#entry = opening;
      opening.catch(() => {
        if (this.#entry === opening) this.#entry = undefined;
      });
    }
    return this.#entry;
  }

  async #loadEntry(operation: KeyringOperation): Promise<KeyringEntry> {
    let keyring: KeyringModule;
    try {
      keyring = (await import(KEYRING_MODULE)) as KeyringModule;
    } catch (error) {
      throw new KeyringUnavailableError('not-installed', operation, this, `install the optional peer dependency: npm i ${KEYRING_MODULE}`, { cause: error });
    }
    const entryOptions = this.linuxStore === 'auto' ? {} : { linux: { store: this.linuxStore } };
    return this.#attempt(operation, () => Promise.resolve(new keyring.AsyncEntry(this.service, this.account, entryOptions)));
  }

  /** Runs one keyring call; its failure becomes a KeyringUnavailableError (with the token, if any, redacted from the detail). */
  async #attempt<T>(operation: KeyringOperation, call: () => Promise<T>, token?: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const safeDetail = token === undefined || token === '' ? detail : detail.replaceAll(token, '[redacted]');
      throw new KeyringUnavailableError('unavailable', operation, this, safeDetail, { cause: error });
    }
  }
}
