/** How `npm run leftovers` shows what it found, and what it could not scan. */
import type { Palette } from '../cli/io';
import { renderTable, wrapText } from '../cli/table';
import { formatHourly, formatMonthly } from '../pricing/money';
import { PRICES } from '../pricing/prices';
import type { LeftoversReport, ScanProblem } from './types';

/** `region eu-west-1: not scanned (access denied ...)`, `eu-west-1: log groups not scanned (...)`. */
export function problemLine(problem: ScanProblem): string {
  return problem.what === 'region' ? `region ${problem.region}: not scanned (${problem.why})` : `${problem.region}: ${problem.what} not scanned (${problem.why})`;
}

export function renderLeftovers(report: LeftoversReport, width: number, colour: Palette): string {
  const out: string[] = [];
  const scope = report.regions.length === 1 ? report.regions[0] : `${report.regions.length} regions`;
  if (report.leftovers.length === 0) {
    out.push(report.problems.length ? `Nothing of aws-dva-labs found in what could be scanned of ${scope} (and IAM).` : colour.green(`Nothing of aws-dva-labs is left in ${scope} (and IAM).`));
  } else {
    out.push(
      renderTable(
        [{ header: 'What', wrap: true }, { header: 'Where' }, { header: 'Since' }, { header: 'per hour', alignRight: true }, { header: 'Remove with', wrap: true }],
        report.leftovers.map((l) => [`${l.kind} ${l.id}${l.detail ? ` (${l.detail})` : ''}`, l.region, l.since ? l.since.slice(0, 10) : 'unknown', formatHourly(l.usdPerHour), l.removeCommand]),
        width,
      ),
      '',
      colour.red(`${report.leftovers.length} left in ${scope}, ${formatHourly(report.usdPerHour)} an hour (${formatMonthly(report.usdPerHour * PRICES.hoursPerMonth)} a month at us-east-1 list prices).`),
      'Remove a lab stack first (npx cdk destroy <Lab>): it takes its resources with it.',
    );
  }
  for (const e of report.expected) {
    out.push('', ...wrapText(`Kept on purpose, not a leftover: ${e.kind} ${e.id} in ${e.region}: ${e.note} To remove it: ${e.removeCommand}`, width));
  }
  if (report.problems.length > 0) {
    out.push('', colour.yellow('NOT SCANNED (what is listed above was found elsewhere):'));
    for (const problem of report.problems) out.push(...wrapText(problemLine(problem), Math.max(20, width - 4)).map((l, i) => `${i === 0 ? '  - ' : '    '}${l}`));
  }
  return out.join('\n') + '\n';
}
