/**
 * The whole scan: every region asked for, then IAM and the account-setting records.
 * It never gives up half way: an error in one region or one call is reported as what was
 * not scanned and why, and everything found elsewhere is still listed. Only problems
 * that no call can get past (no credentials, a profile that does not exist) stop it.
 */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { couldNotCheck, type AwsWhere } from '../aws/errors';
import { findAccountSettingRecords, findIamLeftovers } from './iam';
import { describeAddresses, findAddresses, findImagesAndSnapshots, findKeyPairs, findLogGroups } from './orphans';
import { findStacks } from './stacks';
import { findTaggedLeftovers, type KeyedLeftover } from './tagged';
import type { ExpectedResource, Leftover, LeftoversReport, RegionClients, ScanProblem } from './types';

/** Stack of LabIam: while it exists, its user and group are its own, not orphans. */
const IAM_LAB_STACK = 'LabIam';
/** Kinds of problem after which the rest of the scan is pointless. */
const STOP_ALL = new Set(['no-credentials', 'profile-not-found', 'expired-session', 'bad-credentials']);

export interface ScanOptions {
  readonly regions: readonly string[];
  /** The clients of a region. */
  readonly clientsFor: (region: string) => RegionClients;
  readonly iam: IAMClient;
  /** SSM in the region of the account-setting records. */
  readonly recordsSsm: SSMClient;
  readonly recordRegion: string;
  /** Profile and environment, to explain AWS errors. */
  readonly where: Omit<AwsWhere, 'region'>;
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
  const problems: ScanProblem[] = [];
  let labIamStackFound = false;

  /** Runs one call; on an error, records what was not scanned and goes on (or stops everything). */
  const attempt = async <T>(region: string, what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      const problem = await couldNotCheck(error, { ...options.where, region: region === 'global' ? undefined : region });
      if (problem && STOP_ALL.has(problem.kind)) throw problem;
      problems.push({ region, what, why: problem?.message ?? `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}` });
      return undefined;
    }
  };

  for (const [i, region] of options.regions.entries()) {
    options.onProgress?.(`scanning ${region} (${i + 1}/${options.regions.length})`);
    const clients = options.clientsFor(region);
    // The first call tells whether the region answers at all.
    const stacks = await attempt(region, 'region', () => findStacks(region, clients));
    if (!stacks) continue;
    labIamStackFound ||= stacks.labStacks.includes(IAM_LAB_STACK);
    const addresses = (await attempt(region, 'Elastic IPs', () => describeAddresses(clients))) ?? [];
    const found: KeyedLeftover[] = [
      // Log groups first: their own scan says more about them than the Tagging API's line.
      ...((await attempt(region, 'log groups', () => findLogGroups(region, clients))) ?? []),
      ...((await attempt(region, 'tagged resources', () => findTaggedLeftovers(region, clients, addresses))) ?? []),
      ...((await attempt(region, 'key pairs and their parameters', () => findKeyPairs(region, clients))) ?? []),
      ...findAddresses(region, addresses),
      ...((await attempt(region, 'AMIs and snapshots', () => findImagesAndSnapshots(region, clients))) ?? []),
    ];
    const seen = new Set<string>();
    leftovers.push(...stacks.leftovers, ...found.filter((item) => !seen.has(item.key) && seen.add(item.key)).map(({ key: _key, ...leftover }) => leftover));
    expected.push(...stacks.expected);
  }
  if (!labIamStackFound) {
    options.onProgress?.('checking IAM (global)');
    leftovers.push(...((await attempt('global', 'IAM users and groups', () => findIamLeftovers(options.iam))) ?? []));
    // While LabIam is deployed its records hold the learner's own settings: not leftovers.
    leftovers.push(...((await attempt(options.recordRegion, 'account-setting records', () => findAccountSettingRecords(options.recordsSsm, options.recordRegion))) ?? []));
  }
  return { regions: options.regions, leftovers, expected, problems, usdPerHour: leftovers.reduce((sum, l) => sum + l.usdPerHour, 0) };
}
