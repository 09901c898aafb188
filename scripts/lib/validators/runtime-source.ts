// The shared helpers at the top of generated/validators.ts, as source text. Each validator
// records ONE failure (path + expectation, never the value) in module state and returns false;
// nothing is allocated while a value is valid. Helpers that only some schemas need are emitted
// only when used.

export type OptionalHelper = 'stringLength' | 'calendar' | 'isDateTime' | 'isDate' | 'isTime' | 'uuid' | 'propertyCount' | 'nestingDepth';

/** The helpers each helper calls, and the order they are emitted in (callees first). */
export const HELPER_NEEDS: Readonly<Record<OptionalHelper, readonly OptionalHelper[]>> = {
  stringLength: [],
  calendar: [],
  isDateTime: ['calendar'],
  isDate: ['calendar'],
  isTime: ['isDateTime'],
  uuid: [],
  propertyCount: [],
  nestingDepth: [],
};
export const HELPER_ORDER: readonly OptionalHelper[] = ['stringLength', 'calendar', 'isDateTime', 'isDate', 'isTime', 'uuid', 'propertyCount', 'nestingDepth'];

export const CORE_HELPERS = `/** Where a value first broke its schema. It never holds any part of the value itself. */
export interface ValidationError {
  /** JSONPath of the offending value: \`$.envelope.data.token\`; \`[3]\` is an array index, \`[*]\` a property whose name is not shown. */
  readonly path: string;
  /** What the schema wants there: \`string\`, \`integer >= 1\`, \`one of "chat", "do"\`, \`TurnTokenData (missing)\`. */
  readonly expected: string;
}

/** The answer of a \`classify…\` function: \`unknown\` is a well-formed value whose tag (\`event\`, \`type\`) this contract does not know. */
export type Classification = 'valid' | 'invalid' | 'unknown';

/** A generated validator: true, or false with the failure kept for {@link lastValidationError}. */
export type Validator<T> = (value: unknown) => value is T;

let failedAt = '';
let failedExpectation = '';

/** The first failure of the most recent validation that returned false (or \`'invalid'\`). Read it right after that call. */
export function lastValidationError(): ValidationError {
  return { path: \`$\${failedAt}\`, expected: failedExpectation };
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

/** A nested check failed: its path continues below \`path\`. */
function failWithin(path: string): false {
  failedAt = path + failedAt;
  return false;
}

/** A required property's first check failed: it is missing (undefined), or not what \`expected\` says. */
function failMissingOr(path: string, expected: string, value: unknown): false {
  return fail(path, value === undefined ? \`\${expected} (missing)\` : expected);
}

/** A required property's nested check failed: it is missing (undefined), or its failure continues below \`path\`. */
function failWithinOrMissing(path: string, expected: string, value: unknown): false {
  return value === undefined ? fail(path, \`\${expected} (missing)\`) : failWithin(path);
}

function invalid(path: string, expected: string): 'invalid' {
  fail(path, expected);
  return 'invalid';
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
`;

export const OPTIONAL_HELPERS: Readonly<Record<OptionalHelper, string>> = {
  stringLength: `/** Length in Unicode code points (a surrogate pair counts once), as JSON Schema counts. */
function stringLength(text: string): number {
  let length = 0;
  for (let at = 0; at < text.length; at++) {
    length++;
    const code = text.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00) at++;
  }
  return length;
}
`,
  calendar: `const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

/** A real day of the Gregorian calendar (the digits of YYYY-MM-DD at the start of \`text\`). */
function isCalendarDate(text: string): boolean {
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leapYear ? 29 : (DAYS_IN_MONTH[month] ?? 0));
}
`,
  isDateTime: `/** Where YYYY-MM-DDThh:mm:ss has its digits. */
const DATE_TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** What JavaScript's \\\\s matches (ajv-formats splits date and time at /t|\\\\s/i). */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

let lastDateTime: string | undefined;

/** Date-times that are valid whatever the month (day ≤ 28) once this matches: the common case, in one RegExp test. */
const PLAIN_DATE_TIME = /^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])[Tt\\s](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)$/;

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
`,
  isDate: `/** RFC 3339 full-date (ajv-formats' "date"): YYYY-MM-DD, a real calendar day. */
const DATE = /^\\d\\d\\d\\d-\\d\\d-\\d\\d$/;

function isDate(text: string): boolean {
  return DATE.test(text) && isCalendarDate(text);
}
`,
  isTime: `/** RFC 3339 time with a required zone (ajv-formats' "time"): the time part of a date-time. */
function isTime(text: string): boolean {
  return isDateTimeSlowly(\`2000-01-01T\${text}\`);
}
`,
  uuid: `const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
`,
  propertyCount: `/** How many own enumerable properties an object has (Object.keys(value).length, without the array). */
function propertyCount(value: Readonly<Record<string, unknown>>): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key)) count++;
  return count;
}
`,
  nestingDepth: `/** How deep recursive schemas may nest before a value counts as invalid (no stack overflow). */
const MAX_NESTING_DEPTH = 256;
let nestingDepth = 0;
`,
};
