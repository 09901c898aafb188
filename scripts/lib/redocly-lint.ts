// Runs `redocly lint` (the @redocly/cli dependency, on the Node running this script) on one
// spec with the committed config and returns its problems. One process per spec: with several
// files the JSON format prints one JSON document per file, back to back.
import { join } from 'node:path';
import { REPO_ROOT, displayPath } from './paths.js';
import { runProcess } from './run-process.js';

export interface LintProblem {
  readonly severity: 'error' | 'warn';
  /** `file:line:col rule: message`. */
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

export async function redoclyLint(specFile: string, configFile: string): Promise<LintProblem[]> {
  const result = await runProcess(
    process.execPath,
    [REDOCLY_CLI, 'lint', '--config', configFile, '--format', 'json', specFile],
    {
      cwd: REPO_ROOT,
      // A CI gate must not depend on the network: no telemetry, no update check.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    },
  );
  let report: RedoclyJson;
  try {
    report = JSON.parse(result.stdout) as RedoclyJson;
  } catch {
    // Not JSON: Redocly could not start (bad config, unreadable spec). Its stderr says why.
    throw new Error(`redocly lint ${specFile} exited ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  }
  return report.problems.map((problem) => {
    const where = problem.location[0];
    const position = where?.start ? `:${where.start.line}:${where.start.col}` : '';
    const pointer = where?.pointer ? ` (at ${where.pointer})` : '';
    return {
      severity: problem.severity === 'error' ? 'error' : 'warn',
      text: `${displayPath(where?.source.ref ?? specFile)}${position} ${problem.ruleId}: ${problem.message}${pointer}`,
    };
  });
}
