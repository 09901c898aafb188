// What every gate returns, and the runner that times it. A gate never throws for a finding;
// a crash (a tool missing, a spec that does not parse) is turned into a FAIL with its message so
// the report still has one line per gate.

export interface GateOutcome {
  readonly ok: boolean;
  /** One line: what was checked, or what failed. */
  readonly summary: string;
  /** The failures, one per line, each naming where (file and JSON path) and why. */
  readonly problems: readonly string[];
  /** Printed under the gate but not failing it (warnings, compatible changes, skips). */
  readonly notes: readonly string[];
}

export interface GateResult extends GateOutcome {
  readonly name: string;
  readonly ms: number;
}

export function outcome(
  summary: string,
  problems: readonly string[] = [],
  notes: readonly string[] = [],
): GateOutcome {
  return { ok: problems.length === 0, summary, problems, notes };
}

export async function runGate(name: string, gate: () => Promise<GateOutcome>): Promise<GateResult> {
  const started = performance.now();
  let result: GateOutcome;
  try {
    result = await gate();
  } catch (error) {
    // A tool that could not run (a missing binary, an unknown --base ref, a spec that does not
    // parse): the message says what; a stack trace would only bury it in the CI log.
    const message = error instanceof Error ? error.message : String(error);
    result = outcome('could not run', [message]);
  }
  return { name, ms: Math.round(performance.now() - started), ...result };
}

export function formatReport(results: readonly GateResult[], totalMs: number): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines: string[] = [];
  for (const result of results) {
    const status = result.ok ? 'PASS' : 'FAIL';
    const time = `${(result.ms / 1000).toFixed(1)} s`.padStart(6);
    lines.push(`${status}  ${result.name.padEnd(width)}  ${time}  ${result.summary}`);
    for (const problem of result.problems) lines.push(indent(problem, '      ✗ '));
    for (const note of result.notes) lines.push(indent(note, '      · '));
  }
  const failed = results.filter((result) => !result.ok).map((result) => result.name);
  lines.push(
    failed.length === 0
      ? `check passed: ${results.length} gates in ${(totalMs / 1000).toFixed(1)} s`
      : `check FAILED (${failed.join(', ')}) in ${(totalMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}

function indent(text: string, prefix: string): string {
  const pad = ' '.repeat(prefix.length);
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? prefix : pad) + line)
    .join('\n');
}
