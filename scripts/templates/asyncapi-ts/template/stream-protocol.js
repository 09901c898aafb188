import { File } from '@asyncapi/generator-react-sdk';
import { Emitter, header, operationMessages } from '../components/emit';
import { renderEvents } from './events';

// Client and server frames of the stream, their `type` names, the close-code table
// (`x-opta-close-codes`) and the limits (`x-opta-limits`).
function renderProtocol(asyncapi) {
  const emitter = new Emitter();
  // Titles already declared in events.ts are imported, not declared twice.
  const eventTitles = [...renderEvents(asyncapi).matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
  for (const t of eventTitles) emitter.external.add(t);

  const client = operationMessages(asyncapi, 'receiveClientFrames');
  const server = operationMessages(asyncapi, 'sendServerFrames');
  const clientNames = client.map((m) => emitter.declare(m.payload));
  const serverNames = server.map((m) => emitter.declare(m.payload));
  const body = emitter.render();
  const used = eventTitles.filter((t) => new RegExp(`\\b${t}\\b`).test(body));

  const json = asyncapi.json();
  const closeCodes = json['x-opta-close-codes'];
  const limits = json['x-opta-limits'];
  if (!Array.isArray(closeCodes) || !limits) throw new Error('stream-protocol: x-opta-close-codes and x-opta-limits are required');
  // Descriptions live in doc comments, not at run time: the table ships in the browser bundle.
  const table = closeCodes
    .map((c) => `  /** ${c.fatal ? 'Fatal' : 'Retryable'}: ${c.description.replace(/\*\//g, '* /')} */\n  ${c.name}: ${c.code},`)
    .join('\n');
  const typeOf = (m) => m.payload.properties.type.const;

  return `${header('specs/daemon-v3.asyncapi.yaml')}
import type { ${used.join(', ')} } from './events.js';

${body}
/** A frame a client sends. */
export type ClientFrame = ${clientNames.join(' | ')};

/** A frame the daemon sends. */
export type ServerFrame = ${serverNames.join(' | ')};

/** The \`type\` of every client frame. */
export const CLIENT_FRAME_TYPES = ${JSON.stringify(client.map(typeOf))} as const;

/** The \`type\` of every server frame. */
export const SERVER_FRAME_TYPES = ${JSON.stringify(server.map(typeOf))} as const;

export type ClientFrameType = ClientFrame['type'];
export type ServerFrameType = ServerFrame['type'];

/** WebSocket close codes of the contract by name; FATAL_CLOSE_CODES lists those not to retry. */
export const CLOSE_CODES = {
${table}
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;

/** Close codes after which a client must stop reconnecting. */
export const FATAL_CLOSE_CODES: readonly number[] = ${JSON.stringify(closeCodes.filter((c) => c.fatal).map((c) => c.code))};

/** Limits the daemon enforces on a connection. */
export const STREAM_LIMITS = ${JSON.stringify(limits, null, 2).replace(/"(\w+)":/g, '$1:')} as const;
`;
}

export default function ({ asyncapi }) {
  return <File name="stream-protocol.ts">{renderProtocol(asyncapi)}</File>;
}
