import type { Palette } from '../cli/io';
import type { LabReport } from './run';
import { summarize, type CheckResult, type CheckSummary } from './result';

function resultLine(result: CheckResult, colour: Palette): string[] {
  const label = { pass: colour.green('PASS'), fail: colour.red('FAIL'), skip: colour.dim('SKIP') }[result.status];
  const detail = result.detail ? colour.dim(`  ${result.detail}`) : '';
  const lines = [`  ${label}  ${result.title}${detail}`];
  if (result.hint) lines.push(`        ${result.status === 'fail' ? '-> ' : ''}${result.hint}`);
  return lines;
}

/** The auto-destroy line of a checked lab: the time left, a warning under 15 minutes. Never a failure. */
export function autoDestroyLine(report: LabReport, colour: Palette): string | undefined {
  if (report.autoDestroyProblem) return colour.yellow(`  NOTE  cannot read the auto-destroy time: ${report.autoDestroyProblem}`);
  const auto = report.autoDestroy;
  if (!auto) return undefined;
  const extend = `redeploy to extend (npx cdk deploy ${report.lab}), or keep it with -c ttl=off`;
  if (auto.left.status === 'passed') return colour.yellow(`  WARN  auto-destroy time ${auto.at} passed ${auto.left.text}: CloudFormation is deleting the lab`);
  if (auto.left.status === 'soon') return colour.yellow(`  WARN  this lab deletes itself ${auto.left.text} (${auto.at}): ${extend}`);
  return colour.dim(`  this lab deletes itself ${auto.left.text} (${auto.at}); ${extend}`);
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
  if (reports.some((r) => r.outcome === 'unusable' || r.outcome === 'could-not-check')) return false;
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
    const auto = autoDestroyLine(report, colour);
    if (auto) lines.push(auto);
  }
  const { passed, failed, skipped } = totals(reports);
  const checked = reports.filter((r) => r.outcome === 'checked').length;
  const unchecked = reports.filter((r) => r.outcome === 'could-not-check').length;
  if (checked === 0) {
    const regions = [...new Set(reports.map((r) => r.region))].join(' and ');
    if (all && unchecked === 0) lines.push(`No lab is deployed (looked in ${regions}). Deploy one with: npx cdk deploy <Lab>`);
    return lines.join('\n') + '\n';
  }
  const verdict = runPassed(reports, all) ? colour.green('all done') : unchecked ? colour.red('not all could be checked') : colour.red('not done yet');
  lines.push('', `${passed} passed, ${failed} failed, ${skipped} skipped in ${checked} lab${checked > 1 ? 's' : ''}: ${verdict}`);
  return lines.join('\n') + '\n';
}

/** The report for scripts: stable keys, no colour. */
export function renderJson(reports: readonly LabReport[], all: boolean): string {
  return JSON.stringify({ ok: runPassed(reports, all), summary: totals(reports), labs: reports }, null, 2) + '\n';
}
