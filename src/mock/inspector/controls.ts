/**
 * What the inspector can see and do, over the mock's own parts: a read-only view of sessions,
 * turns and connections, and the live switches (drop sockets, black hole, faults, buffer expiry,
 * restart, default scenario). The HTTP control API and `MockDaemon`'s methods both call these,
 * so the page and a test script act through the same code.
 */
import type { EventEnvelope } from '../../../generated/events.js';
import type { Faults } from '../faults.js';
import type { MockFaults, NormalisedFaults } from '../options.js';
import type { Scenario } from '../scenarios.js';
import type { SessionRecord, Store } from '../store.js';
import type { StreamServer } from '../ws.js';

/** A WebSocket connection as the inspector shows it (`Connection.describe()` in ws.ts). */
export interface ConnectionView {
  readonly id: string;
  readonly state: 'awaiting_auth' | 'open' | 'closing';
  readonly openedAt: string;
  readonly subscribeAll: boolean;
  /** Session id → seq of the last event sent on this connection. */
  readonly cursors: Readonly<Record<string, number>>;
  readonly sentEvents: number;
  /** Frames waiting for the latency or black-hole fault. */
  readonly heldFrames: number;
}

export interface TurnView {
  readonly id: string;
  readonly status: string;
  readonly content: string;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
}

export interface SessionView {
  readonly id: string;
  readonly title: string | null;
  readonly model: string;
  readonly mode: string;
  readonly status: string;
  readonly headSeq: number;
  readonly oldestSeq: number;
  readonly activeTurnId: string | null;
  readonly turns: readonly TurnView[];
}

export interface ScenarioView {
  readonly name: string;
  readonly description: string;
  /** Turns in the file (a recorded session may hold several). */
  readonly turns: number;
}

export interface InspectorState {
  readonly epoch: string;
  readonly faults: NormalisedFaults;
  /** Milliseconds the current black hole still lasts (0 when none). */
  readonly blackholeMs: number;
  /** The scenario a turn plays unless its prompt picks one with `[mock:NAME]`. */
  readonly scenario: string;
  readonly scenarios: readonly ScenarioView[];
  readonly paceMs: number;
  readonly speed: number;
  /** Newest first. */
  readonly sessions: readonly SessionView[];
  readonly clients: readonly ConnectionView[];
}

/** The mock's parts the controls work on (assembled by startMockDaemon). */
export interface ControlledParts {
  readonly store: Store;
  readonly stream: StreamServer;
  readonly faults: Faults;
  readonly scenarios: ReadonlyMap<string, Scenario>;
  /** The turn runner's settings object: `scenario` is read at each turn's start. */
  readonly turnSettings: { scenario: string; readonly paceMs: number; readonly speed: number };
  readonly restart: () => Promise<void>;
  readonly log: (line: string) => void;
}

/** A switch was given something it cannot use (the control API answers 400 with the message). */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(message: string, readonly status: 400 | 404 = 400) {
    super(message);
  }
}

const CONTENT_PREVIEW = 120;

function sessionView(store: Store, rec: SessionRecord): SessionView {
  const s = rec.session;
  const turns = [...rec.turns.values()].map((t) => ({
    id: t.id,
    status: t.status,
    content: t.content.length > CONTENT_PREVIEW ? `${t.content.slice(0, CONTENT_PREVIEW - 1)}…` : t.content,
    firstSeq: t.firstSeq,
    lastSeq: t.lastSeq,
  }));
  return {
    id: s.id, title: s.title, model: s.model, mode: s.mode, status: s.status, headSeq: s.headSeq,
    oldestSeq: store.oldestSeq(rec), activeTurnId: s.activeTurnId, turns,
  };
}

export class MockControls {
  constructor(private readonly parts: ControlledParts) {}

  get store(): Store {
    return this.parts.store;
  }

  state(): InspectorState {
    const { store, stream, faults, scenarios, turnSettings } = this.parts;
    return {
      epoch: store.epoch,
      faults: faults.settings,
      blackholeMs: faults.blackholeRemainingMs(),
      scenario: turnSettings.scenario,
      scenarios: [...scenarios.values()].map((s) => ({ name: s.name, description: s.description, turns: s.turns.length })),
      paceMs: turnSettings.paceMs,
      speed: turnSettings.speed,
      sessions: store.list().map((rec) => sessionView(store, rec)),
      clients: [...stream.connections].map((c) => c.describe()),
    };
  }

  /** The newest `limit` held events of each session, oldest first per session. */
  recentEvents(limit: number): EventEnvelope[] {
    return this.parts.store.list().flatMap((rec) => this.parts.store.held(rec).slice(-limit));
  }

  /** Cuts every WebSocket now, with no close frame (clients see 1006, as on a network loss). */
  dropSockets(): number {
    const count = this.parts.stream.connections.size;
    this.parts.stream.terminateAll();
    this.parts.log(`[mock] inspector: dropped ${count} socket(s)`);
    return count;
  }

  /** Holds back every WebSocket frame for `seconds` (sockets stay open); 0 ends the hole. */
  blackhole(seconds: unknown): void {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
      throw new ControlError('seconds must be a number from 0 to 3600');
    }
    this.parts.faults.blackhole(seconds);
    this.parts.log(`[mock] inspector: black hole for ${seconds} s`);
  }

  setFaults(faults: unknown): NormalisedFaults {
    if (!faults || typeof faults !== 'object' || Array.isArray(faults)) throw new ControlError('faults must be an object of MockFaults fields');
    const known = new Set(Object.keys(this.parts.faults.settings));
    const unknown = Object.keys(faults).filter((k) => !known.has(k));
    if (unknown.length) throw new ControlError(`unknown fault ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    try {
      this.parts.faults.set(faults as MockFaults);
    } catch (err) {
      throw new ControlError((err as Error).message);
    }
    this.parts.log(`[mock] inspector: faults ${JSON.stringify(this.parts.faults.settings)}`);
    return this.parts.faults.settings;
  }

  /**
   * Expires a session's replay buffer: every held event but the newest `keep` is dropped, so a
   * client resuming from an older cursor gets `cursor_expired` (REST 410) and must resync.
   */
  expireBuffer(sessionId: unknown, keep: unknown = 0): { oldestSeq: number; headSeq: number } {
    const rec = typeof sessionId === 'string' ? this.parts.store.get(sessionId) : undefined;
    if (!rec) throw new ControlError(`No session ${String(sessionId)}`, 404);
    if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 0) throw new ControlError('keep must be an integer ≥ 0');
    const held = this.parts.store.held(rec);
    rec.events = keep === 0 ? [] : held.slice(-keep);
    const result = { oldestSeq: this.parts.store.oldestSeq(rec), headSeq: rec.session.headSeq };
    this.parts.log(`[mock] inspector: expired ${rec.session.id} up to seq ${result.oldestSeq - 1}`);
    return result;
  }

  /** A daemon restart with a new epoch (see MockDaemon.restart). */
  async restart(): Promise<string> {
    await this.parts.restart();
    return this.parts.store.epoch;
  }

  /** Picks the scenario later turns play (a running turn keeps its own). */
  setScenario(name: unknown): void {
    if (typeof name !== 'string' || !this.parts.scenarios.has(name)) {
      throw new ControlError(`unknown scenario ${JSON.stringify(name)}; known: ${[...this.parts.scenarios.keys()].join(', ')}`);
    }
    this.parts.turnSettings.scenario = name;
    this.parts.log(`[mock] inspector: scenario ${name}`);
  }
}
