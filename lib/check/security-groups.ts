import { DescribeSecurityGroupsCommand, type EC2Client, type IpPermission, type SecurityGroup } from '@aws-sdk/client-ec2';

/** One source allowed in by an inbound rule: a CIDR or another security group. */
export interface IngressSource {
  readonly cidr?: string;
  readonly groupId?: string;
}

const WORLD = ['0.0.0.0/0', '::/0'];

export function isWorld(source: IngressSource): boolean {
  return source.cidr !== undefined && WORLD.includes(source.cidr);
}

export function describeSource(source: IngressSource): string {
  return source.cidr ?? source.groupId ?? '?';
}

/** Whether a rule admits TCP traffic to `port` (all-traffic rules and port ranges count). */
function coversTcpPort(permission: IpPermission, port: number): boolean {
  if (permission.IpProtocol === '-1') return true;
  if (permission.IpProtocol !== 'tcp' && permission.IpProtocol !== '6') return false;
  const from = permission.FromPort ?? 0;
  const to = permission.ToPort ?? 65535;
  return from <= port && port <= to;
}

/** Every source the groups admit on a TCP port. */
export function sourcesForTcpPort(groups: readonly SecurityGroup[], port: number): IngressSource[] {
  const sources: IngressSource[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      if (!coversTcpPort(permission, port)) continue;
      for (const range of permission.IpRanges ?? []) sources.push({ cidr: range.CidrIp });
      for (const range of permission.Ipv6Ranges ?? []) sources.push({ cidr: range.CidrIpv6 });
      for (const pair of permission.UserIdGroupPairs ?? []) sources.push({ groupId: pair.GroupId });
      for (const list of permission.PrefixListIds ?? []) sources.push({ cidr: list.PrefixListId });
    }
  }
  return sources;
}

export async function describeSecurityGroups(ec2: EC2Client, groupIds: readonly string[]): Promise<SecurityGroup[]> {
  if (groupIds.length === 0) return [];
  // At most a handful of ids: one page.
  return (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...groupIds] }))).SecurityGroups ?? [];
}
