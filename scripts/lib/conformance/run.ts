/**
 * One conformance run: REST through Prism and the WebSocket checks, side by side (the stream
 * needs no Prism, so its checks — and its wait for a heartbeat — overlap Prism's start-up),
 * then a report ordered REST first. Prism is always stopped by PID, whatever failed.
 */
import { contractValidator } from '../../../src/mock/validation.js';
import { RestClient } from './http.js';
import type { ConformanceOptions } from './options.js';
import { startPrismProxy, type PrismProxy } from './prism-proxy.js';
import { Report, type CheckResult } from './report.js';
import { runErrorChecks, runRequestIdCheck } from './rest-errors.js';
import { runLifecycle, type LifecycleState } from './rest-lifecycle.js';
import { WsRecorder } from './ws-client.js';
import { runFrameSchemaCheck, runProtocolChecks, runSubscribeAllChecks } from './ws-protocol.js';
import { STREAM_LIMITS } from '../../../generated/stream-protocol.js';
import { runStreamChecks } from './ws-stream.js';

export interface ConformanceResult {
  readonly ok: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly ms: number;
  readonly url: string;
  readonly results: readonly CheckResult[];
}

export type RunOptions = Pick<ConformanceOptions, 'url' | 'token' | 'timeoutMs' | 'heartbeatWaitMs' | 'forbiddenOrigin'>;

export async function runConformance(options: RunOptions): Promise<ConformanceResult> {
  const t0 = performance.now();
  const validator = contractValidator();
  const report = new Report([options.token]);
  const client = new RestClient(options.url, options.token, validator, options.timeoutMs);
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/v3/ws`;
  const recorders: WsRecorder[] = [];
  const created: string[] = [];
  const connect = (headers?: Readonly<Record<string, string>>): WsRecorder => {
    const rec = new WsRecorder(wsUrl, validator, options.timeoutMs, headers);
    recorders.push(rec);
    return rec;
  };
  let prism: PrismProxy | undefined;

  // A daemon that is not there would fail every check for the same reason: say it once.
  try {
    await fetch(`${options.url}/v3/health`, { signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    await report.run('daemon.reachable', (c) => c.fail(`GET ${options.url}/v3/health: ${cause?.code ?? cause?.message ?? (err as Error).message}`));
    return { ok: false, passed: 0, failed: 1, skipped: 0, ms: Math.round(performance.now() - t0), url: options.url, results: report.results };
  }

  const rest = async (): Promise<void> => {
    await report.run('rest.prism-proxy.start', async (c) => {
      prism = await startPrismProxy(options.url);
      client.usePrism(prism.url);
      c.detail = `prism proxy specs/daemon-v3.openapi.yaml <daemon> --errors (pid ${prism.pid})`;
    });
    if (!prism) return; // every REST check needs it; the failure above says why
    const state: LifecycleState = { created };
    await runLifecycle(client, report, options.timeoutMs, state);
    await runErrorChecks(client, report, state.chat, options.forbiddenOrigin);
  };
  const ws = async (): Promise<void> => {
    const ctx = { client, report, token: options.token, timeoutMs: options.timeoutMs, heartbeatWaitMs: options.heartbeatWaitMs, connect, created, forbiddenOrigin: options.forbiddenOrigin };
    await runStreamChecks(ctx);
    await runProtocolChecks(ctx);
    await runSubscribeAllChecks({ ...ctx, pongWithinMs: STREAM_LIMITS.pongWithinMs });
    await runFrameSchemaCheck(report, recorders);
  };

  try {
    await Promise.all([rest(), ws()]);
    await runRequestIdCheck(client, report);
  } finally {
    for (const r of recorders) r.close();
    // Leave the daemon as found: close what the run created (best effort, not a check).
    await Promise.allSettled(created.map((id) => client.send('POST', `/v3/sessions/${id}/close`, { via: 'direct' })));
    await prism?.stop();
  }

  const order = (name: string): number => (name.startsWith('rest.') ? 0 : 1);
  const results = [...report.results].sort((a, b) => order(a.name) - order(b.name));
  return {
    ok: report.failed === 0,
    passed: report.passed,
    failed: report.failed,
    skipped: report.skipped,
    ms: Math.round(performance.now() - t0),
    url: options.url,
    results,
  };
}
