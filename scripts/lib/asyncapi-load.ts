// Parses an AsyncAPI document with @asyncapi/parser: its diagnostics (Spectral rules run inside
// the parser) for the lint gate, and the fully resolved JSON (every $ref, external ones
// included, replaced by its target) for the breaking-change classifier.
import { DiagnosticSeverity, Parser, fromFile } from '@asyncapi/parser';

export interface AsyncApiDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

export interface ParsedAsyncApi {
  /** The resolved document with the parser's own `x-parser-*` annotations removed; absent when parsing failed. */
  readonly document: unknown;
  readonly diagnostics: readonly AsyncApiDiagnostic[];
}

export async function parseAsyncApi(file: string): Promise<ParsedAsyncApi> {
  const parser = new Parser();
  const { document, diagnostics } = await fromFile(parser, file).parse();
  const relevant: AsyncApiDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    // Information and hints (e.g. "AsyncAPI 3.1 exists") are advice, not defects.
    if (diagnostic.severity !== DiagnosticSeverity.Error && diagnostic.severity !== DiagnosticSeverity.Warning) continue;
    relevant.push({
      severity: diagnostic.severity === DiagnosticSeverity.Error ? 'error' : 'warning',
      code: String(diagnostic.code),
      path: diagnostic.path.join('.'),
      message: diagnostic.message,
    });
  }
  return { document: document ? stripParserAnnotations(document.json()) : undefined, diagnostics: relevant };
}

export type AsyncApiParser = (file: string) => Promise<ParsedAsyncApi>;

/**
 * A parser that parses each file once: `npm run check` parses the working spec for both the
 * lint and the breaking gate. Only for one run over files that do not change meanwhile.
 */
export function parseOncePerFile(): AsyncApiParser {
  const parsed = new Map<string, Promise<ParsedAsyncApi>>();
  return (file) => {
    let result = parsed.get(file);
    if (!result) parsed.set(file, (result = parseAsyncApi(file)));
    return result;
  };
}

/** Deep copy without `x-parser-*` keys; shared subtrees stay shared and cycles stay cycles. */
export function stripParserAnnotations(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(stripParserAnnotations(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('x-parser-')) continue;
    copy[key] = stripParserAnnotations(item, seen);
  }
  return copy;
}
