// Gate 1, lint: Redocly with the committed redocly.yaml on both specs, @asyncapi/parser's own
// diagnostics (its Spectral ruleset checks what Redocly's AsyncAPI 3 support does not, such as
// the resolved document against the AsyncAPI meta-schema), and definitions nothing uses.
import { join } from 'node:path';
import { type AsyncApiParser, parseAsyncApi } from './asyncapi-load.js';
import { type GateOutcome, outcome } from './gate.js';
import { REPO_ROOT, displayPath, specPaths } from './paths.js';
import { redoclyLint } from './redocly-lint.js';
import { findMessagesWithoutOperation, findUnusedDefinitions } from './unused-definitions.js';
import { loadYaml } from './yaml-docs.js';

export interface LintGateOptions {
  readonly specDir: string;
  readonly configFile?: string;
  /** To share parses with other gates of the same run. */
  readonly parse?: AsyncApiParser;
}

export async function lintGate(options: LintGateOptions): Promise<GateOutcome> {
  const spec = specPaths(options.specDir);
  const configFile = options.configFile ?? join(REPO_ROOT, 'redocly.yaml');

  const [redoclyProblems, parsed, files] = await Promise.all([
    redoclyLint([spec.openapi, spec.asyncapi], configFile),
    (options.parse ?? parseAsyncApi)(spec.asyncapi),
    Promise.all([spec.openapi, spec.asyncapi, spec.events].map(async (file) => [file, await loadYaml(file)] as const)),
  ]);

  const problems: string[] = [];
  const notes: string[] = [];
  for (const problem of redoclyProblems) {
    if (problem.severity === 'error') problems.push(problem.text);
    else notes.push(`warning ${problem.text}`);
  }
  // The parser's warnings fail the gate too: its ruleset only warns about real defects
  // (unresolvable or ambiguous definitions); its information-level advice is dropped earlier.
  for (const diagnostic of parsed.diagnostics)
    problems.push(`${displayPath(spec.asyncapi)} ${diagnostic.path || '(root)'} asyncapi-parser/${diagnostic.code}: ${diagnostic.message}`);

  const documents = new Map(files);
  problems.push(
    ...findUnusedDefinitions({
      files: documents,
      openapi: spec.openapi,
      asyncapi: spec.asyncapi,
      events: spec.events,
    }),
    ...findMessagesWithoutOperation(documents.get(spec.asyncapi) ?? null, displayPath(spec.asyncapi)),
  );

  const warnings = notes.length ? `, ${notes.length} warning${notes.length === 1 ? '' : 's'}` : '';
  const summary = problems.length
    ? `${problems.length} lint error${problems.length === 1 ? '' : 's'}${warnings}`
    : `redocly (openapi, asyncapi), asyncapi-parser, unused definitions: 0 errors${warnings}`;
  return outcome(summary, problems, notes);
}
