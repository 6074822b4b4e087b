/**
 * The AWS half of `npm run leftovers` (lib/leftovers/cli.ts, which parses the command line
 * first): scans the regions, prints the report and the quotas, returns the exit code.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsClient, resolvedRegion, type AwsTarget } from '../aws/clients';
import { assertProfileExists, assertRegionName, couldNotCheck, CouldNotCheck } from '../aws/errors';
import { PINNED_REGIONS } from '../catalogue';
import { EXIT } from '../cli/exit-codes';
import { outputWidth, paletteFor, progressWriter, type CliIo } from '../cli/io';
import { quotaSection } from '../quotas/section';
import { DEFAULT_RECORD_REGION } from '../handlers/account-setting-names';
import { renderLeftovers } from './report';
import { listEnabledRegions, scanLeftovers } from './scan';
import type { RegionClients } from './types';

/** What a test may replace. */
export interface LeftoversDeps {
  /** Client settings laid over the defaults (tests point them at moto). */
  readonly clientOverrides?: (region: string) => Readonly<Record<string, unknown>>;
}

/** The command line, parsed and checked. */
export interface LeftoversOptions {
  readonly region?: string;
  readonly 'all-regions': boolean;
  readonly profile?: string;
  readonly json: boolean;
}

/** Scans and reports; resolves to the exit code. Never throws for AWS's answers, never prints a stack trace. */
export async function runLeftovers(options: LeftoversOptions, io: CliIo, deps: LeftoversDeps): Promise<number> {
  const target = (region: string | undefined): AwsTarget => ({ region, profile: options.profile, overrides: region ? deps.clientOverrides?.(region) : undefined });
  const made: { destroy(): void }[] = [];
  const client = <C extends { destroy(): void }>(Client: new (config: never) => C, region: string | undefined): C => {
    const c = awsClient(Client, target(region));
    made.push(c);
    return c;
  };
  const clientsFor = (region: string): RegionClients => ({
    ec2: client(EC2Client, region),
    tagging: client(ResourceGroupsTaggingAPIClient, region),
    cloudformation: client(CloudFormationClient, region),
    logs: client(CloudWatchLogsClient, region),
    ssm: client(SSMClient, region),
    elbv2: client(ElasticLoadBalancingV2Client, region),
  });
  const progress = progressWriter(io.stderr);
  try {
    assertRegionName(options.region);
    assertProfileExists(options.profile, io.env);
    const home = options.region ?? (await resolvedRegion(client(EC2Client, undefined))) ?? PINNED_REGIONS[0] ?? DEFAULT_RECORD_REGION;
    let regions: string[];
    if (options['all-regions']) {
      const ec2 = client(EC2Client, home);
      regions = await listEnabledRegions(ec2).catch(async (error: unknown) => {
        throw (await couldNotCheck(error, { region: home, profile: options.profile, env: io.env })) ?? error;
      });
    } else {
      regions = options.region ? [options.region] : [...new Set([home, ...PINNED_REGIONS])];
    }
    const report = await scanLeftovers({
      regions,
      clientsFor,
      iam: client(IAMClient, home),
      recordsSsm: client(SSMClient, DEFAULT_RECORD_REGION),
      recordRegion: DEFAULT_RECORD_REGION,
      where: { profile: options.profile, env: io.env },
      onProgress: options.json ? undefined : progress,
    });
    progress('');
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderLeftovers(report, outputWidth(io.stdout), paletteFor(io.stdout, io.env)));
    if (!options.json) {
      // What uses the quotas a lab can hit in the home region, the kit's and the learner's own.
      const lines = await quotaSection({ ec2: client(EC2Client, home), target: target(home) });
      io.stdout.write(`\n${lines.join('\n')}\n`);
    }
    if (report.leftovers.length > 0) return EXIT.notDone;
    return report.problems.length > 0 ? EXIT.couldNotCheck : EXIT.ok;
  } catch (error) {
    if (!(error instanceof CouldNotCheck)) throw error;
    progress('');
    io.stderr.write(`${error.message}\n`);
    return EXIT.couldNotCheck;
  } finally {
    for (const c of made) c.destroy();
  }
}
