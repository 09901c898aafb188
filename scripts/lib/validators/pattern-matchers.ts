// Id patterns such as `^sess-[A-Za-z0-9_-]{1,64}$` (a literal prefix, then one ASCII character
// class repeated) compile to a plain character loop, with the same answer as the RegExp (ASCII-only
// classes match the same strings with or without the `u` flag). Every other pattern stays a
// RegExp literal with the `u` flag, as ajv compiles it. Either way the function remembers the
// last string it accepted: a session's id and turn id repeat on every event of the stream, and
// one string comparison answers them (strings are immutable, so the answer is the same).

/** The recognised shape: `^` literal, optionally `[class]` with a repeat count, `$`. */
export interface SimplePattern {
  readonly prefix: string;
  /** Inclusive code ranges of the class (single characters are ranges of one). */
  readonly ranges: readonly (readonly [number, number])[];
  readonly min: number;
  /** Infinity for `+` and `*`. */
  readonly max: number;
}

const LITERAL = /^[A-Za-z0-9_:/ -]$/;
const CLASS_CHARACTER = /^[A-Za-z0-9_.:]$/;

export function parseSimplePattern(pattern: string): SimplePattern | undefined {
  const match = /^\^([A-Za-z0-9_:/ -]*)(?:\[([^\]\\^]+)\](\{(\d+)(?:,(\d*))?\}|\+|\*)?)?\$$/.exec(pattern);
  if (!match) return undefined;
  const [, prefix = '', classText, quantifier, low, high] = match;
  if ([...prefix].some((character) => !LITERAL.test(character))) return undefined;
  if (classText === undefined) return { prefix, ranges: [], min: 0, max: 0 };
  const ranges = classRanges(classText);
  if (!ranges) return undefined;
  if (quantifier === undefined) return { prefix, ranges, min: 1, max: 1 };
  if (quantifier === '+') return { prefix, ranges, min: 1, max: Infinity };
  if (quantifier === '*') return { prefix, ranges, min: 0, max: Infinity };
  const min = Number(low);
  const max = high === undefined ? min : high === '' ? Infinity : Number(high);
  return max >= min ? { prefix, ranges, min, max } : undefined;
}

/** `A-Za-z0-9_-` → ranges; undefined for anything but ASCII letters, digits and `_.:-`. */
function classRanges(text: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  const characters = [...text];
  for (let at = 0; at < characters.length; at++) {
    const character = characters[at] as string;
    const next = characters[at + 1];
    const last = characters[at + 2];
    if (next === '-' && last !== undefined) {
      if (!CLASS_CHARACTER.test(character) || !CLASS_CHARACTER.test(last) || last.charCodeAt(0) < character.charCodeAt(0)) return undefined;
      ranges.push([character.charCodeAt(0), last.charCodeAt(0)]);
      at += 2;
      continue;
    }
    // A '-' is literal only first or last in the class.
    if (character === '-' && at !== 0 && at !== characters.length - 1) return undefined;
    if (character !== '-' && !CLASS_CHARACTER.test(character)) return undefined;
    ranges.push([character.charCodeAt(0), character.charCodeAt(0)]);
  }
  return ranges;
}

/** The source of a `function name(text: string): boolean` that answers like the pattern. */
export function simplePatternFunction(name: string, pattern: string, simple: SimplePattern): string {
  const minLength = simple.prefix.length + simple.min;
  const lengthTests = [`text.length < ${minLength}`];
  if (Number.isFinite(simple.max)) lengthTests.push(`text.length > ${simple.prefix.length + simple.max}`);
  if (simple.prefix) lengthTests.push(`!text.startsWith(${JSON.stringify(simple.prefix)})`);
  const body = [`  if (${lengthTests.join(' || ')}) return false;`];
  if (simple.ranges.length) {
    const tests = simple.ranges.map(([low, high]) => (low === high ? `code === ${low}` : `(code >= ${low} && code <= ${high})`));
    body.push(
      `  for (let at = ${simple.prefix.length}; at < text.length; at++) {`,
      '    const code = text.charCodeAt(at);',
      `    if (!(${tests.join(' || ')})) return false;`,
      '  }',
    );
  }
  return rememberingMatcher(name, `/${pattern}/u as a character loop`, body);
}

/** The source of `const PATTERN_n = /…/u;` and a `function name(text: string): boolean` testing it. */
export function regExpPatternFunction(name: string, constant: string, pattern: string): string {
  const source = `const ${constant} = /${new RegExp(pattern, 'u').source}/u;`;
  return `${source}\n\n${rememberingMatcher(name, `${constant}.test`, [`  if (!${constant}.test(text)) return false;`])}`;
}

/** A matcher around `body` (lines that return false on a mismatch) that remembers the last string it accepted. */
function rememberingMatcher(name: string, what: string, body: readonly string[]): string {
  const memory = `last${name.replace(/^matches/, '')}Match`;
  return [
    `let ${memory}: string | undefined;`,
    '',
    `/** ${what}; the string it last accepted answers at once. */`,
    `function ${name}(text: string): boolean {`,
    `  if (text === ${memory}) return true;`,
    ...body,
    `  ${memory} = text;`,
    '  return true;',
    '}',
  ].join('\n');
}
