/**
 * The inspector's live feed: one long HTTP response of newline-delimited JSON (read by the page
 * with fetch, which — unlike EventSource — can send the bearer header). It starts with a
 * snapshot, then carries every event as it is stored, and the state (sessions, turns, clients
 * with their cursors, faults) whenever it changed, checked every `stateEveryMs`.
 */
import type { ServerResponse } from 'node:http';
import type { EventEnvelope } from '../../../generated/events.js';
import type { InspectorState, MockControls } from './controls.js';

export type FeedMessage =
  | { readonly type: 'snapshot'; readonly state: InspectorState; readonly events: readonly EventEnvelope[] }
  | { readonly type: 'event'; readonly envelope: EventEnvelope }
  | { readonly type: 'state'; readonly state: InspectorState };

/** Events per session sent in the snapshot (the page keeps a bounded timeline too). */
const SNAPSHOT_EVENTS_PER_SESSION = 200;

export class Feeds {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly controls: MockControls, private readonly stateEveryMs = 200) {}

  /** Streams the feed on `res` until the page goes away or `closeAll()`. */
  serve(res: ServerResponse): void {
    const { store } = this.controls;
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const write = (message: FeedMessage): void => {
      res.write(`${JSON.stringify(message)}\n`);
    };
    let last = '';
    const sendStateIfChanged = (): void => {
      const state = this.controls.state();
      const text = JSON.stringify(state);
      if (text === last) return;
      last = text;
      write({ type: 'state', state });
    };
    const onEvent = (envelope: EventEnvelope): void => write({ type: 'event', envelope });
    const snapshot = this.controls.state();
    last = JSON.stringify(snapshot);
    write({ type: 'snapshot', state: snapshot, events: this.controls.recentEvents(SNAPSHOT_EVENTS_PER_SESSION) });

    store.on('event', onEvent);
    // A new session is shown at once; everything else within one state period.
    store.on('session', sendStateIfChanged);
    const timer = setInterval(sendStateIfChanged, this.stateEveryMs);
    this.open.add(res);
    res.once('close', () => {
      clearInterval(timer);
      store.off('event', onEvent);
      store.off('session', sendStateIfChanged);
      this.open.delete(res);
    });
  }

  /** Ends every feed (the mock is stopping). */
  closeAll(): void {
    for (const res of this.open) res.end();
  }
}
