/**
 * The kit's one price table (lib/pricing/prices.json), typed. `npm run cost` prices the
 * templates with it, `npm run leftovers` and the checks price what they find.
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

/** EBS volume types the table prices, by the price of a GB-month. */
export const VOLUME_GB_MONTH_PRICE: Readonly<Record<string, PriceName>> = { gp3: 'ebsGp3GbMonth', gp2: 'ebsGp2GbMonth' };

/** What an EBS volume costs per hour, or undefined when the table has no price for its type. */
export function volumeUsdPerHour(sizeGb: number, volumeType: string | undefined, prices: PriceTable = PRICES): number | undefined {
  const name = volumeType !== undefined && Object.hasOwn(VOLUME_GB_MONTH_PRICE, volumeType) ? VOLUME_GB_MONTH_PRICE[volumeType] : undefined;
  return name ? sizeGb * monthlyToHourly(prices.items[name].usd, prices) : undefined;
}
