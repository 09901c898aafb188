/**
 * Plays turns: compiles the session's scenario for the prompt and emits one event per pace tick
 * through the store, ending with exactly one stop event. Cancel and close live here too because
 * they must stop the timer and emit the stop event atomically (no event may follow it).
 */
import type { Scenario, Step } from './scenarios.js';
import { compileScenario, scenarioDirective, tokenize } from './scenarios.js';
import type { SessionRecord, Store, Turn } from './store.js';

type MutableTurn = { -readonly [K in keyof Turn]: Turn[K] };

interface Running {
  readonly rec: SessionRecord;
  readonly turn: MutableTurn;
  readonly steps: Step[];
  next: number;
  startedMs: number;
  outputTokens: number;
  toolCalls: number;
  timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
}

/** With paceMs 0, events are emitted in batches per event-loop turn so I/O still gets through. */
const BATCH_AT_ZERO_PACE = 64;

export class TurnRunner {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly store: Store,
    private readonly scenarios: ReadonlyMap<string, Scenario>,
    private readonly settings: { paceMs: number; scenario: string },
  ) {
    if (!scenarios.has(settings.scenario)) {
      throw new Error(`mock: unknown scenario ${settings.scenario}; known: ${[...scenarios.keys()].join(', ')}`);
    }
  }

  /** Queues a turn and starts playing it after one pace tick. */
  start(rec: SessionRecord, turn: MutableTurn): void {
    const directive = scenarioDirective(turn.content);
    const scenario = (directive.name ? this.scenarios.get(directive.name) : undefined) ?? this.scenarios.get(this.settings.scenario);
    if (!scenario) throw new Error('mock: no scenario');
    const steps = compileScenario(scenario, { prompt: directive.content, model: rec.session.model });
    const r: Running = { rec, turn, steps, next: 0, startedMs: 0, outputTokens: 0, toolCalls: 0, timer: undefined };
    this.running.set(rec.session.id, r);
    this.schedule(r, this.settings.paceMs);
  }

  isRunning(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  private schedule(r: Running, ms: number): void {
    r.timer = ms <= 0 ? setImmediate(() => this.tick(r)) : setTimeout(() => this.tick(r), ms);
  }

  private tick(r: Running): void {
    if (this.running.get(r.rec.session.id) !== r) return;
    if (r.turn.status === 'queued') {
      r.turn.status = 'running';
      r.turn.startedAt = new Date().toISOString();
      r.startedMs = Date.now();
    }
    const budget = this.settings.paceMs <= 0 ? BATCH_AT_ZERO_PACE : 1;
    for (let n = 0; n < budget; n++) {
      const step = r.steps[r.next++];
      if (!step) return; // unreachable: compiled steps end with a stop step
      if (step.kind === 'pause') return this.schedule(r, step.ms);
      if (this.play(r, step)) return;
    }
    this.schedule(r, this.settings.paceMs);
  }

  /** Emits one step's event; returns true when it was the stop event. */
  private play(r: Running, step: Exclude<Step, { kind: 'pause' }>): boolean {
    const { rec, turn } = r;
    const turnId = turn.id;
    switch (step.kind) {
      case 'thinking':
        this.store.append(rec, { event: 'turn.thinking', turnId, data: { token: step.token } });
        return false;
      case 'token':
        r.outputTokens++;
        this.store.append(rec, { event: 'turn.token', turnId, data: { token: step.token } });
        return false;
      case 'tool_call':
        r.toolCalls++;
        this.store.append(rec, { event: 'turn.tool_call', turnId, data: { callId: step.callId, toolName: step.toolName, args: step.args } });
        return false;
      case 'tool_result':
        this.store.append(rec, { event: 'turn.tool_result', turnId, data: { callId: step.callId, toolName: step.toolName, result: step.result, isError: step.isError } });
        return false;
      case 'done': {
        const durationMs = Date.now() - r.startedMs;
        const stats = {
          inputTokens: tokenize(turn.content).length,
          outputTokens: r.outputTokens,
          durationMs,
          tokensPerSecond: Math.round((r.outputTokens / Math.max(durationMs, 1)) * 10_000) / 10,
          toolCalls: r.toolCalls,
        };
        this.running.delete(rec.session.id);
        this.store.finishTurn(rec, turn, 'done', { stats });
        this.store.append(rec, { event: 'turn.done', turnId, data: { finishReason: step.finishReason }, stats });
        return true;
      }
      case 'error': {
        const error = { code: step.code, message: step.message };
        this.running.delete(rec.session.id);
        this.store.finishTurn(rec, turn, 'error', { error });
        this.store.append(rec, { event: 'turn.error', turnId, data: error });
        return true;
      }
    }
  }

  /**
   * Cancels a session: stops its running turn, emits exactly one `session.cancelled` (its stop
   * event; turnId null when idle) and marks the session cancelled. Idempotent per the contract:
   * a cancelled or closed session emits nothing.
   */
  cancel(rec: SessionRecord, reason: 'user' | 'shutdown'): void {
    if (rec.session.status !== 'active') return;
    const r = this.halt(rec);
    rec.session.status = 'cancelled';
    if (r) this.store.finishTurn(rec, r.turn, 'cancelled');
    this.store.append(rec, { event: 'session.cancelled', turnId: r?.turn.id ?? null, data: { reason } });
  }

  /** Closes a session: a running turn is cancelled first (emitting session.cancelled). */
  close(rec: SessionRecord): void {
    if (rec.session.status === 'closed') return;
    if (this.running.has(rec.session.id)) this.cancel(rec, 'user');
    rec.session.status = 'closed';
    rec.session.updatedAt = new Date().toISOString();
  }

  private halt(rec: SessionRecord): Running | undefined {
    const r = this.running.get(rec.session.id);
    if (!r) return undefined;
    this.running.delete(rec.session.id);
    if (r.timer) {
      clearTimeout(r.timer as NodeJS.Timeout);
      clearImmediate(r.timer as NodeJS.Immediate);
    }
    return r;
  }

  /** Stops every running turn as a shutting-down daemon would (session.cancelled, reason shutdown). */
  shutdown(): void {
    for (const r of [...this.running.values()]) this.cancel(r.rec, 'shutdown');
  }
}
