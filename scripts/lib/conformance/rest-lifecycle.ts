/**
 * The REST lifecycle through `prism proxy --errors`: health, sessions in both modes, list
 * pagination, get, an idempotent submit, polling to the stop event, afterSeq in the middle,
 * cancel and close. Each step is one named check; later steps reuse what earlier ones created
 * and fail (not skip) when that is missing, so a broken daemon cannot pass by omission.
 */
import type { RestClient } from './http.js';
import type { Report } from './report.js';
import { runCloseCheck, runSessionChecks } from './rest-sessions.js';
import type { LifecycleState } from './rest-state.js';
import { runTurnChecks } from './rest-turns.js';

export type { LifecycleState };

export async function runLifecycle(client: RestClient, report: Report, timeoutMs: number, state: LifecycleState): Promise<void> {
  await runSessionChecks(client, report, state);
  await runTurnChecks(client, report, timeoutMs, state);
  await runCloseCheck(client, report, timeoutMs, state);
}
