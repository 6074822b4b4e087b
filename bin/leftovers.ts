/**
 * npm run leftovers [-- --region R | --all-regions] [--json]
 *
 * After `cdk destroy`: everything of the kit still in the account, what it costs
 * per hour and the command that removes it. Exit code 1 when anything is left.
 * Without --region it scans the configured region (AWS_REGION or the profile's)
 * and the regions labs are pinned to (LabBudget's us-east-1).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SSMClient } from '@aws-sdk/client-ssm';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAB_MODULES } from '../lib/catalogue';
import { outputWidth } from '../lib/cost/text-table';
import { renderLeftovers } from '../lib/leftovers/report';
import { listEnabledRegions, scanLeftovers } from '../lib/leftovers/scan';
import type { RegionClients } from '../lib/leftovers/types';
import { readSettings } from '../lib/settings';

const USAGE = 'Usage: npm run leftovers -- [--region R | --all-regions] [--json]';
/** Regions some labs always live in, whatever the learner's region (LabBudget: us-east-1). */
const PINNED_REGIONS = [...new Set(LAB_MODULES.flatMap((lab) => (lab.meta.pinnedRegion ? [lab.meta.pinnedRegion] : [])))];
/** IAM is global, with its endpoint in us-east-1. */
const IAM_REGION = 'us-east-1';

interface LeftoversArgs {
  readonly region?: string;
  readonly allRegions: boolean;
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): LeftoversArgs | string {
  let region: string | undefined;
  let allRegions = false;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--all-regions') allRegions = true;
    else if (arg === '--region') {
      region = argv[++i];
      if (!region || region.startsWith('-')) return '--region needs a region name, e.g. --region eu-west-1';
    } else return `unknown argument ${arg}`;
  }
  if (region && allRegions) return 'use --region or --all-regions, not both';
  return { region, allRegions, json };
}

function clientsFor(region: string): RegionClients {
  return {
    ec2: new EC2Client({ region }),
    tagging: new ResourceGroupsTaggingAPIClient({ region }),
    cloudformation: new CloudFormationClient({ region }),
    logs: new CloudWatchLogsClient({ region }),
    ssm: new SSMClient({ region }),
    elbv2: new ElasticLoadBalancingV2Client({ region }),
  };
}

/** LabIam's user and group names, as the app reads them from cdk.json. */
function iamNames() {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const { iam } = readSettings((key) => cdkJson.context?.[key]);
  return { userName: iam.labUserName, groupName: iam.adminGroupName };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const configured = await new EC2Client({}).config.region().catch(() => undefined);
  const home = args.region ?? configured ?? PINNED_REGIONS[0] ?? IAM_REGION;
  const regions = args.allRegions
    ? await listEnabledRegions(new EC2Client({ region: home }))
    : args.region
      ? [args.region]
      : [...new Set([home, ...PINNED_REGIONS])];
  const report = await scanLeftovers({
    regions,
    clientsFor,
    iam: new IAMClient({ region: IAM_REGION }),
    iamNames: iamNames(),
    onProgress: args.json ? undefined : (message) => process.stderr.write(`${message}\n`),
  });
  console.log(args.json ? JSON.stringify(report, null, 2) : renderLeftovers(report, outputWidth()));
  return report.leftovers.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    // Credentials or permissions: say what failed, without a stack trace.
    console.error(`leftovers: ${error.name}: ${error.message}`);
    process.exitCode = 2;
  },
);
