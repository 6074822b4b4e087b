/** What one check found. Checks return these; only the CLI prints them. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id for scripts, e.g. `ec2.imdsv2`. */
  readonly id: string;
  /** What was checked, as the learner reads it, e.g. "IMDSv2 required". */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was seen (an id, an address, a count); shown after the title. */
  readonly detail?: string;
  /** On a failure: what to do about it. On a skip: why it was skipped. */
  readonly hint?: string;
}

/** Collects the results of one lab's checks, in the order they ran. */
export class Checklist {
  private readonly items: CheckResult[] = [];

  pass(id: string, title: string, detail?: string): void {
    this.items.push({ id, title, status: 'pass', detail });
  }

  fail(id: string, title: string, hint: string, detail?: string): void {
    this.items.push({ id, title, status: 'fail', detail, hint });
  }

  skip(id: string, title: string, why: string): void {
    this.items.push({ id, title, status: 'skip', hint: why });
  }

  /** `pass` when `ok`, else `fail` with the hint. */
  expect(ok: boolean, id: string, title: string, detail: string | undefined, hint: string): void {
    if (ok) this.pass(id, title, detail);
    else this.fail(id, title, hint, detail);
  }

  get results(): readonly CheckResult[] {
    return this.items;
  }
}

/** Counts per status. */
export interface CheckSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  return {
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
  };
}
