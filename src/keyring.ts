// `@opta/daemon-client/keyring`: the token store over the OS keyring, for Electron main
// processes and Node tools (needs the optional peer dependency `@napi-rs/keyring`). Re-exports only.
export { KeyringTokenStore, KeyringUnavailableError, type KeyringTokenStoreOptions, type KeyringOperation } from './auth/keyring-store.js';
export type { TokenStore } from './auth/token-store.js';
