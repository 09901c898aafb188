// generated — do not edit. Source: specs/daemon-v3.openapi.yaml, specs/daemon-v3.asyncapi.yaml, specs/schemas/events.yaml (npm run generate: scripts/generate.ts + scripts/lib/validators-codegen.ts).
// Validators of the contract: `validateX(value)` returns true or false; after false,
// `lastValidationError()` names the first failure ({ path, expected }, never the value).

import type { components, operations } from './openapi.js';
import type { EventEnvelope, EventTime, Seq, SessionCancelledData, SessionCancelledEvent, SessionId, TurnDoneData, TurnDoneEvent, TurnErrorData, TurnErrorEvent, TurnId, TurnStats, TurnThinkingData, TurnThinkingEvent, TurnTokenData, TurnTokenEvent, TurnToolCallData, TurnToolCallEvent, TurnToolResultData, TurnToolResultEvent } from './events.js';
import type { AuthFrame, AuthOkFrame, ClientFrame, Cursor, CursorExpiredFrame, Epoch, ErrorFrame, EventFrame, HeartbeatFrame, PingFrame, PongFrame, ServerFrame, SessionsSeq, StreamErrorCode, SubscribeAllFrame, SubscribeFrame, SubscribedFrame, UnsubscribeFrame, UnsubscribedFrame } from './stream-protocol.js';

/** Where a value first broke its schema. It never holds any part of the value itself. */
export interface ValidationError {
  /** JSONPath of the offending value: `$.envelope.data.token`; `[3]` is an array index, `[*]` a property whose name is not shown. */
  readonly path: string;
  /** What the schema wants there: `string`, `integer >= 1`, `one of "chat", "do"`, `TurnTokenData (missing)`. */
  readonly expected: string;
}

/** The answer of a `classify…` function: `unknown` is a well-formed value whose tag (`event`, `type`) this contract does not know. */
export type Classification = 'valid' | 'invalid' | 'unknown';

/** A generated validator: true, or false with the failure kept for {@link lastValidationError}. */
export type Validator<T> = (value: unknown) => value is T;

let failedAt = '';
let failedExpectation = '';

/** The first failure of the most recent validation that returned false (or `'invalid'`). Read it right after that call. */
export function lastValidationError(): ValidationError {
  return { path: `$${failedAt}`, expected: failedExpectation };
}

/** Validates a value and describes its first failure, or returns undefined when it is valid. */
export function validationError(validate: (value: unknown) => boolean, value: unknown): ValidationError | undefined {
  return validate(value) ? undefined : lastValidationError();
}

function fail(path: string, expected: string): false {
  failedAt = path;
  failedExpectation = expected;
  return false;
}

/** A nested check failed: its path continues below `path`. */
function failWithin(path: string): false {
  failedAt = path + failedAt;
  return false;
}

/** A required property's first check failed: it is missing (undefined), or not what `expected` says. */
function failMissingOr(path: string, expected: string, value: unknown): false {
  return fail(path, value === undefined ? `${expected} (missing)` : expected);
}

/** A required property's nested check failed: it is missing (undefined), or its failure continues below `path`. */
function failWithinOrMissing(path: string, expected: string, value: unknown): false {
  return value === undefined ? fail(path, `${expected} (missing)`) : failWithin(path);
}

function invalid(path: string, expected: string): 'invalid' {
  fail(path, expected);
  return 'invalid';
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in Unicode code points (a surrogate pair counts once), as JSON Schema counts. */
function stringLength(text: string): number {
  let length = 0;
  for (let at = 0; at < text.length; at++) {
    length++;
    const code = text.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00) at++;
  }
  return length;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

/** A real day of the Gregorian calendar (the digits of YYYY-MM-DD at the start of `text`). */
function isCalendarDate(text: string): boolean {
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leapYear ? 29 : (DAYS_IN_MONTH[month] ?? 0));
}

/** Where YYYY-MM-DDThh:mm:ss has its digits. */
const DATE_TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** What JavaScript's \\s matches (ajv-formats splits date and time at /t|\\s/i). */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

let lastDateTime: string | undefined;

/** Date-times that are valid whatever the month (day ≤ 28) once this matches: the common case, in one RegExp test. */
const PLAIN_DATE_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])[Tt\s](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)$/;

/**
 * RFC 3339 date-time, exactly as ajv-formats' "date-time" (full mode) judges it: YYYY-MM-DD,
 * "T", "t" or a space, hh:mm:ss, an optional fraction, and a required zone (Z or ±hh, ±hhmm,
 * ±hh:mm); real calendar days; 23:59:60 in UTC (a leap second). Days 29–31 and leap seconds
 * take the character-by-character path. The date-time it last accepted answers at once (the
 * events of a burst share their time).
 */
function isDateTime(text: string): boolean {
  if (text === lastDateTime) return true;
  if (!PLAIN_DATE_TIME.test(text) && !isDateTimeSlowly(text)) return false;
  lastDateTime = text;
  return true;
}

function isDateTimeSlowly(text: string): boolean {
  const length = text.length;
  if (length < 20) return false;
  for (let index = 0; index < DATE_TIME_DIGITS.length; index++) if (!isDigit(text.charCodeAt(DATE_TIME_DIGITS[index] ?? 0))) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && !isSpace(separator)) return false;
  let at = 19;
  if (text.charCodeAt(at) === 46) {
    at++;
    const fractionStart = at;
    while (at < length && isDigit(text.charCodeAt(at))) at++;
    if (at === fractionStart) return false;
  }
  const zone = text.charCodeAt(at);
  let zoneSign = 1;
  let zoneHours = 0;
  let zoneMinutes = 0;
  if (zone === 90 || zone === 122) {
    if (at + 1 !== length) return false;
  } else if (zone === 43 || zone === 45) {
    zoneSign = zone === 45 ? -1 : 1;
    if (!isDigit(text.charCodeAt(at + 1)) || !isDigit(text.charCodeAt(at + 2))) return false;
    zoneHours = twoDigits(text, at + 1);
    at += 3;
    if (at !== length) {
      if (text.charCodeAt(at) === 58) at++;
      if (at + 2 !== length || !isDigit(text.charCodeAt(at)) || !isDigit(text.charCodeAt(at + 1))) return false;
      zoneMinutes = twoDigits(text, at);
    }
  } else return false;
  if (!isCalendarDate(text)) return false;
  if (zoneHours > 23 || zoneMinutes > 59) return false;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  // A leap second: 23:59:60 in UTC.
  const utcMinute = minute - zoneMinutes * zoneSign;
  const utcHour = hour - zoneHours * zoneSign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second <= 60;
}

let lastPattern1Match: string | undefined;

/** /^sess-[A-Za-z0-9_-]{1,64}$/u as a character loop; the string it last accepted answers at once. */
function matchesPattern1(text: string): boolean {
  if (text === lastPattern1Match) return true;
  if (text.length < 6 || text.length > 69 || !text.startsWith("sess-")) return false;
  for (let at = 5; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 45)) return false;
  }
  lastPattern1Match = text;
  return true;
}

let lastPattern2Match: string | undefined;

/** /^turn-[A-Za-z0-9_-]{1,64}$/u as a character loop; the string it last accepted answers at once. */
function matchesPattern2(text: string): boolean {
  if (text === lastPattern2Match) return true;
  if (text.length < 6 || text.length > 69 || !text.startsWith("turn-")) return false;
  for (let at = 5; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 45)) return false;
  }
  lastPattern2Match = text;
  return true;
}

let lastPattern3Match: string | undefined;

/** /^[A-Za-z0-9_.:-]+$/u as a character loop; the string it last accepted answers at once. */
function matchesPattern3(text: string): boolean {
  if (text === lastPattern3Match) return true;
  if (text.length < 1) return false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 58 || code === 45)) return false;
  }
  lastPattern3Match = text;
  return true;
}

/** specs/schemas/events.yaml#/SessionId (SessionId) */
export function validateSessionId(value: unknown): value is SessionId {
  if (!(typeof value === "string")) return fail("", "string");
  if (!matchesPattern1(value)) return fail("", "string matching /^sess-[A-Za-z0-9_-]{1,64}$/");
  return true;
}

/** specs/schemas/events.yaml#/TurnId (TurnId) */
export function validateTurnId(value: unknown): value is TurnId {
  if (!(typeof value === "string")) return fail("", "string");
  if (!matchesPattern2(value)) return fail("", "string matching /^turn-[A-Za-z0-9_-]{1,64}$/");
  return true;
}

/** specs/schemas/events.yaml#/Seq (Seq) */
export function validateSeq(value: unknown): value is Seq {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 1) return fail("", "integer >= 1");
  if (value > 9007199254740991) return fail("", "integer <= 9007199254740991");
  return true;
}

/** specs/schemas/events.yaml#/Cursor (Cursor) */
export function validateCursor(value: unknown): value is Cursor {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 0) return fail("", "integer >= 0");
  if (value > 9007199254740991) return fail("", "integer <= 9007199254740991");
  return true;
}

/** specs/schemas/events.yaml#/Epoch (Epoch) */
export function validateEpoch(value: unknown): value is Epoch {
  if (!(typeof value === "string")) return fail("", "string");
  if (value.length === 0) return fail("", "string of at least 1 character");
  if (value.length > 64 && stringLength(value) > 64) return fail("", "string of at most 64 characters");
  return true;
}

/** specs/schemas/events.yaml#/EventTime (EventTime) */
export function validateEventTime(value: unknown): value is EventTime {
  if (!(typeof value === "string")) return fail("", "string");
  if (!(isDateTime(value))) return fail("", "date-time (RFC 3339)");
  return true;
}

/** specs/schemas/events.yaml#/TurnStats (TurnStats) */
export function validateTurnStats(value: unknown): value is TurnStats {
  if (!(isObject(value))) return fail("", "object");
  const inputTokensValue = value.inputTokens;
  if (!(typeof inputTokensValue === "number" && Number.isInteger(inputTokensValue))) return failMissingOr(".inputTokens", "integer", inputTokensValue);
  if (inputTokensValue < 0) return fail(".inputTokens", "integer >= 0");
  const outputTokensValue = value.outputTokens;
  if (!(typeof outputTokensValue === "number" && Number.isInteger(outputTokensValue))) return failMissingOr(".outputTokens", "integer", outputTokensValue);
  if (outputTokensValue < 0) return fail(".outputTokens", "integer >= 0");
  const durationMsValue = value.durationMs;
  if (!(typeof durationMsValue === "number" && Number.isInteger(durationMsValue))) return failMissingOr(".durationMs", "integer", durationMsValue);
  if (durationMsValue < 0) return fail(".durationMs", "integer >= 0");
  const tokensPerSecondValue = value.tokensPerSecond;
  if (!(typeof tokensPerSecondValue === "number" && Number.isFinite(tokensPerSecondValue))) return failMissingOr(".tokensPerSecond", "number", tokensPerSecondValue);
  if (tokensPerSecondValue < 0) return fail(".tokensPerSecond", "number >= 0");
  const toolCallsValue = value.toolCalls;
  if (!(typeof toolCallsValue === "number" && Number.isInteger(toolCallsValue))) return failMissingOr(".toolCalls", "integer", toolCallsValue);
  if (toolCallsValue < 0) return fail(".toolCalls", "integer >= 0");
  return true;
}

/** specs/schemas/events.yaml#/TurnTokenData (TurnTokenData) */
export function validateTurnTokenData(value: unknown): value is TurnTokenData {
  if (!(isObject(value))) return fail("", "object");
  const tokenValue = value.token;
  if (!(typeof tokenValue === "string")) return failMissingOr(".token", "string", tokenValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnThinkingData (TurnThinkingData) */
export function validateTurnThinkingData(value: unknown): value is TurnThinkingData {
  if (!(isObject(value))) return fail("", "object");
  const tokenValue = value.token;
  if (!(typeof tokenValue === "string")) return failMissingOr(".token", "string", tokenValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnToolCallData (TurnToolCallData) */
export function validateTurnToolCallData(value: unknown): value is TurnToolCallData {
  if (!(isObject(value))) return fail("", "object");
  const callIdValue = value.callId;
  if (!(typeof callIdValue === "string")) return failMissingOr(".callId", "string", callIdValue);
  if (callIdValue.length === 0) return fail(".callId", "string of at least 1 character");
  const toolNameValue = value.toolName;
  if (!(typeof toolNameValue === "string")) return failMissingOr(".toolName", "string", toolNameValue);
  if (toolNameValue.length === 0) return fail(".toolName", "string of at least 1 character");
  const argsValue = value.args;
  if (!(isObject(argsValue))) return failMissingOr(".args", "object", argsValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnToolResultData (TurnToolResultData) */
export function validateTurnToolResultData(value: unknown): value is TurnToolResultData {
  if (!(isObject(value))) return fail("", "object");
  const callIdValue = value.callId;
  if (!(typeof callIdValue === "string")) return failMissingOr(".callId", "string", callIdValue);
  if (callIdValue.length === 0) return fail(".callId", "string of at least 1 character");
  const toolNameValue = value.toolName;
  if (!(typeof toolNameValue === "string")) return failMissingOr(".toolName", "string", toolNameValue);
  if (toolNameValue.length === 0) return fail(".toolName", "string of at least 1 character");
  if (value.result === undefined) return fail(".result", "a value (missing)");
  const isErrorValue = value.isError;
  if (!(typeof isErrorValue === "boolean")) return failMissingOr(".isError", "boolean", isErrorValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnDoneData (TurnDoneData) */
export function validateTurnDoneData(value: unknown): value is TurnDoneData {
  if (!(isObject(value))) return fail("", "object");
  const finishReasonValue = value.finishReason;
  if (finishReasonValue !== "stop" && finishReasonValue !== "length" && finishReasonValue !== "tool_limit") return failMissingOr(".finishReason", "one of \"stop\", \"length\", \"tool_limit\"", finishReasonValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnErrorData (TurnErrorData) */
export function validateTurnErrorData(value: unknown): value is TurnErrorData {
  if (!(isObject(value))) return fail("", "object");
  const codeValue = value.code;
  if (!(typeof codeValue === "string")) return failMissingOr(".code", "string", codeValue);
  if (codeValue.length === 0) return fail(".code", "string of at least 1 character");
  const messageValue = value.message;
  if (!(typeof messageValue === "string")) return failMissingOr(".message", "string", messageValue);
  return true;
}

/** specs/schemas/events.yaml#/SessionCancelledData (SessionCancelledData) */
export function validateSessionCancelledData(value: unknown): value is SessionCancelledData {
  if (!(isObject(value))) return fail("", "object");
  const reasonValue = value.reason;
  if (reasonValue !== "user" && reasonValue !== "shutdown") return failMissingOr(".reason", "one of \"user\", \"shutdown\"", reasonValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnTokenEvent (TurnTokenEvent) */
export function validateTurnTokenEvent(value: unknown): value is TurnTokenEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "turn.token") return failMissingOr(".event", "\"turn.token\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (!validateTurnId(turnIdValue)) return failWithinOrMissing(".turnId", "TurnId", turnIdValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateTurnTokenData(dataValue)) return failWithinOrMissing(".data", "TurnTokenData", dataValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnThinkingEvent (TurnThinkingEvent) */
export function validateTurnThinkingEvent(value: unknown): value is TurnThinkingEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "turn.thinking") return failMissingOr(".event", "\"turn.thinking\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (!validateTurnId(turnIdValue)) return failWithinOrMissing(".turnId", "TurnId", turnIdValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateTurnThinkingData(dataValue)) return failWithinOrMissing(".data", "TurnThinkingData", dataValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnToolCallEvent (TurnToolCallEvent) */
export function validateTurnToolCallEvent(value: unknown): value is TurnToolCallEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "turn.tool_call") return failMissingOr(".event", "\"turn.tool_call\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (!validateTurnId(turnIdValue)) return failWithinOrMissing(".turnId", "TurnId", turnIdValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateTurnToolCallData(dataValue)) return failWithinOrMissing(".data", "TurnToolCallData", dataValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnToolResultEvent (TurnToolResultEvent) */
export function validateTurnToolResultEvent(value: unknown): value is TurnToolResultEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "turn.tool_result") return failMissingOr(".event", "\"turn.tool_result\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (!validateTurnId(turnIdValue)) return failWithinOrMissing(".turnId", "TurnId", turnIdValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateTurnToolResultData(dataValue)) return failWithinOrMissing(".data", "TurnToolResultData", dataValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnDoneEvent (TurnDoneEvent) */
export function validateTurnDoneEvent(value: unknown): value is TurnDoneEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "turn.done") return failMissingOr(".event", "\"turn.done\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (!validateTurnId(turnIdValue)) return failWithinOrMissing(".turnId", "TurnId", turnIdValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateTurnDoneData(dataValue)) return failWithinOrMissing(".data", "TurnDoneData", dataValue);
  const statsValue = value.stats;
  if (!validateTurnStats(statsValue)) return failWithinOrMissing(".stats", "TurnStats", statsValue);
  return true;
}

/** specs/schemas/events.yaml#/TurnErrorEvent (TurnErrorEvent) */
export function validateTurnErrorEvent(value: unknown): value is TurnErrorEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "turn.error") return failMissingOr(".event", "\"turn.error\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (!validateTurnId(turnIdValue)) return failWithinOrMissing(".turnId", "TurnId", turnIdValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateTurnErrorData(dataValue)) return failWithinOrMissing(".data", "TurnErrorData", dataValue);
  return true;
}

/** specs/schemas/events.yaml#/SessionCancelledEvent (SessionCancelledEvent) */
export function validateSessionCancelledEvent(value: unknown): value is SessionCancelledEvent {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (eventValue !== "session.cancelled") return failMissingOr(".event", "\"session.cancelled\"", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (turnIdValue === undefined) return fail(".turnId", "TurnId or null (missing)");
  if (!(validateTurnId(turnIdValue) || turnIdValue === null)) return fail(".turnId", "TurnId or null");
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!validateSessionCancelledData(dataValue)) return failWithinOrMissing(".data", "SessionCancelledData", dataValue);
  return true;
}

/** specs/schemas/events.yaml#/EventEnvelope (EventEnvelope) */
export function validateEventEnvelope(value: unknown): value is EventEnvelope {
  if (!isObject(value)) return fail("", "object");
  switch (value.event) {
    case "turn.token":
      if (!validateTurnTokenEvent(value)) return false;
      break;
    case "turn.thinking":
      if (!validateTurnThinkingEvent(value)) return false;
      break;
    case "turn.tool_call":
      if (!validateTurnToolCallEvent(value)) return false;
      break;
    case "turn.tool_result":
      if (!validateTurnToolResultEvent(value)) return false;
      break;
    case "turn.done":
      if (!validateTurnDoneEvent(value)) return false;
      break;
    case "turn.error":
      if (!validateTurnErrorEvent(value)) return false;
      break;
    case "session.cancelled":
      if (!validateSessionCancelledEvent(value)) return false;
      break;
    default:
      return fail(".event", "one of \"turn.token\", \"turn.thinking\", \"turn.tool_call\", \"turn.tool_result\", \"turn.done\", \"turn.error\", \"session.cancelled\"");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/AuthFrame (AuthFrame) */
export function validateAuthFrame(value: unknown): value is AuthFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "auth") return failMissingOr(".type", "\"auth\"", typeValue);
  const tokenValue = value.token;
  if (!(typeof tokenValue === "string")) return failMissingOr(".token", "string", tokenValue);
  if (tokenValue.length === 0) return fail(".token", "string of at least 1 character");
  if (tokenValue.length > 512 && stringLength(tokenValue) > 512) return fail(".token", "string of at most 512 characters");
  for (const key in value) {
    if (key === "type" || key === "token") continue;
    return fail("", "no properties other than \"type\", \"token\"");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/SubscribeFrame (SubscribeFrame) */
export function validateSubscribeFrame(value: unknown): value is SubscribeFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "subscribe") return failMissingOr(".type", "\"subscribe\"", typeValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const afterSeqValue = value.afterSeq;
  if (!validateCursor(afterSeqValue)) return failWithinOrMissing(".afterSeq", "Cursor", afterSeqValue);
  for (const key in value) {
    if (key === "type" || key === "sessionId" || key === "afterSeq") continue;
    return fail("", "no properties other than \"type\", \"sessionId\", \"afterSeq\"");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/SubscribeAllFrame (SubscribeAllFrame) */
export function validateSubscribeAllFrame(value: unknown): value is SubscribeAllFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "subscribe_all") return failMissingOr(".type", "\"subscribe_all\"", typeValue);
  const cursorsValue = value.cursors;
  if (cursorsValue === undefined) return fail(".cursors", "SessionCursors (missing)");
  if (!(isObject(cursorsValue))) return fail(".cursors", "object");
  for (const key in cursorsValue) {
    if (!(validateSessionId(key))) return fail(".cursors", "property names: SessionId");
    const extraValue = cursorsValue[key];
    if (!validateCursor(extraValue)) return failWithin(".cursors[*]");
  }
  const afterSessionsSeqValue = value.afterSessionsSeq;
  if (afterSessionsSeqValue !== undefined) {
    if (!validateSessionsSeq(afterSessionsSeqValue)) return failWithin(".afterSessionsSeq");
  }
  for (const key in value) {
    if (key === "type" || key === "cursors" || key === "afterSessionsSeq") continue;
    return fail("", "no properties other than \"type\", \"cursors\", \"afterSessionsSeq\"");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/UnsubscribeFrame (UnsubscribeFrame) */
export function validateUnsubscribeFrame(value: unknown): value is UnsubscribeFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "unsubscribe") return failMissingOr(".type", "\"unsubscribe\"", typeValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  for (const key in value) {
    if (key === "type" || key === "sessionId") continue;
    return fail("", "no properties other than \"type\", \"sessionId\"");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/PingFrame (PingFrame) */
export function validatePingFrame(value: unknown): value is PingFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "ping") return failMissingOr(".type", "\"ping\"", typeValue);
  const idValue = value.id;
  if (idValue !== undefined) {
    if (!(typeof idValue === "string")) return fail(".id", "string");
    if (idValue.length > 64 && stringLength(idValue) > 64) return fail(".id", "string of at most 64 characters");
  }
  for (const key in value) {
    if (key === "type" || key === "id") continue;
    return fail("", "no properties other than \"type\", \"id\"");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/AuthOkFrame (AuthOkFrame) */
export function validateAuthOkFrame(value: unknown): value is AuthOkFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "auth_ok") return failMissingOr(".type", "\"auth_ok\"", typeValue);
  const connectionIdValue = value.connectionId;
  if (!(typeof connectionIdValue === "string")) return failMissingOr(".connectionId", "string", connectionIdValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  const heartbeatIntervalMsValue = value.heartbeatIntervalMs;
  if (!(typeof heartbeatIntervalMsValue === "number" && Number.isInteger(heartbeatIntervalMsValue))) return failMissingOr(".heartbeatIntervalMs", "integer", heartbeatIntervalMsValue);
  if (heartbeatIntervalMsValue < 1) return fail(".heartbeatIntervalMs", "integer >= 1");
  const sessionsSeqValue = value.sessionsSeq;
  if (sessionsSeqValue !== undefined) {
    if (!validateSessionsSeq(sessionsSeqValue)) return failWithin(".sessionsSeq");
  }
  const limitsValue = value.limits;
  if (limitsValue === undefined) return fail(".limits", "StreamLimits (missing)");
  if (!(isObject(limitsValue))) return fail(".limits", "object");
  const maxClientFrameBytesValue = limitsValue.maxClientFrameBytes;
  if (!(typeof maxClientFrameBytesValue === "number" && Number.isInteger(maxClientFrameBytesValue))) return failMissingOr(".limits.maxClientFrameBytes", "integer", maxClientFrameBytesValue);
  if (maxClientFrameBytesValue < 1) return fail(".limits.maxClientFrameBytes", "integer >= 1");
  const maxSubscriptionsValue = limitsValue.maxSubscriptions;
  if (!(typeof maxSubscriptionsValue === "number" && Number.isInteger(maxSubscriptionsValue))) return failMissingOr(".limits.maxSubscriptions", "integer", maxSubscriptionsValue);
  if (maxSubscriptionsValue < 1) return fail(".limits.maxSubscriptions", "integer >= 1");
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/SubscribedFrame (SubscribedFrame) */
export function validateSubscribedFrame(value: unknown): value is SubscribedFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "subscribed") return failMissingOr(".type", "\"subscribed\"", typeValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const afterSeqValue = value.afterSeq;
  if (!validateCursor(afterSeqValue)) return failWithinOrMissing(".afterSeq", "Cursor", afterSeqValue);
  const headSeqValue = value.headSeq;
  if (!validateCursor(headSeqValue)) return failWithinOrMissing(".headSeq", "Cursor", headSeqValue);
  const oldestSeqValue = value.oldestSeq;
  if (!validateSeq(oldestSeqValue)) return failWithinOrMissing(".oldestSeq", "Seq", oldestSeqValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  const sessionsSeqValue = value.sessionsSeq;
  if (sessionsSeqValue !== undefined) {
    if (!validateSessionsSeq(sessionsSeqValue)) return failWithin(".sessionsSeq");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/SessionsSeq (SessionsSeq) */
export function validateSessionsSeq(value: unknown): value is SessionsSeq {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 0) return fail("", "integer >= 0");
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/UnsubscribedFrame (UnsubscribedFrame) */
export function validateUnsubscribedFrame(value: unknown): value is UnsubscribedFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "unsubscribed") return failMissingOr(".type", "\"unsubscribed\"", typeValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/EventFrame (EventFrame) */
export function validateEventFrame(value: unknown): value is EventFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "event") return failMissingOr(".type", "\"event\"", typeValue);
  const envelopeValue = value.envelope;
  if (envelopeValue === undefined) return fail(".envelope", "EventEnvelope (missing)");
  if (!validateEventEnvelope(envelopeValue)) return failWithin(".envelope");
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/CursorExpiredFrame (CursorExpiredFrame) */
export function validateCursorExpiredFrame(value: unknown): value is CursorExpiredFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "cursor_expired") return failMissingOr(".type", "\"cursor_expired\"", typeValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const afterSeqValue = value.afterSeq;
  if (!validateCursor(afterSeqValue)) return failWithinOrMissing(".afterSeq", "Cursor", afterSeqValue);
  const oldestSeqValue = value.oldestSeq;
  if (!validateSeq(oldestSeqValue)) return failWithinOrMissing(".oldestSeq", "Seq", oldestSeqValue);
  const headSeqValue = value.headSeq;
  if (!validateCursor(headSeqValue)) return failWithinOrMissing(".headSeq", "Cursor", headSeqValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/HeartbeatFrame (HeartbeatFrame) */
export function validateHeartbeatFrame(value: unknown): value is HeartbeatFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "heartbeat") return failMissingOr(".type", "\"heartbeat\"", typeValue);
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  const headsValue = value.heads;
  if (headsValue === undefined) return fail(".heads", "SessionHeads (missing)");
  if (!(isObject(headsValue))) return fail(".heads", "object");
  for (const key in headsValue) {
    const extraValue = headsValue[key];
    if (!validateCursor(extraValue)) return failWithin(".heads[*]");
  }
  const sessionsSeqValue = value.sessionsSeq;
  if (sessionsSeqValue !== undefined) {
    if (!validateSessionsSeq(sessionsSeqValue)) return failWithin(".sessionsSeq");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/PongFrame (PongFrame) */
export function validatePongFrame(value: unknown): value is PongFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "pong") return failMissingOr(".type", "\"pong\"", typeValue);
  const idValue = value.id;
  if (idValue !== undefined) {
    if (!(typeof idValue === "string")) return fail(".id", "string");
  }
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/StreamErrorCode (StreamErrorCode) */
export function validateStreamErrorCode(value: unknown): value is StreamErrorCode {
  if (value !== "bad_frame" && value !== "session_not_found" && value !== "too_many_subscriptions" && value !== "internal") return fail("", "one of \"bad_frame\", \"session_not_found\", \"too_many_subscriptions\", \"internal\"");
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/ErrorFrame (ErrorFrame) */
export function validateErrorFrame(value: unknown): value is ErrorFrame {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "error") return failMissingOr(".type", "\"error\"", typeValue);
  const codeValue = value.code;
  if (!validateStreamErrorCode(codeValue)) return failWithinOrMissing(".code", "StreamErrorCode", codeValue);
  const messageValue = value.message;
  if (!(typeof messageValue === "string")) return failMissingOr(".message", "string", messageValue);
  const sessionIdValue = value.sessionId;
  if (sessionIdValue !== undefined) {
    if (!validateSessionId(sessionIdValue)) return failWithin(".sessionId");
  }
  const entryValue = value.entry;
  if (entryValue !== undefined) {
    if (!(typeof entryValue === "string")) return fail(".entry", "string");
    if (entryValue.length > 80 && stringLength(entryValue) > 80) return fail(".entry", "string of at most 80 characters");
  }
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/Health (Health) */
export function validateHealth(value: unknown): value is components["schemas"]["Health"] {
  if (!(isObject(value))) return fail("", "object");
  const statusValue = value.status;
  if (statusValue !== "ok") return failMissingOr(".status", "\"ok\"", statusValue);
  const versionValue = value.version;
  if (!(typeof versionValue === "string")) return failMissingOr(".version", "string", versionValue);
  const uptimeMsValue = value.uptimeMs;
  if (!(typeof uptimeMsValue === "number" && Number.isInteger(uptimeMsValue))) return failMissingOr(".uptimeMs", "integer", uptimeMsValue);
  if (uptimeMsValue < 0) return fail(".uptimeMs", "integer >= 0");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/SessionMode (SessionMode) */
export function validateSessionMode(value: unknown): value is components["schemas"]["SessionMode"] {
  if (value !== "chat" && value !== "do") return fail("", "one of \"chat\", \"do\"");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/SessionStatus (SessionStatus) */
export function validateSessionStatus(value: unknown): value is components["schemas"]["SessionStatus"] {
  if (value !== "active" && value !== "cancelled" && value !== "closed") return fail("", "one of \"active\", \"cancelled\", \"closed\"");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/CreateSessionRequest (CreateSessionRequest) */
export function validateCreateSessionRequest(value: unknown): value is components["schemas"]["CreateSessionRequest"] {
  if (!(isObject(value))) return fail("", "object");
  const modeValue = value.mode;
  if (!validateSessionMode(modeValue)) return failWithinOrMissing(".mode", "SessionMode", modeValue);
  const modelValue = value.model;
  if (!(typeof modelValue === "string")) return failMissingOr(".model", "string", modelValue);
  if (modelValue.length === 0) return fail(".model", "string of at least 1 character");
  if (modelValue.length > 200 && stringLength(modelValue) > 200) return fail(".model", "string of at most 200 characters");
  const titleValue = value.title;
  if (titleValue !== undefined) {
    if (!(typeof titleValue === "string")) return fail(".title", "string");
    if (titleValue.length > 200 && stringLength(titleValue) > 200) return fail(".title", "string of at most 200 characters");
  }
  for (const key in value) {
    if (key === "mode" || key === "model" || key === "title") continue;
    return fail("", "no properties other than \"mode\", \"model\", \"title\"");
  }
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/Session (Session) */
export function validateSession(value: unknown): value is components["schemas"]["Session"] {
  if (!(isObject(value))) return fail("", "object");
  const idValue = value.id;
  if (!validateSessionId(idValue)) return failWithinOrMissing(".id", "SessionId", idValue);
  const modeValue = value.mode;
  if (!validateSessionMode(modeValue)) return failWithinOrMissing(".mode", "SessionMode", modeValue);
  const modelValue = value.model;
  if (!(typeof modelValue === "string")) return failMissingOr(".model", "string", modelValue);
  const titleValue = value.title;
  if (titleValue === undefined) return fail(".title", "string or null (missing)");
  if (!((typeof titleValue === "string") || (titleValue === null))) return fail(".title", "string or null");
  const statusValue = value.status;
  if (!validateSessionStatus(statusValue)) return failWithinOrMissing(".status", "SessionStatus", statusValue);
  const createdAtValue = value.createdAt;
  if (!(typeof createdAtValue === "string")) return failMissingOr(".createdAt", "string", createdAtValue);
  if (!(isDateTime(createdAtValue))) return fail(".createdAt", "date-time (RFC 3339)");
  const updatedAtValue = value.updatedAt;
  if (!(typeof updatedAtValue === "string")) return failMissingOr(".updatedAt", "string", updatedAtValue);
  if (!(isDateTime(updatedAtValue))) return fail(".updatedAt", "date-time (RFC 3339)");
  const headSeqValue = value.headSeq;
  if (!validateCursor(headSeqValue)) return failWithinOrMissing(".headSeq", "Cursor", headSeqValue);
  const turnCountValue = value.turnCount;
  if (!(typeof turnCountValue === "number" && Number.isInteger(turnCountValue))) return failMissingOr(".turnCount", "integer", turnCountValue);
  if (turnCountValue < 0) return fail(".turnCount", "integer >= 0");
  const activeTurnIdValue = value.activeTurnId;
  if (activeTurnIdValue === undefined) return fail(".activeTurnId", "TurnId or null (missing)");
  if (!(validateTurnId(activeTurnIdValue) || activeTurnIdValue === null)) return fail(".activeTurnId", "TurnId or null");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/SessionPage (SessionPage) */
export function validateSessionPage(value: unknown): value is components["schemas"]["SessionPage"] {
  if (!(isObject(value))) return fail("", "object");
  const itemsValue = value.items;
  if (!(Array.isArray(itemsValue))) return failMissingOr(".items", "array", itemsValue);
  for (let index = 0; index < itemsValue.length; index++) {
    const itemValue: unknown = itemsValue[index];
    if (!validateSession(itemValue)) return failWithin(".items[" + index + "]");
  }
  const nextCursorValue = value.nextCursor;
  if (nextCursorValue === undefined) return fail(".nextCursor", "string or null (missing)");
  if (!((typeof nextCursorValue === "string") || (nextCursorValue === null))) return fail(".nextCursor", "string or null");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/SubmitTurnRequest (SubmitTurnRequest) */
export function validateSubmitTurnRequest(value: unknown): value is components["schemas"]["SubmitTurnRequest"] {
  if (!(isObject(value))) return fail("", "object");
  const contentValue = value.content;
  if (!(typeof contentValue === "string")) return failMissingOr(".content", "string", contentValue);
  if (contentValue.length === 0) return fail(".content", "string of at least 1 character");
  if (contentValue.length > 100000 && stringLength(contentValue) > 100000) return fail(".content", "string of at most 100000 characters");
  for (const key in value) {
    if (key === "content") continue;
    return fail("", "no properties other than \"content\"");
  }
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/TurnStatus (TurnStatus) */
export function validateTurnStatus(value: unknown): value is components["schemas"]["TurnStatus"] {
  switch (value) {
    case "queued":
    case "running":
    case "done":
    case "error":
    case "cancelled":
      break;
    default:
      return fail("", "one of \"queued\", \"running\", \"done\", \"error\", \"cancelled\"");
  }
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/Turn (Turn) */
export function validateTurn(value: unknown): value is components["schemas"]["Turn"] {
  if (!(isObject(value))) return fail("", "object");
  const idValue = value.id;
  if (!validateTurnId(idValue)) return failWithinOrMissing(".id", "TurnId", idValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const statusValue = value.status;
  if (!validateTurnStatus(statusValue)) return failWithinOrMissing(".status", "TurnStatus", statusValue);
  const contentValue = value.content;
  if (!(typeof contentValue === "string")) return failMissingOr(".content", "string", contentValue);
  const createdAtValue = value.createdAt;
  if (!(typeof createdAtValue === "string")) return failMissingOr(".createdAt", "string", createdAtValue);
  if (!(isDateTime(createdAtValue))) return fail(".createdAt", "date-time (RFC 3339)");
  const startedAtValue = value.startedAt;
  if (startedAtValue === undefined) return fail(".startedAt", "string or null (missing)");
  if (!((typeof startedAtValue === "string") || (startedAtValue === null))) return fail(".startedAt", "string or null");
  if (typeof startedAtValue === "string") {
    if (!(isDateTime(startedAtValue))) return fail(".startedAt", "date-time (RFC 3339)");
  }
  const completedAtValue = value.completedAt;
  if (completedAtValue === undefined) return fail(".completedAt", "string or null (missing)");
  if (!((typeof completedAtValue === "string") || (completedAtValue === null))) return fail(".completedAt", "string or null");
  if (typeof completedAtValue === "string") {
    if (!(isDateTime(completedAtValue))) return fail(".completedAt", "date-time (RFC 3339)");
  }
  const firstSeqValue = value.firstSeq;
  if (firstSeqValue === undefined) return fail(".firstSeq", "Seq or null (missing)");
  if (!(validateSeq(firstSeqValue) || firstSeqValue === null)) return fail(".firstSeq", "Seq or null");
  const lastSeqValue = value.lastSeq;
  if (lastSeqValue === undefined) return fail(".lastSeq", "Seq or null (missing)");
  if (!(validateSeq(lastSeqValue) || lastSeqValue === null)) return fail(".lastSeq", "Seq or null");
  const statsValue = value.stats;
  if (statsValue === undefined) return fail(".stats", "TurnStats or null (missing)");
  if (!(validateTurnStats(statsValue) || statsValue === null)) return fail(".stats", "TurnStats or null");
  const errorValue = value.error;
  if (errorValue === undefined) return fail(".error", "TurnErrorData or null (missing)");
  if (!(validateTurnErrorData(errorValue) || errorValue === null)) return fail(".error", "TurnErrorData or null");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/EventPage (EventPage) */
export function validateEventPage(value: unknown): value is components["schemas"]["EventPage"] {
  if (!(isObject(value))) return fail("", "object");
  const eventsValue = value.events;
  if (!(Array.isArray(eventsValue))) return failMissingOr(".events", "array", eventsValue);
  for (let index = 0; index < eventsValue.length; index++) {
    const itemValue: unknown = eventsValue[index];
    if (!validateEventEnvelope(itemValue)) return failWithin(".events[" + index + "]");
  }
  const headSeqValue = value.headSeq;
  if (!validateCursor(headSeqValue)) return failWithinOrMissing(".headSeq", "Cursor", headSeqValue);
  const oldestSeqValue = value.oldestSeq;
  if (!validateSeq(oldestSeqValue)) return failWithinOrMissing(".oldestSeq", "Seq", oldestSeqValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  const hasMoreValue = value.hasMore;
  if (!(typeof hasMoreValue === "boolean")) return failMissingOr(".hasMore", "boolean", hasMoreValue);
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/ErrorCode (ErrorCode) */
export function validateErrorCode(value: unknown): value is components["schemas"]["ErrorCode"] {
  switch (value) {
    case "validation_failed":
    case "bad_request":
    case "unauthorized":
    case "host_forbidden":
    case "origin_forbidden":
    case "session_not_found":
    case "turn_not_found":
    case "not_found":
    case "session_not_active":
    case "turn_in_progress":
    case "idempotency_key_reused":
    case "cursor_expired":
    case "payload_too_large":
    case "method_not_allowed":
    case "unsupported_media_type":
    case "headers_too_large":
    case "request_timeout":
    case "rate_limited":
    case "internal":
      break;
    default:
      return fail("", "one of \"validation_failed\", \"bad_request\", \"unauthorized\", \"host_forbidden\", \"origin_forbidden\", \"session_not_found\", \"turn_not_found\", \"not_found\", \"session_not_active\", \"turn_in_progress\", \"idempotency_key_reused\", \"cursor_expired\", \"payload_too_large\", \"method_not_allowed\", \"unsupported_media_type\", \"headers_too_large\", \"request_timeout\", \"rate_limited\", \"internal\"");
  }
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/Problem (Problem) */
export function validateProblem(value: unknown): value is components["schemas"]["Problem"] {
  if (!(isObject(value))) return fail("", "object");
  const codeValue = value.code;
  if (!validateErrorCode(codeValue)) return failWithinOrMissing(".code", "ErrorCode", codeValue);
  const messageValue = value.message;
  if (!(typeof messageValue === "string")) return failMissingOr(".message", "string", messageValue);
  const requestIdValue = value.requestId;
  if (!(typeof requestIdValue === "string")) return failMissingOr(".requestId", "string", requestIdValue);
  const detailsValue = value.details;
  if (detailsValue !== undefined) {
    if (!(Array.isArray(detailsValue))) return fail(".details", "array");
    for (let index = 0; index < detailsValue.length; index++) {
      const itemValue: unknown = detailsValue[index];
      if (!(isObject(itemValue))) return fail(".details[" + index + "]", "object");
      const pathValue = itemValue.path;
      if (!(typeof pathValue === "string")) return failMissingOr(".details[" + index + "].path", "string", pathValue);
      const messageValue2 = itemValue.message;
      if (!(typeof messageValue2 === "string")) return failMissingOr(".details[" + index + "].message", "string", messageValue2);
    }
  }
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/CursorExpiredProblem (CursorExpiredProblem) */
export function validateCursorExpiredProblem(value: unknown): value is components["schemas"]["CursorExpiredProblem"] {
  if (!(isObject(value))) return fail("", "object");
  const codeValue = value.code;
  if (codeValue !== "cursor_expired") return failMissingOr(".code", "\"cursor_expired\"", codeValue);
  const messageValue = value.message;
  if (!(typeof messageValue === "string")) return failMissingOr(".message", "string", messageValue);
  const requestIdValue = value.requestId;
  if (!(typeof requestIdValue === "string")) return failMissingOr(".requestId", "string", requestIdValue);
  const afterSeqValue = value.afterSeq;
  if (!validateCursor(afterSeqValue)) return failWithinOrMissing(".afterSeq", "Cursor", afterSeqValue);
  const oldestSeqValue = value.oldestSeq;
  if (!validateSeq(oldestSeqValue)) return failWithinOrMissing(".oldestSeq", "Seq", oldestSeqValue);
  const headSeqValue = value.headSeq;
  if (!validateCursor(headSeqValue)) return failWithinOrMissing(".headSeq", "Cursor", headSeqValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  return true;
}

/** EventEnvelope with an unknown event, composed by the generator */
function checkEventEnvelopeUnknownMember(value: unknown): boolean {
  if (!(isObject(value))) return fail("", "object");
  const eventValue = value.event;
  if (!(typeof eventValue === "string")) return failMissingOr(".event", "string", eventValue);
  const seqValue = value.seq;
  if (!validateSeq(seqValue)) return failWithinOrMissing(".seq", "Seq", seqValue);
  const sessionIdValue = value.sessionId;
  if (!validateSessionId(sessionIdValue)) return failWithinOrMissing(".sessionId", "SessionId", sessionIdValue);
  const turnIdValue = value.turnId;
  if (turnIdValue === undefined) return fail(".turnId", "null or string (missing)");
  if (!((turnIdValue === null) || (typeof turnIdValue === "string"))) return fail(".turnId", "null or string");
  const timeValue = value.time;
  if (!validateEventTime(timeValue)) return failWithinOrMissing(".time", "EventTime", timeValue);
  const dataValue = value.data;
  if (!(isObject(dataValue))) return failMissingOr(".data", "object", dataValue);
  return true;
}

/** ClientFrame (the AsyncAPI operations' messages), composed by the generator (ClientFrame) */
export function validateClientFrame(value: unknown): value is ClientFrame {
  if (!isObject(value)) return fail("", "object");
  switch (value.type) {
    case "auth":
      if (!validateAuthFrame(value)) return false;
      break;
    case "subscribe":
      if (!validateSubscribeFrame(value)) return false;
      break;
    case "subscribe_all":
      if (!validateSubscribeAllFrame(value)) return false;
      break;
    case "unsubscribe":
      if (!validateUnsubscribeFrame(value)) return false;
      break;
    case "ping":
      if (!validatePingFrame(value)) return false;
      break;
    default:
      return fail(".type", "one of \"auth\", \"subscribe\", \"subscribe_all\", \"unsubscribe\", \"ping\"");
  }
  return true;
}

/** ClientFrame with an unknown type, composed by the generator */
function checkClientFrameUnknownMember(value: unknown): boolean {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (!(typeof typeValue === "string")) return failMissingOr(".type", "string", typeValue);
  return true;
}

/** ServerFrame (the AsyncAPI operations' messages), composed by the generator (ServerFrame) */
export function validateServerFrame(value: unknown): value is ServerFrame {
  if (!isObject(value)) return fail("", "object");
  switch (value.type) {
    case "auth_ok":
      if (!validateAuthOkFrame(value)) return false;
      break;
    case "subscribed":
      if (!validateSubscribedFrame(value)) return false;
      break;
    case "unsubscribed":
      if (!validateUnsubscribedFrame(value)) return false;
      break;
    case "event":
      if (!validateEventFrame(value)) return false;
      break;
    case "cursor_expired":
      if (!validateCursorExpiredFrame(value)) return false;
      break;
    case "heartbeat":
      if (!validateHeartbeatFrame(value)) return false;
      break;
    case "pong":
      if (!validatePongFrame(value)) return false;
      break;
    case "error":
      if (!validateErrorFrame(value)) return false;
      break;
    default:
      return fail(".type", "one of \"auth_ok\", \"subscribed\", \"unsubscribed\", \"event\", \"cursor_expired\", \"heartbeat\", \"pong\", \"error\"");
  }
  return true;
}

/** ServerFrame with an unknown type, composed by the generator */
function checkServerFrameUnknownMember(value: unknown): boolean {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (!(typeof typeValue === "string")) return failMissingOr(".type", "string", typeValue);
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/EventFrame (EventFrame) */
function checkEventFrameWithoutEnvelope(value: unknown): boolean {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "event") return failMissingOr(".type", "\"event\"", typeValue);
  if (value.envelope === undefined) return fail(".envelope", "EventEnvelope (missing)");
  return true;
}

/** specs/daemon-v3.asyncapi.yaml#/components/schemas/EventFrame (EventFrame), accepting, wherever a classified union is nested, a member its classifier calls "unknown" (an event name this contract does not know yet) */
export function validateEventFrameAllowingUnknown(value: unknown): boolean {
  if (!(isObject(value))) return fail("", "object");
  const typeValue = value.type;
  if (typeValue !== "event") return failMissingOr(".type", "\"event\"", typeValue);
  const envelopeValue = value.envelope;
  if (envelopeValue === undefined) return fail(".envelope", "EventEnvelope (missing)");
  if (!acceptEventEnvelope(envelopeValue)) return failWithin(".envelope");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/components/schemas/EventPage (EventPage), accepting, wherever a classified union is nested, a member its classifier calls "unknown" (an event name this contract does not know yet) */
export function validateEventPageAllowingUnknown(value: unknown): boolean {
  if (!(isObject(value))) return fail("", "object");
  const eventsValue = value.events;
  if (!(Array.isArray(eventsValue))) return failMissingOr(".events", "array", eventsValue);
  for (let index = 0; index < eventsValue.length; index++) {
    const itemValue: unknown = eventsValue[index];
    if (!acceptEventEnvelope(itemValue)) return failWithin(".events[" + index + "]");
  }
  const headSeqValue = value.headSeq;
  if (!validateCursor(headSeqValue)) return failWithinOrMissing(".headSeq", "Cursor", headSeqValue);
  const oldestSeqValue = value.oldestSeq;
  if (!validateSeq(oldestSeqValue)) return failWithinOrMissing(".oldestSeq", "Seq", oldestSeqValue);
  const epochValue = value.epoch;
  if (!validateEpoch(epochValue)) return failWithinOrMissing(".epoch", "Epoch", epochValue);
  const hasMoreValue = value.hasMore;
  if (!(typeof hasMoreValue === "boolean")) return failMissingOr(".hasMore", "boolean", hasMoreValue);
  return true;
}

/** specs/daemon-v3.openapi.yaml#/paths/~1v3~1sessions/get/parameters/0/schema */
export function validateListSessionsQueryCursor(value: unknown): value is NonNullable<NonNullable<operations["listSessions"]["parameters"]["query"]>["cursor"]> {
  if (!(typeof value === "string")) return fail("", "string");
  if (value.length === 0) return fail("", "string of at least 1 character");
  if (value.length > 256 && stringLength(value) > 256) return fail("", "string of at most 256 characters");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/paths/~1v3~1sessions/get/parameters/1/schema */
export function validateListSessionsQueryLimit(value: unknown): value is NonNullable<NonNullable<operations["listSessions"]["parameters"]["query"]>["limit"]> {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 1) return fail("", "integer >= 1");
  if (value > 200) return fail("", "integer <= 200");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/paths/~1v3~1sessions~1{sessionId}~1turns/post/parameters/0/schema */
export function validateSubmitTurnHeaderIdempotencyKey(value: unknown): value is NonNullable<NonNullable<operations["submitTurn"]["parameters"]["header"]>["Idempotency-Key"]> {
  if (!(typeof value === "string")) return fail("", "string");
  if (value.length < 8 || (value.length < 16 && stringLength(value) < 8)) return fail("", "string of at least 8 characters");
  if (value.length > 128 && stringLength(value) > 128) return fail("", "string of at most 128 characters");
  if (!matchesPattern3(value)) return fail("", "string matching /^[A-Za-z0-9_.:-]+$/");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/paths/~1v3~1sessions~1{sessionId}~1events/get/parameters/0/schema */
export function validateGetEventsQueryAfterSeq(value: unknown): value is NonNullable<NonNullable<operations["getEvents"]["parameters"]["query"]>["afterSeq"]> {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 0) return fail("", "integer >= 0");
  if (value > 9007199254740991) return fail("", "integer <= 9007199254740991");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/paths/~1v3~1sessions~1{sessionId}~1events/get/parameters/1/schema */
export function validateGetEventsQueryWaitMs(value: unknown): value is NonNullable<NonNullable<operations["getEvents"]["parameters"]["query"]>["waitMs"]> {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 0) return fail("", "integer >= 0");
  if (value > 30000) return fail("", "integer <= 30000");
  return true;
}

/** specs/daemon-v3.openapi.yaml#/paths/~1v3~1sessions~1{sessionId}~1events/get/parameters/2/schema */
export function validateGetEventsQueryLimit(value: unknown): value is NonNullable<NonNullable<operations["getEvents"]["parameters"]["query"]>["limit"]> {
  if (!(typeof value === "number" && Number.isInteger(value))) return fail("", "integer");
  if (value < 1) return fail("", "integer >= 1");
  if (value > 1000) return fail("", "integer <= 1000");
  return true;
}

/** specs/schemas/events.yaml#/EventEnvelope (EventEnvelope) */
function acceptEventEnvelope(value: unknown): boolean {
  return classifyEventEnvelope(value) !== "invalid";
}

/** Classifies a value as EventEnvelope by its `event`: "valid", "invalid", or "unknown" (a `event` this contract does not name, on a value with what every EventEnvelope has). */
export function classifyEventEnvelope(value: unknown): Classification {
  if (!isObject(value)) return invalid("", "object");
  switch (value.event) {
    case "turn.token":
      return validateTurnTokenEvent(value) ? "valid" : "invalid";
    case "turn.thinking":
      return validateTurnThinkingEvent(value) ? "valid" : "invalid";
    case "turn.tool_call":
      return validateTurnToolCallEvent(value) ? "valid" : "invalid";
    case "turn.tool_result":
      return validateTurnToolResultEvent(value) ? "valid" : "invalid";
    case "turn.done":
      return validateTurnDoneEvent(value) ? "valid" : "invalid";
    case "turn.error":
      return validateTurnErrorEvent(value) ? "valid" : "invalid";
    case "session.cancelled":
      return validateSessionCancelledEvent(value) ? "valid" : "invalid";
    default:
      return checkEventEnvelopeUnknownMember(value) ? "unknown" : "invalid";
  }
}

/** Classifies a value as ClientFrame by its `type`: "valid", "invalid", or "unknown" (a `type` this contract does not name, on a value with what every ClientFrame has). */
export function classifyClientFrame(value: unknown): Classification {
  if (!isObject(value)) return invalid("", "object");
  switch (value.type) {
    case "auth":
      return validateAuthFrame(value) ? "valid" : "invalid";
    case "subscribe":
      return validateSubscribeFrame(value) ? "valid" : "invalid";
    case "subscribe_all":
      return validateSubscribeAllFrame(value) ? "valid" : "invalid";
    case "unsubscribe":
      return validateUnsubscribeFrame(value) ? "valid" : "invalid";
    case "ping":
      return validatePingFrame(value) ? "valid" : "invalid";
    default:
      return checkClientFrameUnknownMember(value) ? "unknown" : "invalid";
  }
}

/** EventFrame with its `envelope` classified: "unknown" when only that names something this contract does not know. */
export function classifyEventFrame(value: unknown): Classification {
  if (!checkEventFrameWithoutEnvelope(value)) return "invalid";
  const verdict = classifyEventEnvelope((value as Readonly<Record<string, unknown>>).envelope);
  if (verdict === "invalid") failWithin(".envelope");
  return verdict;
}

/** Classifies a value as ServerFrame by its `type`: "valid", "invalid", or "unknown" (a `type` this contract does not name, on a value with what every ServerFrame has; or a "event" whose `envelope` is "unknown" to classifyEventEnvelope). */
export function classifyServerFrame(value: unknown): Classification {
  if (!isObject(value)) return invalid("", "object");
  switch (value.type) {
    case "auth_ok":
      return validateAuthOkFrame(value) ? "valid" : "invalid";
    case "subscribed":
      return validateSubscribedFrame(value) ? "valid" : "invalid";
    case "unsubscribed":
      return validateUnsubscribedFrame(value) ? "valid" : "invalid";
    case "event":
      return classifyEventFrame(value);
    case "cursor_expired":
      return validateCursorExpiredFrame(value) ? "valid" : "invalid";
    case "heartbeat":
      return validateHeartbeatFrame(value) ? "valid" : "invalid";
    case "pong":
      return validatePongFrame(value) ? "valid" : "invalid";
    case "error":
      return validateErrorFrame(value) ? "valid" : "invalid";
    default:
      return checkServerFrameUnknownMember(value) ? "unknown" : "invalid";
  }
}

/** The validator of each frame a client sends, by its `type`. */
export const clientFrameValidators = {
  "auth": validateAuthFrame,
  "subscribe": validateSubscribeFrame,
  "subscribe_all": validateSubscribeAllFrame,
  "unsubscribe": validateUnsubscribeFrame,
  "ping": validatePingFrame,
} as const;

/** The validator of each frame the daemon sends, by its `type`. */
export const serverFrameValidators = {
  "auth_ok": validateAuthOkFrame,
  "subscribed": validateSubscribedFrame,
  "unsubscribed": validateUnsubscribedFrame,
  "event": validateEventFrame,
  "cursor_expired": validateCursorExpiredFrame,
  "heartbeat": validateHeartbeatFrame,
  "pong": validatePongFrame,
  "error": validateErrorFrame,
} as const;

/** The validator of each operation's parameters by where they go (path, query, header) and name: checks the typed value before it is written into the request. */
export const parameterValidators = {
  listSessions: { query: { cursor: validateListSessionsQueryCursor, limit: validateListSessionsQueryLimit, status: validateSessionStatus } },
  getSession: { path: { sessionId: validateSessionId } },
  closeSession: { path: { sessionId: validateSessionId } },
  cancelSession: { path: { sessionId: validateSessionId } },
  submitTurn: { path: { sessionId: validateSessionId }, header: { "Idempotency-Key": validateSubmitTurnHeaderIdempotencyKey } },
  getTurn: { path: { sessionId: validateSessionId, turnId: validateTurnId } },
  getEvents: { path: { sessionId: validateSessionId }, query: { afterSeq: validateGetEventsQueryAfterSeq, waitMs: validateGetEventsQueryWaitMs, limit: validateGetEventsQueryLimit } },
} as const;

/** The body validator of each operation's responses, by status code (JSON bodies only). */
export const responseValidators = {
  getHealth: { 200: validateHealth, 400: validateProblem, 403: validateProblem, 429: validateProblem, 500: validateProblem },
  listSessions: { 200: validateSessionPage, 400: validateProblem, 401: validateProblem, 403: validateProblem, 429: validateProblem, 500: validateProblem },
  createSession: { 201: validateSession, 400: validateProblem, 401: validateProblem, 403: validateProblem, 413: validateProblem, 415: validateProblem, 429: validateProblem, 500: validateProblem },
  getSession: { 200: validateSession, 400: validateProblem, 401: validateProblem, 403: validateProblem, 404: validateProblem, 429: validateProblem, 500: validateProblem },
  closeSession: { 200: validateSession, 400: validateProblem, 401: validateProblem, 403: validateProblem, 404: validateProblem, 429: validateProblem, 500: validateProblem },
  cancelSession: { 200: validateSession, 400: validateProblem, 401: validateProblem, 403: validateProblem, 404: validateProblem, 429: validateProblem, 500: validateProblem },
  submitTurn: { 202: validateTurn, 400: validateProblem, 401: validateProblem, 403: validateProblem, 404: validateProblem, 409: validateProblem, 413: validateProblem, 415: validateProblem, 429: validateProblem, 500: validateProblem },
  getTurn: { 200: validateTurn, 400: validateProblem, 401: validateProblem, 403: validateProblem, 404: validateProblem, 429: validateProblem, 500: validateProblem },
  getEvents: { 200: validateEventPage, 400: validateProblem, 401: validateProblem, 403: validateProblem, 404: validateProblem, 410: validateCursorExpiredProblem, 429: validateProblem, 500: validateProblem },
} as const;

/** The body validator of each operation's JSON request body. */
export const requestBodyValidators = {
  createSession: validateCreateSessionRequest,
  submitTurn: validateSubmitTurnRequest,
} as const;
