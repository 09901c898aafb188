/** Shared set-up of the conformance tests: a fast mock and an in-process run against a URL. */
import { startMockDaemon, type MockDaemon, type MockDaemonOptions } from '@opta/daemon-client/mock';
import { runConformance, type ConformanceResult } from '../../scripts/lib/conformance/run.js';
import type { CheckResult } from '../../scripts/lib/conformance/report.js';
import { startDriftProxy, type DriftRules } from './drift-proxy.js';

/**
 * The mock as the brief runs it (port 0, 1 ms pace, no state.json), with a short heartbeat
 * interval: the heartbeat check waits for a real heartbeat, and the mock's default interval
 * (10 s) would make every run wait that long.
 */
export function startFastMock(extra: MockDaemonOptions = {}): Promise<MockDaemon> {
  return startMockDaemon({ port: 0, paceMs: 1, statePath: null, heartbeatIntervalMs: 250, ...extra });
}

/** `timeoutMs` bounds each wait; drift tests shorten it because drifted runs wait for what never comes. */
export function runAgainst(url: string, token: string, timeoutMs = 5_000, heartbeatWaitMs?: number): Promise<ConformanceResult> {
  return runConformance({ url, token, timeoutMs, heartbeatWaitMs, forbiddenOrigin: 'https://conformance.invalid' });
}

/** One run against `mock` seen through a proxy that applies `rules` (the proxy closes after it). */
export async function runDrifted(mock: MockDaemon, rules: DriftRules): Promise<ConformanceResult> {
  const proxy = await startDriftProxy(mock, rules);
  try {
    return await runAgainst(proxy.url, mock.token, 2_000);
  } finally {
    await proxy.close();
  }
}

export function failures(r: ConformanceResult): CheckResult[] {
  return r.results.filter((c) => c.outcome === 'FAIL');
}

export function check(r: ConformanceResult, name: string): CheckResult {
  const c = r.results.find((x) => x.name === name);
  if (!c) throw new Error(`no check ${name} in ${r.results.map((x) => x.name).join(', ')}`);
  return c;
}

/** Every check the runner has; a run that silently drops one must not pass. */
export const ALL_CHECKS = [
  'rest.prism-proxy.start', 'rest.health', 'rest.create-session.chat', 'rest.create-session.do', 'rest.list-sessions.pagination',
  'rest.get-session', 'rest.submit-turn.idempotency-key', 'rest.get-turn', 'rest.poll-events.until-stop', 'rest.seq.plus-one-from-1',
  'rest.stop-event.exactly-one-per-turn', 'rest.head-oldest-seq.consistent', 'rest.events.after-seq-middle', 'rest.cursor-expired',
  'rest.cancel', 'rest.close', 'rest.error.no-token', 'rest.error.wrong-token', 'rest.error.unknown-session', 'rest.error.bad-body',
  'rest.error.origin-forbidden', 'rest.error.host-forbidden', 'rest.x-request-id.every-response',
  'rest.host.loopback-any-port', 'rest.host.foreign-whatever-port', 'rest.host.missing', 'rest.origin.loopback-any-port', 'rest.http.malformed',
  'rest.http.headers-too-large', 'rest.http.method-not-allowed', 'rest.http.unsupported-media-type', 'rest.http.dot-segments', 'rest.events.long-poll',
  'ws.auth.first-frame', 'ws.subscribe.turn-until-stop', 'ws.order.subscribed-then-seq-without-gaps', 'ws.events.match-rest',
  'ws.replay.from-after-seq', 'ws.cursor-above-head', 'ws.cursor-expired', 'ws.heartbeat.heads', 'ws.close.wrong-token-4401', 'ws.close.bad-frames-4400',
  'ws.upgrade.origin-forbidden', 'ws.upgrade.host-forbidden', 'ws.upgrade.loopback-host-any-port', 'ws.upgrade.loopback-origin-any-port', 'ws.error-frames.connection-stays-open', 'ws.subscribe-all.per-entry-answers', 'ws.ping.pong-within', 'ws.frames.schema-valid',
];
