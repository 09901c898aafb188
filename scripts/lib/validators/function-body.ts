// Builds the text of one generated function: indented lines, unique local names, and the
// failure paths the generated code reports (`.data.token`, `.events[` + index + `]`).

/** A piece of a value's path inside the function's own value: fixed text or an index variable. */
export type PathPart = { readonly text: string } | { readonly index: string };
export type ValuePath = readonly PathPart[];

export function appendText(path: ValuePath, text: string): ValuePath {
  return [...path, { text }];
}

export function appendIndex(path: ValuePath, variable: string): ValuePath {
  return [...path, { index: variable }];
}

/** The path segment of a property: `.name`, or `["odd-name"]` when it is no identifier. */
export function propertySegment(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** A JavaScript expression for the path, built only when a check fails. */
export function pathExpression(path: ValuePath): string {
  const pieces: string[] = [];
  let text = '';
  for (const part of path) {
    if ('text' in part) {
      text += part.text;
      continue;
    }
    pieces.push(JSON.stringify(`${text}[`), part.index);
    text = ']';
  }
  if (text !== '' || pieces.length === 0) pieces.push(JSON.stringify(text));
  return pieces.join(' + ');
}

export function isEmptyPath(path: ValuePath): boolean {
  return path.every((part) => 'text' in part && part.text === '');
}

const RESERVED = new Set(['value', 'fail', 'failWithin', 'failMissingOr', 'failWithinOrMissing', 'invalid', 'isObject', 'stringLength', 'isDateTime', 'propertyCount', 'key']);

export class FunctionBody {
  private readonly lines: string[] = [];
  private indent = 1;
  private readonly usedNames = new Set<string>(RESERVED);

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.indent)}${text}`);
  }

  /** A line ending in `{`: what follows is indented until close(). */
  open(text: string): void {
    this.line(text);
    this.indent++;
  }

  close(text = '}'): void {
    this.indent--;
    this.line(text);
  }

  /** `return fail(path, expected);` */
  fail(path: ValuePath, expected: string): void {
    this.line(`return ${failExpression(path, expected)};`);
  }

  /** A nested function call that must succeed; its own failure path continues below `path`. */
  require(call: string, path: ValuePath): void {
    this.line(`if (!${call}) return ${isEmptyPath(path) ? 'false' : `failWithin(${pathExpression(path)})`};`);
  }

  /** A unique local variable name derived from `hint` (`token` → `token`, `tokenValue2`, …). */
  local(hint: string): string {
    const base = `${identifierPart(hint) || 'item'}Value`;
    let name = base.charAt(0).toLowerCase() + base.slice(1);
    for (let counter = 2; this.usedNames.has(name); counter++) name = `${base.charAt(0).toLowerCase() + base.slice(1)}${counter}`;
    this.usedNames.add(name);
    return name;
  }

  /** A unique loop index name: `index`, `index2`, … */
  index(): string {
    let name = 'index';
    for (let counter = 2; this.usedNames.has(name); counter++) name = `index${counter}`;
    this.usedNames.add(name);
    return name;
  }

  text(): string[] {
    return [...this.lines];
  }
}

export function failExpression(path: ValuePath, expected: string): string {
  return `fail(${pathExpression(path)}, ${JSON.stringify(expected)})`;
}

/** `activeTurnId` → `activeTurnId`, `x-request-id` → `xRequestId`, `turn.token` → `turnToken`. */
export function identifierPart(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** `turn.token` → `TurnToken`, `getSession` → `GetSession`. */
export function pascalCase(text: string): string {
  const part = identifierPart(text);
  return part.charAt(0).toUpperCase() + part.slice(1);
}
