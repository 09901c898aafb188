// Payload-level, direction-aware compatibility of two AsyncAPI 3 documents (resolved JSON, as
// @asyncapi/parser's `document.json()` gives it). @asyncapi/diff only says "unclassified" for
// any change inside a payload, so this is ours.
//
// The document describes the daemon: operation action `send` = frames the daemon sends and
// the client READS (server→client, `sendServerFrames`); `receive` = frames the client WRITES
// (client→server, `receiveClientFrames`). Messages are paired by operation and message name,
// then their payloads are compared with schema-diff.ts and every change gets a verdict here.
//
// The rules are the ones the issue asks for:
//   "for server→client messages, removing a field, adding a required one, narrowing a type or
//    adding an enum value to what a client must handle is breaking; for client→server the
//    rules turn around."
// So for server→client data both directions of type change break: widening breaks the client
// that reads (a value it has no case for), and narrowing breaks everything that produces frames
// to the old contract (the mock daemon, recorded transcripts, test fixtures) — for a pure
// reader narrowing alone would be harmless, it is breaking here on purpose. The only
// compatible server→client changes are new optional properties (readers ignore what they do
// not know). For client→server data only narrowing breaks: the daemon must keep accepting every
// frame an old client sends.
import { type ChangeKind, diffSchemas } from './schema-diff.js';

export type Direction = 'server→client' | 'client→server';
export type Verdict = 'breaking' | 'compatible';

type MessageChangeKind = 'message-removed' | 'message-added';
type Kind = ChangeKind | MessageChangeKind;

interface Rule {
  readonly 'server→client': Verdict;
  readonly 'client→server': Verdict;
  /** Who is protected by the verdict, as printed next to a finding. */
  readonly why: { readonly 'server→client': string; readonly 'client→server': string };
}

export const RULES: Readonly<Record<Kind, Rule>> = {
  'message-removed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'clients wait for or handle this frame (e.g. a client awaiting `subscribed` would hang)',
      'client→server': 'old clients still send it; the daemon would close them with 4400 (unknown type)',
    },
  },
  'message-added': {
    'server→client': 'breaking',
    'client→server': 'compatible',
    why: {
      'server→client': 'a frame type old clients have no case for (their frame union is exhaustive)',
      'client→server': 'old clients never send it',
    },
  },
  'property-removed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'client code reads this field',
      'client→server': 'old clients send this field; a closed frame (additionalProperties: false) is now refused',
    },
  },
  'optional-property-added': {
    'server→client': 'compatible',
    'client→server': 'compatible',
    why: { 'server→client': 'readers ignore fields they do not know', 'client→server': 'old clients simply omit it' },
  },
  'required-property-added': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'producers of frames built to the old contract (the mock daemon, fixtures, test doubles) now emit invalid frames',
      'client→server': 'old clients do not send it; the daemon refuses their frames',
    },
  },
  'property-became-required': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'producers that omit it (the mock daemon, fixtures) now emit invalid frames',
      'client→server': 'old clients may omit it; the daemon refuses their frames',
    },
  },
  'property-became-optional': {
    'server→client': 'breaking',
    'client→server': 'compatible',
    why: { 'server→client': 'clients rely on it being present', 'client→server': 'the daemon accepts more than before' },
  },
  'values-added': {
    'server→client': 'breaking',
    'client→server': 'compatible',
    why: {
      'server→client': 'the client must handle a value it has never seen (a new finishReason, event name, error code)',
      'client→server': 'old clients never send it',
    },
  },
  'values-removed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'narrowing: frames built to the old contract (mock, fixtures) may carry it',
      'client→server': 'old clients send it; the daemon refuses it',
    },
  },
  'type-added': {
    'server→client': 'breaking',
    'client→server': 'compatible',
    why: { 'server→client': 'the client must handle a type it does not expect', 'client→server': 'old clients never send it' },
  },
  'type-removed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'narrowing: frames built to the old contract (mock, fixtures) may use it',
      'client→server': 'old clients send it; the daemon refuses it',
    },
  },
  'member-added': {
    'server→client': 'breaking',
    'client→server': 'compatible',
    why: { 'server→client': 'a new variant the client must handle (e.g. a new event)', 'client→server': 'old clients never send it' },
  },
  'member-removed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'narrowing: frames built to the old contract (mock, fixtures) may use it',
      'client→server': 'old clients send it; the daemon refuses it',
    },
  },
  'extra-properties-allowed': {
    'server→client': 'compatible',
    'client→server': 'compatible',
    why: { 'server→client': 'readers ignore fields they do not know', 'client→server': 'the daemon accepts more than before' },
  },
  'extra-properties-refused': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'narrowing: producers adding fields (mock, fixtures) now emit invalid frames',
      'client→server': 'old clients sending extra fields are refused',
    },
  },
  'constraint-loosened': {
    'server→client': 'breaking',
    'client→server': 'compatible',
    why: {
      'server→client': 'values outside what the client was promised (e.g. a seq of 0, a longer string)',
      'client→server': 'the daemon accepts more than before',
    },
  },
  'constraint-tightened': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'narrowing: frames built to the old contract (mock, fixtures) may violate it',
      'client→server': 'frames old clients send may now be refused',
    },
  },
  'stop-event-changed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': "the SDK's stop-event list decides when a turn is over",
      'client→server': 'the stop-event marker means nothing here; flagged to be looked at',
    },
  },
  'schema-changed': {
    'server→client': 'breaking',
    'client→server': 'breaking',
    why: {
      'server→client': 'the check cannot tell which way this goes, so it assumes the worst',
      'client→server': 'the check cannot tell which way this goes, so it assumes the worst',
    },
  },
};

export interface CompatFinding {
  readonly verdict: Verdict;
  readonly kind: Kind;
  readonly direction: Direction;
  /** `<message>.<json path>`, e.g. `event.envelope.oneOf[turn.done].data.finishReason`. */
  readonly where: string;
  readonly what: string;
  readonly why: string;
}

interface PairedMessage {
  readonly direction: Direction;
  readonly operation: string;
  readonly name: string;
  readonly message: Record<string, unknown>;
}

export function compareAsyncApi(before: unknown, after: unknown): CompatFinding[] {
  const a = messagesByOperation(before);
  const b = messagesByOperation(after);
  const findings: CompatFinding[] = [];
  const finding = (kind: Kind, direction: Direction, where: string, what: string): CompatFinding => ({
    verdict: RULES[kind][direction],
    kind,
    direction,
    where,
    what,
    why: RULES[kind].why[direction],
  });

  for (const [key, old] of a) {
    const now = b.get(key);
    if (!now) {
      findings.push(finding('message-removed', old.direction, old.name, `message removed from ${old.operation}`));
      continue;
    }
    for (const part of ['payload', 'headers'] as const) {
      const root = part === 'payload' ? old.name : `${old.name}.headers`;
      for (const change of diffSchemas(old.message[part], now.message[part], root))
        findings.push(finding(change.kind, old.direction, change.path, change.detail));
    }
  }
  for (const [key, now] of b)
    if (!a.has(key)) findings.push(finding('message-added', now.direction, now.name, `message added to ${now.operation}`));
  return findings;
}

export function formatFinding(finding: CompatFinding): string {
  const label = finding.verdict === 'breaking' ? 'BREAKING' : 'compatible';
  return `${label} asyncapi ${finding.where}: ${finding.what} (${finding.direction}: ${finding.why})`;
}

function messagesByOperation(doc: unknown): Map<string, PairedMessage> {
  const byKey = new Map<string, PairedMessage>();
  const operations = isRecord(doc) && isRecord(doc.operations) ? doc.operations : {};
  for (const [operation, value] of Object.entries(operations)) {
    if (!isRecord(value)) continue;
    const direction: Direction = value.action === 'send' ? 'server→client' : 'client→server';
    const messages = Array.isArray(value.messages) ? value.messages : [];
    messages.forEach((message, index) => {
      if (!isRecord(message)) return;
      const name = typeof message.name === 'string' ? message.name : typeof message.title === 'string' ? message.title : `#${index}`;
      // The direction is part of the key: an operation whose action flips is a removal plus an addition.
      byKey.set(`${direction} ${operation} ${name}`, { direction, operation, name, message });
    });
  }
  return byKey;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
