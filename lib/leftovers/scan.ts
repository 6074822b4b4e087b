/**
 * The whole scan: in each region, the lab stacks, the kit's tagged resources and
 * the untagged orphans; then IAM once. A resource found twice is reported once.
 */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import { findIamLeftovers, type IamNames } from './iam';
import { describeAddresses, findOrphans } from './orphans';
import { findStacks } from './stacks';
import { findTaggedLeftovers, type KeyedLeftover } from './tagged';
import type { ExpectedResource, Leftover, LeftoversReport, RegionClients } from './types';

/** Stack of LabIam: while it exists, its user and group are its own, not orphans. */
const IAM_LAB_STACK = 'LabIam';

export interface ScanOptions {
  readonly regions: readonly string[];
  /** The clients of a region. */
  readonly clientsFor: (region: string) => RegionClients;
  readonly iam: IAMClient;
  readonly iamNames: IamNames;
  /** Called before each region and before IAM, for a progress line. */
  readonly onProgress?: (message: string) => void;
}

/** The regions enabled for the account (DescribeRegions). */
export async function listEnabledRegions(ec2: EC2Client): Promise<string[]> {
  const out = await ec2.send(new DescribeRegionsCommand({}));
  return (out.Regions ?? []).map((r) => r.RegionName!).filter(Boolean).sort();
}

export async function scanLeftovers(options: ScanOptions): Promise<LeftoversReport> {
  const leftovers: Leftover[] = [];
  const expected: ExpectedResource[] = [];
  let labIamStackFound = false;
  for (const [i, region] of options.regions.entries()) {
    options.onProgress?.(`scanning ${region} (${i + 1}/${options.regions.length})`);
    const clients = options.clientsFor(region);
    const stacks = await findStacks(region, clients);
    const addresses = await describeAddresses(clients);
    const tagged = await findTaggedLeftovers(region, clients, addresses);
    const orphans = await findOrphans(region, clients, addresses);
    labIamStackFound ||= stacks.labStacks.includes(IAM_LAB_STACK);
    const seen = new Set<string>();
    const unique = (items: KeyedLeftover[]) =>
      items.filter((item) => !seen.has(item.key) && seen.add(item.key)).map(({ key: _key, ...leftover }) => leftover);
    leftovers.push(...stacks.leftovers, ...unique(tagged), ...unique(orphans));
    expected.push(...stacks.expected);
  }
  if (!labIamStackFound) {
    options.onProgress?.('checking IAM (global)');
    leftovers.push(...(await findIamLeftovers(options.iam, options.iamNames)));
  }
  return { regions: options.regions, leftovers, expected, usdPerHour: leftovers.reduce((sum, l) => sum + l.usdPerHour, 0) };
}
