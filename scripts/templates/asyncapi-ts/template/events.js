import { File } from '@asyncapi/generator-react-sdk';
import { Emitter, header, operationMessages } from '../components/emit';

// The event envelopes shared with REST polling: the union told apart by `event`, a map from
// event name to envelope, and the stop events read from `x-opta-stop-event`.
export function renderEvents(asyncapi) {
  const eventFrame = operationMessages(asyncapi, 'sendServerFrames').find((m) => m.name === 'event');
  if (!eventFrame) throw new Error('events: the contract has no `event` server message');
  const envelope = eventFrame.payload.properties.envelope;
  const emitter = new Emitter();
  emitter.declare(envelope);

  const members = envelope.oneOf;
  const names = members.map((m) => m.properties.event.const);
  const stop = members.filter((m) => m['x-opta-stop-event'] === true).map((m) => m.properties.event.const);
  if (names.some((n) => typeof n !== 'string')) throw new Error('events: every envelope needs `event: { const }`');

  const map = members.map((m) => `  readonly ${JSON.stringify(m.properties.event.const)}: ${m.title};`).join('\n');
  return `${header('specs/daemon-v3.asyncapi.yaml + specs/schemas/events.yaml')}
${emitter.render()}
/** Every event name the contract defines, in contract order. */
export const EVENT_NAMES = ${JSON.stringify(names)} as const;

/** The name of an event (the value of \`envelope.event\`). */
export type EventName = (typeof EVENT_NAMES)[number];

/** From event name to its envelope type. */
export interface EventMap {
${map}
}

/** Events after which no more events are emitted for their turn (\`x-opta-stop-event: true\`). */
export const STOP_EVENTS = ${JSON.stringify(stop)} as const;

/** The name of a stop event. */
export type StopEventName = (typeof STOP_EVENTS)[number];

/** An envelope that ends its turn. */
export type StopEvent = EventMap[StopEventName];
`;
}

export default function ({ asyncapi }) {
  return <File name="events.ts">{renderEvents(asyncapi)}</File>;
}
