/**
 * `@opta/daemon-client/mock`: the mock daemon for frontend and SDK work (Node only — the browser
 * entry never imports this).
 */
export { startMockDaemon, type MockDaemon } from './server.js';
export { startPrismMock, PrismNotInstalledError, type PrismMock, type PrismMockOptions } from './prism.js';
export type { MockDaemonOptions, MockFaults, NormalisedFaults } from './options.js';
export type { Violation } from './validation.js';
