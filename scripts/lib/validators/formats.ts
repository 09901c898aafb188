// The `format`s the generated code checks, each exactly as ajv-formats ("full" mode) does, and
// only on the JSON type the format is about (a string format ignores numbers and vice versa).
import type { OptionalHelper } from './runtime-source.js';

export interface FormatCheck {
  /** The JSON type the format constrains. */
  readonly appliesTo: 'string' | 'number';
  /** The boolean test of `value`, or undefined when every value of that type passes (float, double). */
  readonly test: ((value: string) => string) | undefined;
  /** Shared helpers the test calls. */
  readonly helpers: readonly OptionalHelper[];
  readonly expected: string;
}

export const FORMATS: Readonly<Record<string, FormatCheck>> = {
  'date-time': { appliesTo: 'string', test: (value) => `isDateTime(${value})`, helpers: ['isDateTime'], expected: 'date-time (RFC 3339)' },
  date: { appliesTo: 'string', test: (value) => `isDate(${value})`, helpers: ['isDate'], expected: 'date (RFC 3339 full-date)' },
  time: { appliesTo: 'string', test: (value) => `isTime(${value})`, helpers: ['isTime'], expected: 'time (RFC 3339, with a time zone)' },
  uuid: { appliesTo: 'string', test: (value) => `UUID.test(${value})`, helpers: ['uuid'], expected: 'uuid' },
  int32: { appliesTo: 'number', test: (value) => `Number.isInteger(${value}) && ${value} <= 2147483647 && ${value} >= -2147483648`, helpers: [], expected: 'int32' },
  int64: { appliesTo: 'number', test: (value) => `Number.isInteger(${value})`, helpers: [], expected: 'int64 (a whole number)' },
  float: { appliesTo: 'number', test: undefined, helpers: [], expected: 'float' },
  double: { appliesTo: 'number', test: undefined, helpers: [], expected: 'double' },
};
