/** How `npm run cost` shows its estimates: a table for people, JSON for scripts. */
import type { LabCost } from './estimate';
import { PRICES, type PriceTable } from './prices';
import { renderTable, wrapText } from './text-table';

/** Dollars per hour, to a hundredth of a cent. */
export const formatHourly = (usd: number) => `$${usd.toFixed(4)}`;
/** Dollars per month, to the cent. */
export const formatMonthly = (usd: number) => `$${usd.toFixed(2)}`;

/** One line of a lab's cost, e.g. `2 x t3.micro $0.0208/h`. */
export function describeCostLine(line: LabCost['lines'][number]): string {
  const quantity = line.unit === 'GB' || line.unit === 'IOPS' || line.unit === 'MiB/s' ? `${line.quantity} ${line.unit}` : `${line.quantity} x`;
  const note = line.note ? ` (${line.note})` : '';
  return `${quantity} ${line.item}${note} ${formatHourly(line.usdPerHour)}/h`;
}

/** The table and its notes, fitted to `width` columns. */
export function renderCostReport(costs: readonly LabCost[], width: number, prices: PriceTable = PRICES): string {
  const rows = costs.map((c) => [
    c.lab,
    formatHourly(c.usdPerHour),
    formatMonthly(c.usdPerMonth),
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
        { header: 'What bills', wrap: true },
      ],
      rows,
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
  out.push('', ...wrapText(`Prices: lib/cost/prices.json (recorded ${dates.join(', ')}; each price names its source page). ${prices.note}`, width));
  return out.join('\n');
}

/** The JSON printed by `npm run cost -- --json`. */
export function costReportJson(costs: readonly LabCost[], prices: PriceTable = PRICES) {
  return {
    region: prices.region,
    currency: prices.currency,
    hoursPerMonth: prices.hoursPerMonth,
    labs: costs,
    freePlan: prices.freePlan,
    prices: { instanceHour: prices.instanceHour, items: prices.items, note: prices.note },
  };
}
