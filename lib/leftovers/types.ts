/** What `npm run leftovers` reports, as data: the CLI renders it. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { SSMClient } from '@aws-sdk/client-ssm';

/** One thing of the kit still in the account. */
export interface Leftover {
  /** What it is, in words: "EC2 instance", "CloudFormation stack", ... */
  readonly kind: string;
  /** Its id or name, as the removal command takes it. */
  readonly id: string;
  /** Region, or "global" for IAM. */
  readonly region: string;
  /** When it was created, ISO 8601, when the API says. */
  readonly since?: string;
  /** What it costs per hour now, in US dollars (list price, us-east-1 table). */
  readonly usdPerHour: number;
  /** State, reason, size: what helps decide. */
  readonly detail?: string;
  /** AWS CLI command that removes it. */
  readonly removeCommand: string;
  /** How it was found: by the kit's tag, as a lab stack, or as an untagged orphan. */
  readonly foundBy: 'tag' | 'stack' | 'orphan';
}

/** Something of the kit that is expected to stay (the CDK bootstrap stack, the shared LabNetwork). */
export interface ExpectedResource {
  readonly kind: string;
  readonly id: string;
  readonly region: string;
  readonly note: string;
  readonly removeCommand: string;
}

/** The clients of one region. */
export interface RegionClients {
  readonly ec2: EC2Client;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly cloudformation: CloudFormationClient;
  readonly logs: CloudWatchLogsClient;
  readonly ssm: SSMClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

/** A part of the account the scan could not look at, and why: "region X: not scanned (why)". */
export interface ScanProblem {
  /** A region, or "global" for IAM and the account-setting records. */
  readonly region: string;
  /** What was not scanned: "region" for all of it, else the part ("load balancers"). */
  readonly what: string;
  readonly why: string;
}

export interface LeftoversReport {
  readonly regions: readonly string[];
  readonly leftovers: readonly Leftover[];
  readonly expected: readonly ExpectedResource[];
  /** What could not be scanned; the leftovers above are what was found elsewhere. */
  readonly problems: readonly ScanProblem[];
  /** Sum of the leftovers' hourly cost. */
  readonly usdPerHour: number;
}
