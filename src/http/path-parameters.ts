/**
 * The schema of each path parameter of the contract (`SessionIdPath` → `SessionId`, `turnId` →
 * `TurnId`), as a check: undefined when the value is valid, else what the contract expects.
 */
const SESSION_ID = /^sess-[A-Za-z0-9_-]{1,64}$/;
const TURN_ID = /^turn-[A-Za-z0-9_-]{1,64}$/;

const PARAMETERS: Readonly<Record<string, { readonly pattern: RegExp; readonly expected: string }>> = {
  sessionId: { pattern: SESSION_ID, expected: 'a SessionId (sess- and 1–64 of A-Z a-z 0-9 _ -)' },
  turnId: { pattern: TURN_ID, expected: 'a TurnId (turn- and 1–64 of A-Z a-z 0-9 _ -)' },
};

/** Undefined when `value` is a valid `name` parameter; else a description of what is expected. */
export function checkPathParameter(name: string, value: unknown): string | undefined {
  const parameter = PARAMETERS[name];
  if (parameter === undefined) return typeof value === 'string' && value !== '' ? undefined : 'a non-empty string';
  return typeof value === 'string' && parameter.pattern.test(value) ? undefined : parameter.expected;
}
