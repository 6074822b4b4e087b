/**
 * The kit's one price table (lib/cost/prices.json), typed. `npm run cost` and
 * `npm run leftovers` both price what they find with it.
 */
import table from './prices.json';

/** One price, with where it came from and when it was recorded. */
export interface Price {
  /** US dollars per unit. */
  readonly usd: number;
  /** What the unit is, in words. */
  readonly unit?: string;
  /** Date the price was recorded from the source (YYYY-MM-DD). */
  readonly date: string;
  /** Page that publishes the price. */
  readonly source: string;
}

/** The named prices other than instance hours. */
export type PriceName = keyof typeof table.items;

/** Free-plan notes for one kind of account. */
export interface FreePlanNotes {
  readonly title: string;
  readonly source: string;
  readonly notes: readonly string[];
}

export interface PriceTable {
  readonly region: string;
  readonly currency: string;
  /** Hours in the billing month used for monthly figures (AWS uses 730). */
  readonly hoursPerMonth: number;
  readonly note: string;
  /** On-demand Linux price per hour, by instance type. */
  readonly instanceHour: Readonly<Record<string, Price>>;
  readonly items: Readonly<Record<PriceName, Price>>;
  readonly freePlan: { readonly newAccounts: FreePlanNotes; readonly olderAccounts: FreePlanNotes };
}

export const PRICES: PriceTable = table;

/** Hourly price of an instance type, or undefined when the table does not know it (never a guess). */
export function instanceHourPrice(instanceType: string, prices: PriceTable = PRICES): Price | undefined {
  return Object.prototype.hasOwnProperty.call(prices.instanceHour, instanceType)
    ? prices.instanceHour[instanceType]
    : undefined;
}

/** A monthly price spread over the hours of a month. */
export function monthlyToHourly(usdPerMonth: number, prices: PriceTable = PRICES): number {
  return usdPerMonth / prices.hoursPerMonth;
}
