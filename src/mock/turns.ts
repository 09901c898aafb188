/**
 * Plays turns: compiles the session's scenario for the prompt and emits one event per pace tick
 * through the store, ending with exactly one stop event. Cancel and close live here too because
 * they must stop the timer and emit the stop event atomically (no event may follow it).
 */
import type { Scenario, Step } from './scenarios.js';
import { compileScenario, scenarioDirective, tokenize } from './scenarios.js';
import type { EventName, SessionCancelledData, TurnDoneData, TurnErrorData } from '../../generated/events.js';
import type { NewEvent, SessionRecord, Store, Turn } from './store.js';

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
    /** Read at each turn's start, so the inspector's scenario picker can change `scenario` live. */
    private readonly settings: { paceMs: number; scenario: string; speed: number },
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
    const turnIndex = rec.session.turnCount - 1;
    const steps = compileScenario(scenario, { prompt: directive.content, model: rec.session.model, turnIndex, speed: this.settings.speed });
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
    let played = 0;
    let due = false;
    for (;;) {
      const step = r.steps[r.next];
      if (!step) return; // unreachable: compiled steps end with a stop step
      if (step.kind === 'until') {
        // Recorded timing replaces the pace: wait for the step's time, measured from the turn's
        // start (absolute, so a late timer does not delay the events after it).
        const wait = r.startedMs + step.atMs - Date.now();
        if (wait > 0) return this.schedule(r, wait);
        r.next++;
        due = true;
        continue;
      }
      if (!due && played === budget) return this.schedule(r, this.settings.paceMs);
      due = false;
      r.next++;
      if (step.kind === 'pause') return this.schedule(r, step.ms);
      if (this.play(r, step)) return;
      played++;
    }
  }

  /** Emits one step's event; returns true when it was the stop event. */
  private play(r: Running, step: Exclude<Step, { kind: 'pause' | 'until' }>): boolean {
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
      case 'recorded':
        return this.playRecorded(r, step.event, step.data);
      case 'done':
        return this.finishDone(r, { finishReason: step.finishReason });
      case 'error':
        return this.finishError(r, { code: step.code, message: step.message });
    }
  }

  /** A recorded event goes out with its own name and data; stop events end the turn as usual. */
  private playRecorded(r: Running, event: EventName, recorded: unknown): boolean {
    const { rec, turn } = r;
    // Checked against the contract's schema for `event` when the scenario file was loaded.
    const data = recorded as never;
    switch (event) {
      case 'turn.done':
        return this.finishDone(r, data);
      case 'turn.error':
        return this.finishError(r, data);
      case 'session.cancelled':
        this.cancel(rec, (data as SessionCancelledData).reason);
        return true;
      case 'turn.token':
        r.outputTokens++;
        break;
      case 'turn.tool_call':
        r.toolCalls++;
        break;
    }
    this.store.append(rec, { event, turnId: turn.id, data } as unknown as NewEvent);
    return false;
  }

  private finishDone(r: Running, data: TurnDoneData): true {
    const { rec, turn } = r;
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
    this.store.append(rec, { event: 'turn.done', turnId: turn.id, data, stats });
    return true;
  }

  private finishError(r: Running, error: TurnErrorData): true {
    const { rec, turn } = r;
    this.running.delete(rec.session.id);
    this.store.finishTurn(rec, turn, 'error', { error });
    this.store.append(rec, { event: 'turn.error', turnId: turn.id, data: error });
    return true;
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
