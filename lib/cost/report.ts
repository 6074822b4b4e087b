/** How `npm run cost` shows its estimates: a table for people, JSON for scripts. */
import { renderTable, wrapText } from '../cli/table';
import { formatHourly, formatMonthly } from '../pricing/money';
import { PRICES, type PriceTable } from '../pricing/prices';
import { formatMinutes } from '../ttl';
import type { LabCost } from './estimate';


/** A lab's cost and the most it can cost before it deletes itself. */
export interface LabCostReport extends LabCost {
  /** The lab's ttl in minutes, or `off` when it does not delete itself. */
  readonly ttl: number | 'off';
  /** US dollars at most before auto-destroy (lib/ttl.ts maxCostBeforeAutoDestroy); undefined with ttl off. */
  readonly maxUsdBeforeAutoDestroy?: number;
}

/** One line of a lab's cost, e.g. `2 x t3.micro $0.0208/h`. */
export function describeCostLine(line: LabCost['lines'][number]): string {
  const quantity = line.unit === 'GB' || line.unit === 'IOPS' || line.unit === 'MiB/s' ? `${line.quantity} ${line.unit}` : `${line.quantity} x`;
  const note = line.note ? ` (${line.note})` : '';
  return `${quantity} ${line.item}${note} ${formatHourly(line.usdPerHour)}/h`;
}

/** The "most before it deletes itself" cell: `$0.31 (4 h)`, or why there is no limit. */
export function autoDestroyCell(cost: LabCostReport): string {
  if (cost.ttl === 'off') return cost.usdPerHour === 0 ? '-' : 'no limit (ttl off)';
  return `${formatMonthly(cost.maxUsdBeforeAutoDestroy ?? 0)} (${formatMinutes(cost.ttl)})`;
}

/** The table and its notes, fitted to `width` columns. */
export function renderCostReport(costs: readonly LabCostReport[], width: number, prices: PriceTable = PRICES): string {
  const rows = costs.map((c) => [
    c.lab,
    formatHourly(c.usdPerHour),
    formatMonthly(c.usdPerMonth),
    autoDestroyCell(c),
    c.lines.length === 0 ? 'nothing billed by the hour' : c.lines.map(describeCostLine).join('; '),
  ]);
  const bullet = (text: string) => wrapText(text, Math.max(20, width - 4)).map((l, i) => `${i === 0 ? '  - ' : '    '}${l}`);
  const out = [
    `Estimated cost while deployed, ${prices.region}, on-demand (a month is ${prices.hoursPerMonth} hours):`,
    '',
    renderTable(
      [
        { header: 'Lab' },
        { header: 'per hour', alignRight: true },
        { header: 'per month', alignRight: true },
        { header: 'at most (ttl)', alignRight: true },
        { header: 'What bills', wrap: true },
      ],
      rows,
      width,
    ),
    '',
    ...wrapText(
      '"at most": what the lab can cost before it deletes itself (its ttl plus the minutes deletion takes); redeploying starts the ttl again. -c ttl=... changes it.',
      width,
    ),
  ];
  const unpriced = costs.flatMap((c) => c.unpriced.map((u) => `${c.lab} ${u.resource} (${u.type}): ${u.reason}`));
  if (unpriced.length > 0) out.push('', 'NOT IN THE FIGURES ABOVE (priced nowhere, not guessed):', ...unpriced.flatMap(bullet));
  const negligible = [...new Set(costs.flatMap((c) => c.negligible))];
  if (negligible.length > 0) out.push('', 'Negligible at lab scale (left out):', ...negligible.flatMap(bullet));
  for (const plan of [prices.freePlan.newAccounts, prices.freePlan.olderAccounts]) {
    out.push('', `${plan.title}:`, ...plan.notes.flatMap(bullet));
  }
  const dates = [...new Set([...Object.values(prices.instanceHour), ...Object.values(prices.items)].map((p) => p.date))].sort();
  out.push('', ...wrapText(`Prices: lib/pricing/prices.json (recorded ${dates.join(', ')}; each price names its source page). ${prices.note}`, width));
  const total = costs.reduce((sum, c) => sum + c.usdPerHour, 0);
  out.push('', `${costs.length} lab${costs.length === 1 ? '' : 's'}, ${formatHourly(total)} an hour all together (${formatMonthly(total * prices.hoursPerMonth)} a month).`);
  return out.join('\n') + '\n';
}

/** The JSON printed by `npm run cost -- --json`. */
export function costReportJson(costs: readonly LabCostReport[], prices: PriceTable = PRICES) {
  return {
    region: prices.region,
    currency: prices.currency,
    hoursPerMonth: prices.hoursPerMonth,
    labs: costs,
    freePlan: prices.freePlan,
    prices: { instanceHour: prices.instanceHour, items: prices.items, note: prices.note },
  };
}
