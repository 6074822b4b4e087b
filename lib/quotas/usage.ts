/**
 * How much of each quota the kit counts (lib/quotas/needs.ts) the account uses in one
 * region, against its limit, and which of it is the kit's (tagged Project=aws-dva-labs).
 *
 * The limit is the account's own (Service Quotas GetServiceQuota); where Service Quotas
 * does not answer (no permission, or no value for the quota), AWS's documented default,
 * said so. A quota whose usage cannot be read is reported with the reason, never guessed.
 */
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeInternetGatewaysCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type Tag,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { GetServiceQuotaCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import { isStandardInstanceType, QUOTAS, VCPUS, type QuotaSpec } from './needs';

export interface QuotaClients {
  readonly ec2: EC2Client;
  readonly serviceQuotas: ServiceQuotasClient;
}

/** One thing that uses a quota: `vpc-0abc (default VPC)`, `i-0abc t3.micro (LabEc2)`. */
export interface QuotaUser {
  readonly id: string;
  readonly description: string;
  /** How much of the quota it uses (1, or an instance's vCPUs). */
  readonly amount: number;
  /** Whether it is the kit's (tag Project=aws-dva-labs). */
  readonly kit: boolean;
}

export interface QuotaUsage {
  readonly quota: QuotaSpec;
  /** The account's limit, or AWS's default when the account's could not be read. */
  readonly limit: number;
  /** Where the limit comes from. */
  readonly limitSource: 'account' | 'aws-default';
  /** Why the account's own limit was not read (when limitSource is aws-default). */
  readonly limitNote?: string;
  /** Undefined when the usage could not be read (see error). */
  readonly used?: number;
  readonly users: readonly QuotaUser[];
  readonly error?: string;
}

const tagValue = (tags: readonly Tag[] | undefined, key: string) => tags?.find((t) => t.Key === key)?.Value;
const isKit = (tags: readonly Tag[] | undefined) => tagValue(tags, PROJECT_TAG_KEY) === PROJECT_TAG_VALUE;
/** `(LabEc2)`, `(Name tag)` or nothing. */
const label = (tags: readonly Tag[] | undefined) => {
  const lab = tagValue(tags, LAB_TAG_KEY);
  const name = tagValue(tags, 'Name');
  return lab ? ` (${lab})` : isKit(tags) && name ? ` (${name})` : name ? ` (${name})` : '';
};
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function limitOf(quota: QuotaSpec, client: ServiceQuotasClient): Promise<Pick<QuotaUsage, 'limit' | 'limitSource' | 'limitNote'>> {
  try {
    const { Quota } = await client.send(new GetServiceQuotaCommand({ ServiceCode: quota.serviceCode, QuotaCode: quota.quotaCode }));
    if (typeof Quota?.Value === 'number') return { limit: Quota.Value, limitSource: 'account' };
    return { limit: quota.awsDefault, limitSource: 'aws-default', limitNote: 'Service Quotas gave no value' };
  } catch (error) {
    return { limit: quota.awsDefault, limitSource: 'aws-default', limitNote: `Service Quotas did not answer (${errorText(error)})` };
  }
}

async function vpcUsers(ec2: EC2Client): Promise<QuotaUser[]> {
  const users: QuotaUser[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeVpcsCommand({ NextToken }));
    for (const vpc of page.Vpcs ?? []) {
      users.push({ id: vpc.VpcId!, description: `${vpc.VpcId}${vpc.IsDefault ? ' (default VPC)' : label(vpc.Tags)}`, amount: 1, kit: isKit(vpc.Tags) });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return users;
}

async function internetGatewayUsers(ec2: EC2Client): Promise<QuotaUser[]> {
  const users: QuotaUser[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeInternetGatewaysCommand({ NextToken }));
    for (const igw of page.InternetGateways ?? []) {
      const vpc = igw.Attachments?.[0]?.VpcId;
      users.push({ id: igw.InternetGatewayId!, description: `${igw.InternetGatewayId}${vpc ? ` on ${vpc}` : ' (detached)'}${label(igw.Tags)}`, amount: 1, kit: isKit(igw.Tags) });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return users;
}

async function elasticIpUsers(ec2: EC2Client): Promise<QuotaUser[]> {
  const { Addresses } = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'domain', Values: ['vpc'] }] }));
  return (Addresses ?? []).map((a) => ({
    id: a.AllocationId ?? a.PublicIp!,
    description: `${a.PublicIp}${label(a.Tags)}${a.InstanceId ? ` on ${a.InstanceId}` : a.AssociationId ? '' : ', not associated: bills anyway'}`,
    amount: 1,
    kit: isKit(a.Tags),
  }));
}

async function vcpuUsers(ec2: EC2Client): Promise<QuotaUser[]> {
  const running: { id: string; type: string; vcpus?: number; tags?: Tag[] }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }], NextToken }),
    );
    for (const instance of page.Reservations?.flatMap((r) => r.Instances ?? []) ?? []) {
      const type = instance.InstanceType ?? '';
      // Spot instances count against the spot quota; only standard families count here.
      if (instance.InstanceLifecycle === 'spot' || !isStandardInstanceType(type)) continue;
      const cpu = instance.CpuOptions;
      const vcpus = cpu?.CoreCount && cpu.ThreadsPerCore ? cpu.CoreCount * cpu.ThreadsPerCore : VCPUS[type];
      running.push({ id: instance.InstanceId!, type, vcpus, tags: instance.Tags });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  const unknown = [...new Set(running.filter((r) => r.vcpus === undefined).map((r) => r.type))];
  const looked: Record<string, number> = {};
  if (unknown.length > 0) {
    const { InstanceTypes } = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: unknown as _InstanceType[] }));
    for (const t of InstanceTypes ?? []) if (t.InstanceType && t.VCpuInfo?.DefaultVCpus) looked[t.InstanceType] = t.VCpuInfo.DefaultVCpus;
  }
  return running.map((r) => {
    const vcpus = r.vcpus ?? looked[r.type];
    if (vcpus === undefined) throw new Error(`vCPUs of instance type ${r.type} unknown`);
    return { id: r.id, description: `${r.id} ${r.type}, ${vcpus} vCPU${vcpus > 1 ? 's' : ''}${label(r.tags)}`, amount: vcpus, kit: isKit(r.tags) };
  });
}

const USERS: Record<QuotaSpec['id'], (ec2: EC2Client) => Promise<QuotaUser[]>> = {
  vpcs: vpcUsers,
  internetGateways: internetGatewayUsers,
  elasticIps: elasticIpUsers,
  standardVcpus: vcpuUsers,
};

/** Usage against limit of every quota the kit counts, in the clients' region. */
export async function readQuotaUsage(clients: QuotaClients): Promise<QuotaUsage[]> {
  return Promise.all(
    QUOTAS.map(async (quota): Promise<QuotaUsage> => {
      const limit = await limitOf(quota, clients.serviceQuotas);
      try {
        const users = await USERS[quota.id](clients.ec2);
        return { quota, ...limit, used: users.reduce((sum, u) => sum + u.amount, 0), users };
      } catch (error) {
        return { quota, ...limit, users: [], error: errorText(error) };
      }
    }),
  );
}
