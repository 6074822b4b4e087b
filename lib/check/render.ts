import type { LabReport } from './run';
import { summarize, type CheckResult, type CheckSummary } from './result';

/** ANSI colours, or none: colour only on a terminal, and never with NO_COLOR set. */
export interface Palette {
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string) => s;
export const NO_COLOUR: Palette = { green: plain, red: plain, dim: plain, bold: plain };
export const ANSI: Palette = {
  green: (s) => `\x1b[32m${s}\x1b[39m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Palette {
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY && !noColour && env.TERM !== 'dumb' ? ANSI : NO_COLOUR;
}

function resultLine(result: CheckResult, colour: Palette): string[] {
  const label = { pass: colour.green('PASS'), fail: colour.red('FAIL'), skip: colour.dim('SKIP') }[result.status];
  const detail = result.detail ? colour.dim(`  ${result.detail}`) : '';
  const lines = [`  ${label}  ${result.title}${detail}`];
  if (result.hint) lines.push(`        ${result.status === 'fail' ? '-> ' : ''}${result.hint}`);
  return lines;
}

/** Counts over every lab that was checked. */
export function totals(reports: readonly LabReport[]): CheckSummary {
  return summarize(reports.flatMap((r) => r.results));
}

/** Whether the run passed: something was checked and nothing failed. */
export function runPassed(reports: readonly LabReport[], all: boolean): boolean {
  const checked = reports.filter((r) => r.outcome === 'checked');
  if (checked.length === 0) return false;
  if (!all && reports.some((r) => r.outcome !== 'checked')) return false;
  if (reports.some((r) => r.outcome === 'unusable')) return false;
  return totals(reports).failed === 0;
}

/** The report as text, one line per check and a summary line. */
export function renderText(reports: readonly LabReport[], all: boolean, colour: Palette): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.outcome === 'not-deployed' && all) {
      lines.push(colour.dim(`${report.lab}: not deployed in ${report.region}`));
      continue;
    }
    if (report.outcome !== 'checked') {
      lines.push(report.message ?? `${report.lab}: cannot be checked`);
      continue;
    }
    lines.push(colour.bold(`${report.lab} (${report.region})`));
    for (const result of report.results) lines.push(...resultLine(result, colour));
  }
  const { passed, failed, skipped } = totals(reports);
  const checked = reports.filter((r) => r.outcome === 'checked').length;
  if (checked === 0) {
    const regions = [...new Set(reports.map((r) => r.region))].join(' and ');
    if (all) lines.push(`No lab is deployed (looked in ${regions}). Deploy one with: npx cdk deploy <Lab>`);
    return lines.join('\n') + '\n';
  }
  const verdict = runPassed(reports, all) ? colour.green('all done') : colour.red('not done yet');
  lines.push('', `${passed} passed, ${failed} failed, ${skipped} skipped in ${checked} lab${checked > 1 ? 's' : ''}: ${verdict}`);
  return lines.join('\n') + '\n';
}

/** The report for scripts: stable keys, no colour. */
export function renderJson(reports: readonly LabReport[], all: boolean): string {
  return JSON.stringify({ ok: runPassed(reports, all), summary: totals(reports), labs: reports }, null, 2) + '\n';
}
