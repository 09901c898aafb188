/**
 * Check results and their output. Every text that enters a result goes through `redact` first,
 * so the token can never reach stdout, stderr or the JSON report, whatever a daemon echoes back.
 */

export type Outcome = 'PASS' | 'FAIL' | 'SKIP';

export interface CheckResult {
  readonly name: string;
  readonly outcome: Outcome;
  /** PASS/SKIP: what was observed; FAIL: every problem found, `; `-separated. */
  readonly detail: string;
  readonly problems: readonly string[];
  readonly ms: number;
}

/** One named check while it runs: collects problems; passes when it collected none. */
export class Check {
  readonly problems: string[] = [];
  /** What a passing check observed (shown after the name). */
  detail = '';
  /** Set when the check could not be exercised against this daemon (optional checks only). */
  skipped: string | undefined;

  constructor(readonly name: string) {}

  fail(problem: string): void {
    this.problems.push(problem);
  }

  /** Records `problem` unless `ok`; returns `ok` so callers can stop early. */
  expect(ok: boolean, problem: string | (() => string)): boolean {
    if (!ok) this.fail(typeof problem === 'string' ? problem : problem());
    return ok;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

export class Report {
  readonly results: CheckResult[] = [];
  private readonly secrets: string[];

  constructor(secrets: readonly string[], private readonly onResult?: (r: CheckResult) => void) {
    // Longest first so a secret containing another is replaced whole.
    this.secrets = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('<token>');
    return out;
  }

  /**
   * Runs one check. A thrown error is a failure of that check only (the daemon answered
   * something the next steps could not use), never of the whole run.
   */
  async run(name: string, body: (c: Check) => Promise<void> | void): Promise<Check> {
    const c = new Check(name);
    const t0 = performance.now();
    try {
      await body(c);
    } catch (err) {
      c.fail(`stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.add(c, performance.now() - t0);
    return c;
  }

  add(c: Check, ms = 0): void {
    const problems = c.problems.map((p) => this.redact(p));
    const outcome: Outcome = problems.length > 0 ? 'FAIL' : c.skipped !== undefined ? 'SKIP' : 'PASS';
    const detail = this.redact(outcome === 'FAIL' ? problems.join('; ') : (c.skipped ?? c.detail));
    const r: CheckResult = { name: c.name, outcome, detail, problems, ms: Math.round(ms) };
    this.results.push(r);
    this.onResult?.(r);
  }

  get passed(): number {
    return this.results.filter((r) => r.outcome === 'PASS').length;
  }

  get failed(): number {
    return this.results.filter((r) => r.outcome === 'FAIL').length;
  }

  get skipped(): number {
    return this.results.filter((r) => r.outcome === 'SKIP').length;
  }
}

export function formatLine(r: CheckResult): string {
  return `${r.outcome} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`;
}

/** The last line CI parses; kept in exactly this shape. */
export function summaryLine(passed: number, failed: number): string {
  return `conformance: ${passed} checks passed, ${failed} failed`;
}
