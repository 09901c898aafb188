// Gate 4, breaking changes against a base: the REST contract with oasdiff (fails on its ERR
// level; WARN is listed), the stream contract with our direction-aware classifier
// (asyncapi-compat.ts; fails on BREAKING, lists compatible changes).
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AsyncApiParser, parseAsyncApi } from './asyncapi-load.js';
import { compareAsyncApi, formatFinding } from './asyncapi-compat.js';
import { type GateOutcome, outcome } from './gate.js';
import { extractSpecsAtRef } from './git-base.js';
import { oasdiffBreaking } from './oasdiff.js';
import { ASYNCAPI_FILE, OPENAPI_FILE, specPaths } from './paths.js';

export interface BreakingGateOptions {
  readonly baseSpecDir: string;
  readonly specDir: string;
  /** How the base is named in the report (`main`, a commit, a directory). */
  readonly baseLabel?: string;
  /** To share parses with other gates of the same run. */
  readonly parse?: AsyncApiParser;
}

export async function breakingGate(options: BreakingGateOptions): Promise<GateOutcome> {
  const base = specPaths(options.baseSpecDir);
  const revision = specPaths(options.specDir);
  const label = options.baseLabel ?? options.baseSpecDir;
  const parse = options.parse ?? parseAsyncApi;
  const [hasBaseOpenapi, hasBaseAsyncapi] = await Promise.all([exists(base.openapi), exists(base.asyncapi)]);

  const problems: string[] = [];
  const notes: string[] = [];

  // Both comparisons run at once (oasdiff is a separate process).
  const [rest, stream] = await Promise.all([
    hasBaseOpenapi ? oasdiffBreaking(base.openapi, revision.openapi) : undefined,
    hasBaseAsyncapi ? Promise.all([parse(base.asyncapi), parse(revision.asyncapi)]) : undefined,
  ]);

  if (rest) {
    for (const change of rest.changes) {
      const line = `${change.level} openapi ${change.text}`;
      if (change.level === 'ERR') problems.push(`BREAKING ${line}`);
      else notes.push(line);
    }
    // oasdiff's exit code is its own verdict; it must never be lost to the parsing above.
    if (rest.failed && !rest.changes.some((change) => change.level === 'ERR'))
      problems.push('BREAKING ERR openapi oasdiff exited 1 (--fail-on ERR) without listing the change');
  } else notes.push(`no ${OPENAPI_FILE} at ${label}; REST comparison skipped`);

  let streamSummary = 'skipped';
  if (stream) {
    const [before, after] = stream;
    if (!before.document) throw new Error(`the base AsyncAPI spec at ${label} does not parse`);
    if (!after.document) throw new Error(`${revision.asyncapi} does not parse (see the lint gate)`);
    const findings = compareAsyncApi(before.document, after.document);
    for (const finding of findings) (finding.verdict === 'breaking' ? problems : notes).push(formatFinding(finding));
    const breaking = findings.filter((finding) => finding.verdict === 'breaking').length;
    streamSummary = `${breaking} breaking, ${findings.length - breaking} compatible`;
  } else notes.push(`no ${ASYNCAPI_FILE} at ${label}; stream comparison skipped`);

  const restErrors = problems.filter((line) => line.startsWith('BREAKING ERR openapi')).length;
  const summary = `against ${label}: REST ${rest ? `${restErrors} breaking` : 'skipped'}, stream ${streamSummary}`;
  return outcome(summary, problems, notes);
}

/** The CLI's entry: extracts the base ref's specs/ and compares; a ref without specs passes. */
export async function breakingGateAgainstRef(options: {
  repoDir: string;
  ref: string;
  specDir: string;
  parse?: AsyncApiParser;
}): Promise<GateOutcome> {
  const baseDir = await mkdtemp(join(tmpdir(), 'opta-check-base-'));
  try {
    if (!(await extractSpecsAtRef(options.repoDir, options.ref, baseDir)))
      return outcome(`no base specs at ${options.ref}; skipped`);
    return await breakingGate({
      baseSpecDir: baseDir,
      specDir: options.specDir,
      baseLabel: options.ref,
      ...(options.parse ? { parse: options.parse } : {}),
    });
  } finally {
    await rm(baseDir, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
