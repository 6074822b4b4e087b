/** How `npm run leftovers` shows what it found. */
import { formatHourly, formatMonthly } from '../cost/report';
import { PRICES } from '../cost/prices';
import { renderTable, wrapText } from '../cost/text-table';
import type { LeftoversReport } from './types';

export function renderLeftovers(report: LeftoversReport, width: number): string {
  const out: string[] = [];
  const scope = report.regions.length === 1 ? report.regions[0] : `${report.regions.length} regions`;
  if (report.leftovers.length === 0) {
    out.push(`Nothing of aws-dva-labs is left in ${scope} (and IAM).`);
  } else {
    out.push(
      renderTable(
        [{ header: 'What', wrap: true }, { header: 'Where' }, { header: 'Since' }, { header: 'per hour', alignRight: true }, { header: 'Remove with', wrap: true }],
        report.leftovers.map((l) => [
          `${l.kind} ${l.id}${l.detail ? ` (${l.detail})` : ''}`,
          l.region,
          l.since ? l.since.slice(0, 10) : 'unknown',
          formatHourly(l.usdPerHour),
          l.removeCommand,
        ]),
        width,
      ),
      '',
      `${report.leftovers.length} left in ${scope}, ${formatHourly(report.usdPerHour)} an hour (${formatMonthly(report.usdPerHour * PRICES.hoursPerMonth)} a month at us-east-1 list prices).`,
      'Remove a lab stack first (npx cdk destroy <Lab>): it takes its resources with it.',
    );
  }
  for (const e of report.expected) {
    out.push('', ...wrapText(`Expected, not a leftover: ${e.kind} ${e.id} in ${e.region}: ${e.note} To remove it: ${e.removeCommand}`, width));
  }
  return out.join('\n');
}
