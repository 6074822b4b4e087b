/** Compares what a check printed with the lines its lab module declares (meta.checks, shown in the README). */
import type { CheckResult } from '../../lib/check/result';
import type { LabMeta } from '../../lib/lab-module';

/** A declared title as a pattern: each `<placeholder>` stands for a value only known in the account. */
export function titlePattern(declared: string): RegExp {
  const parts = declared.split(/<[^<>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

/** The check printed exactly the declared lines, in order: same ids, titles matching the declared ones. */
export function expectDeclaredChecks(results: readonly CheckResult[], meta: LabMeta): void {
  expect(results.map(({ id, title }) => ({ id, title }))).toEqual(
    meta.checks.map(({ id, title }) => ({ id, title: expect.stringMatching(titlePattern(title)) })),
  );
}
