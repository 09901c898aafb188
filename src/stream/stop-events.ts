import { STOP_EVENTS, type EventEnvelope, type StopEvent } from '../../generated/events.js';

const STOP: ReadonlySet<string> = new Set(STOP_EVENTS);

/** True for the events after which nothing more is emitted for their turn (generated from `x-opta-stop-event`). */
export function isStopEvent(envelope: { readonly event: string }): envelope is StopEvent {
  return STOP.has(envelope.event);
}

export type { EventEnvelope, StopEvent };
