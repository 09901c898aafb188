/**
 * `@opta/daemon-client/mock`: the mock daemon for frontend and SDK work (Node only — the browser
 * entry never imports this).
 */
export { startMockDaemon, type MockDaemon } from './server.js';
export { startPrismMock, PrismNotInstalledError, type PrismMock, type PrismMockOptions } from './prism.js';
export type { MockDaemonOptions, MockFaults, NormalisedFaults } from './options.js';
export type { Violation } from './validation.js';
export { recordSession, recordingToYaml, checkRecordingYaml, RecordError, type RecordOptions, type Recording, type RecordedTurn } from './record.js';
export { runRecordCli, RECORD_HELP } from './record-cli.js';
export { ScenarioError } from './scenarios.js';
export type { ConnectionView, InspectorState, SessionView, TurnView, ScenarioView } from './inspector/controls.js';
