// Runs `redocly lint` (the @redocly/cli dependency, on the Node running this script) once on
// the given specs with the committed config and returns their problems. With several files the
// JSON format prints one JSON document per file, back to back; they are split here.
import { join } from 'node:path';
import { REPO_ROOT, displayPath } from './paths.js';
import { runProcess } from './run-process.js';

export interface LintProblem {
  readonly severity: 'error' | 'warn';
  /** `file:line:col rule: message (at pointer)`. */
  readonly text: string;
}

interface RedoclyJson {
  totals: { errors: number; warnings: number };
  problems: {
    ruleId: string;
    severity: string;
    message: string;
    location: { source: { ref: string }; pointer?: string; start?: { line: number; col: number } }[];
  }[];
}

const REDOCLY_CLI = join(REPO_ROOT, 'node_modules/@redocly/cli/bin/cli.js');

export async function redoclyLint(specFiles: readonly string[], configFile: string): Promise<LintProblem[]> {
  const result = await runProcess(
    process.execPath,
    [REDOCLY_CLI, 'lint', '--config', configFile, '--format', 'json', ...specFiles],
    {
      cwd: REPO_ROOT,
      // A CI gate must not depend on the network: no telemetry, no update check.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    },
  );
  let reports: RedoclyJson[];
  try {
    reports = splitJsonDocuments(result.stdout).map((text) => JSON.parse(text) as RedoclyJson);
  } catch {
    reports = [];
  }
  if (reports.length !== specFiles.length)
    // Not one report per file: Redocly could not start (bad config, unreadable spec). Its stderr says why.
    throw new Error(`redocly lint exited ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  return reports.flatMap((report) =>
    report.problems.map((problem) => {
      const where = problem.location[0];
      const position = where?.start ? `:${where.start.line}:${where.start.col}` : '';
      const pointer = where?.pointer ? ` (at ${where.pointer})` : '';
      return {
        severity: problem.severity === 'error' ? ('error' as const) : ('warn' as const),
        text: `${displayPath(where?.source.ref ?? '?')}${position} ${problem.ruleId}: ${problem.message}${pointer}`,
      };
    }),
  );
}

/** Splits `{…}{…}` (top-level JSON objects written back to back) into one string per object. */
export function splitJsonDocuments(text: string): string[] {
  const documents: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0 && start !== -1) documents.push(text.slice(start, index + 1));
    }
  }
  return documents;
}
