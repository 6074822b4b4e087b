/**
 * The notes' "which launch type" table as numbers: for one instance type, what an hour
 * costs on demand, on the spot market, reserved for a year, under a Compute Savings
 * Plan, and what a whole Dedicated Host of its family costs. Rates come from the kit's
 * dated price table (lib/pricing/prices.json); the spot price comes from the EC2 API
 * (DescribeSpotPriceHistory) when the caller passes a client with credentials.
 *
 * Read-only: nothing is ever reserved, planned or bought.
 */
import { DescribeSpotPriceHistoryCommand, type EC2Client } from '@aws-sdk/client-ec2';
import table from '../pricing/prices.json';
import { instanceHourPrice, PRICES, type Price } from '../pricing/prices';
import { renderTable, wrapText } from '../cli/table';

/** The launch-type sections of prices.json, typed. */
interface LaunchTypeRates {
  readonly spot?: Price;
  readonly reserved1yNoUpfront?: Price;
  readonly computeSavingsPlan1yNoUpfront?: Price;
}
const LAUNCH_TYPES = table.launchTypes as unknown as { readonly note: string } & Readonly<Record<string, LaunchTypeRates | string>>;
const DEDICATED_HOSTS = table.dedicatedHostHour as unknown as { readonly note: string } & Readonly<Record<string, Price | string>>;
const SURPLUS = table.burstableSurplusVcpuHour as unknown as { readonly note: string } & Readonly<Record<string, Price | string>>;

const entry = <T>(section: Readonly<Record<string, T | string>>, key: string): T | undefined =>
  key !== 'note' && Object.prototype.hasOwnProperty.call(section, key) ? (section[key] as T) : undefined;

/** The flat rate per vCPU-hour of unlimited mode's surplus credits, for a burstable type's family. */
export function surplusCreditRate(instanceType: string): Price | undefined {
  return entry(SURPLUS, instanceType.split('.')[0]);
}

/** Where a figure came from. */
export type RateSource = 'EC2 API' | 'price table';

/** One launch type's row. */
export interface LaunchTypeRow {
  /** The notes' name for it. */
  readonly launchType: string;
  /** US dollars per hour for one instance, or undefined when the table has no figure. */
  readonly usdPerHour?: number;
  /** What the hour buys and what it commits you to. */
  readonly terms: string;
  readonly source?: RateSource;
  /** When the figure was recorded (table) or published (API). */
  readonly date?: string;
  readonly sourceUrl?: string;
}

export interface LaunchTypeComparison {
  readonly instanceType: string;
  readonly region: string;
  /** The AZ the spot price is for, when it came from the API. */
  readonly availabilityZone?: string;
  readonly rows: readonly LaunchTypeRow[];
  /** The hourly price of a whole Dedicated Host of the family (not per instance). */
  readonly dedicatedHost?: LaunchTypeRow;
  readonly hoursPerMonth: number;
  readonly notes: readonly string[];
}

/** A spot price the EC2 API published. */
export interface SpotQuote {
  readonly usdPerHour: number;
  readonly availabilityZone: string;
  readonly timestamp?: Date;
}

/**
 * The spot price in force now for a Linux instance of this type: the lowest of the region's
 * AZs, or the one asked for. Undefined when EC2 publishes none (type not offered on spot there).
 */
export async function spotQuote(ec2: EC2Client, instanceType: string, availabilityZone?: string, now = new Date()): Promise<SpotQuote | undefined> {
  // A start time of now returns, per AZ, the price in force now (its last change before it).
  const history =
    (
      await ec2.send(
        new DescribeSpotPriceHistoryCommand({
          InstanceTypes: [instanceType as never],
          ProductDescriptions: ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)'],
          AvailabilityZone: availabilityZone,
          StartTime: now,
          EndTime: now,
        }),
      )
    ).SpotPriceHistory ?? [];
  const latestPerAz = new Map<string, SpotQuote>();
  for (const p of history) {
    if (p.InstanceType !== instanceType || !p.AvailabilityZone || !p.SpotPrice) continue;
    if (availabilityZone && p.AvailabilityZone !== availabilityZone) continue;
    const known = latestPerAz.get(p.AvailabilityZone);
    if (!known || (p.Timestamp?.getTime() ?? 0) > (known.timestamp?.getTime() ?? 0)) {
      latestPerAz.set(p.AvailabilityZone, { usdPerHour: Number(p.SpotPrice), availabilityZone: p.AvailabilityZone, timestamp: p.Timestamp });
    }
  }
  return [...latestPerAz.values()].sort((a, b) => a.usdPerHour - b.usdPerHour || a.availabilityZone.localeCompare(b.availabilityZone))[0];
}

export interface CompareOptions {
  /** A spot price read from the EC2 API; without it the table's typical figure is used. */
  readonly spot?: SpotQuote;
  /** The region the spot quote was read in. @default the table's region */
  readonly region?: string;
}

const fromTable = (price: Price | undefined) =>
  price ? { usdPerHour: price.usd, source: 'price table' as const, date: price.date, sourceUrl: price.source } : {};

/** The notes' launch types for one instance type, as numbers. */
export function compareLaunchTypes(instanceType: string, options: CompareOptions = {}): LaunchTypeComparison {
  const rates = entry<LaunchTypeRates>(LAUNCH_TYPES, instanceType) ?? {};
  const onDemand = instanceHourPrice(instanceType);
  const spot: Partial<LaunchTypeRow> = options.spot
    ? { usdPerHour: options.spot.usdPerHour, source: 'EC2 API', date: options.spot.timestamp?.toISOString().slice(0, 10) }
    : fromTable(rates.spot);
  const family = instanceType.split('.')[0];
  const host = entry<Price>(DEDICATED_HOSTS, family);
  const region = options.region ?? PRICES.region;
  const notes = [
    'Dedicated Instances (hardware of your own, billed per instance plus a fee per region) are not in the table.',
    LAUNCH_TYPES.note,
  ];
  if (region !== PRICES.region) notes.unshift(`Spot is for ${region}; every other figure is ${PRICES.region}'s.`);
  return {
    instanceType,
    region,
    availabilityZone: options.spot?.availabilityZone,
    hoursPerMonth: PRICES.hoursPerMonth,
    rows: [
      { launchType: 'On-Demand', terms: 'pay per second (60 s minimum), no commitment', ...fromTable(onDemand) },
      {
        launchType: 'Spot',
        terms: `no bid since 2017: pay the current price; AWS may reclaim it with two minutes' notice${options.spot ? ` (${options.spot.availabilityZone}, now)` : ' (typical)'}`,
        ...spot,
      },
      { launchType: 'Reserved, 1 year, no upfront', terms: 'billed every hour of the year, used or not; this type only', ...fromTable(rates.reserved1yNoUpfront) },
      {
        launchType: 'Compute Savings Plan, 1 year, no upfront',
        terms: 'commit to $ per hour for a year; any type, size, region',
        ...fromTable(rates.computeSavingsPlan1yNoUpfront),
      },
    ],
    dedicatedHost: host ? { launchType: `Dedicated Host (${family})`, terms: 'a whole physical server, billed per host', ...fromTable(host) } : undefined,
    notes,
  };
}

/** Dollars to a hundredth of a cent. */
const money = (usd: number) => `$${usd.toFixed(4)}`;

/** The comparison as a table for people, fitted to `width` columns. */
export function renderLaunchTypeComparison(comparison: LaunchTypeComparison, width: number): string {
  const onDemand = comparison.rows[0].usdPerHour;
  const rows = [...comparison.rows, ...(comparison.dedicatedHost ? [comparison.dedicatedHost] : [])].map((row) => {
    const isHost = row === comparison.dedicatedHost;
    const saving =
      row.usdPerHour !== undefined && onDemand !== undefined && !isHost && row !== comparison.rows[0]
        ? `${Math.round((1 - row.usdPerHour / onDemand) * 100)}% less`
        : '';
    return [
      row.launchType,
      row.usdPerHour === undefined ? 'not in table' : money(row.usdPerHour),
      row.usdPerHour === undefined ? '' : `$${(row.usdPerHour * comparison.hoursPerMonth).toFixed(2)}`,
      isHost ? 'per host' : saving,
      row.source ? `${row.source}${row.date ? `, ${row.date}` : ''}` : '',
      row.terms,
    ];
  });
  const where = comparison.availabilityZone ? `${comparison.region} (spot: ${comparison.availabilityZone})` : comparison.region;
  return [
    `Launch types for one ${comparison.instanceType}, Linux, ${where}, per hour and per month of ${comparison.hoursPerMonth} hours:`,
    '',
    renderTable(
      [
        { header: 'Launch type' },
        { header: 'per hour', alignRight: true },
        { header: 'per month', alignRight: true },
        { header: 'vs on-demand' },
        { header: 'Figure from' },
        { header: 'Terms', wrap: true },
      ],
      rows,
      width,
    ),
    '',
    ...comparison.notes.flatMap((note) => wrapText(note, width)),
  ].join('\n');
}
