/**
 * Resources that carry the kit's tag (Project=aws-dva-labs), found through the
 * Resource Groups Tagging API, with what they cost now. The Tagging API still
 * lists a terminated instance for a while: such instances are not leftovers.
 */
import { DescribeInstancesCommand, DescribeVolumesCommand, type Address, type Instance } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { instanceHourPrice, monthlyToHourly, PRICES } from '../cost/prices';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import { describeArn, parseArn, removeCommandFor, resourceKey } from './arn';
import type { Leftover, RegionClients } from './types';

/** A leftover with the key that dedupes it across scans. */
export interface KeyedLeftover extends Leftover {
  readonly key: string;
}

const iso = (date: Date | undefined) => date?.toISOString();

/** What an EBS volume costs per hour, or undefined when the table has no price for its type. */
export function volumeUsdPerHour(sizeGb: number, volumeType: string | undefined): number | undefined {
  const name = volumeType === 'gp3' ? 'ebsGp3GbMonth' : volumeType === 'gp2' ? 'ebsGp2GbMonth' : undefined;
  return name ? sizeGb * monthlyToHourly(PRICES.items[name].usd) : undefined;
}

/** ARNs of every resource in the region tagged Project=aws-dva-labs (all pages). */
export async function listTaggedArns(clients: RegionClients): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.tagging }, { TagFilters: [{ Key: PROJECT_TAG_KEY, Values: [PROJECT_TAG_VALUE] }] });
  for await (const page of pages) {
    for (const mapping of page.ResourceTagMappingList ?? []) if (mapping.ResourceARN) arns.push(mapping.ResourceARN);
  }
  return arns;
}

/** Describes instances by id; ids the API no longer knows are left out. */
async function describeInstances(clients: RegionClients, ids: string[]): Promise<Instance[]> {
  if (ids.length === 0) return [];
  const found: Instance[] = [];
  for (const id of ids) {
    // One at a time: a single unknown id would fail the whole call.
    try {
      const out = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
      for (const r of out.Reservations ?? []) found.push(...(r.Instances ?? []));
    } catch (error) {
      if ((error as Error).name !== 'InvalidInstanceID.NotFound') throw error;
    }
  }
  return found;
}

/**
 * The kit's tagged resources in one region. `addresses` (DescribeAddresses) tells
 * which instances hold an Elastic IP, which is counted on its own line.
 */
export async function findTaggedLeftovers(region: string, clients: RegionClients, addresses: readonly Address[]): Promise<KeyedLeftover[]> {
  const arns = await listTaggedArns(clients);
  const leftovers: KeyedLeftover[] = [];
  const byType = (type: string) => arns.filter((arn) => { const p = parseArn(arn); return `${p.service}:${p.resource.split(/[:/]/)[0]}` === type; });
  const taggedVolumeIds = new Set(byType('ec2:volume').map((arn) => describeArn(arn).id));
  const elasticIpInstances = new Set(addresses.map((a) => a.InstanceId).filter(Boolean));

  const instances = await describeInstances(clients, byType('ec2:instance').map((arn) => describeArn(arn).id));
  const instanceState = new Map(instances.map((i) => [i.InstanceId, i]));
  // Root volumes do not inherit the instance's tags: price them with their instance.
  const rootVolumeIds = instances.flatMap((i) => (i.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId)).filter((id): id is string => !!id && !taggedVolumeIds.has(id));
  const volumeIds = [...new Set([...rootVolumeIds, ...taggedVolumeIds])];
  const volumes = volumeIds.length === 0 ? [] : (await clients.ec2.send(new DescribeVolumesCommand({ VolumeIds: volumeIds }))).Volumes ?? [];
  const volumeById = new Map(volumes.map((v) => [v.VolumeId, v]));

  const loadBalancerArns = byType('elasticloadbalancing:loadbalancer');
  const loadBalancers = loadBalancerArns.length === 0 ? [] : (await clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: loadBalancerArns }))).LoadBalancers ?? [];
  const loadBalancerByArn = new Map(loadBalancers.map((lb) => [lb.LoadBalancerArn, lb]));

  for (const arn of arns) {
    const { service, resource } = parseArn(arn);
    const { kind, id } = describeArn(arn);
    let usdPerHour = 0;
    let since: string | undefined;
    let detail: string | undefined;
    if (kind === 'EC2 instance') {
      const instance = instanceState.get(id);
      const state = instance?.State?.Name;
      if (!instance || state === 'terminated') continue;
      since = iso(instance.LaunchTime);
      const type = instance.InstanceType ?? 'unknown';
      const running = state === 'running' || state === 'pending';
      const typePrice = instanceHourPrice(type);
      const publicIp = running && !!instance.PublicIpAddress && !elasticIpInstances.has(id);
      const rootGb = (instance.BlockDeviceMappings ?? [])
        .map((m) => volumeById.get(m.Ebs?.VolumeId))
        .filter((v) => v && !taggedVolumeIds.has(v.VolumeId!));
      const rootUsd = rootGb.reduce((sum, v) => sum + (volumeUsdPerHour(v!.Size ?? 0, v!.VolumeType) ?? 0), 0);
      usdPerHour = (running ? typePrice?.usd ?? 0 : 0) + (publicIp ? PRICES.items.publicIpv4Hour.usd : 0) + rootUsd;
      detail = [
        `${type} ${state}`,
        running && !typePrice ? `no price for ${type} in the table` : undefined,
        publicIp ? 'public IPv4' : undefined,
        rootGb.length > 0 ? `${rootGb.map((v) => `${v!.Size} GB ${v!.VolumeType}`).join(' + ')} EBS` : undefined,
      ].filter(Boolean).join(', ');
    } else if (kind === 'EBS volume') {
      const volume = volumeById.get(id);
      if (!volume) continue;
      since = iso(volume.CreateTime);
      const usd = volumeUsdPerHour(volume.Size ?? 0, volume.VolumeType);
      usdPerHour = usd ?? 0;
      detail = `${volume.Size} GB ${volume.VolumeType} ${volume.State}${usd === undefined ? ', no price for this type in the table' : ''}`;
    } else if (kind === 'Elastic IP' || kind === 'NAT gateway') {
      usdPerHour = PRICES.items.publicIpv4Hour.usd + (kind === 'NAT gateway' ? PRICES.items.natGatewayHour.usd : 0);
    } else if (kind === 'load balancer') {
      const lb = loadBalancerByArn.get(arn);
      if (!lb) continue;
      since = iso(lb.CreatedTime);
      const zones = lb.AvailabilityZones?.length ?? 0;
      const publicIps = lb.Scheme === 'internet-facing' ? zones : 0;
      usdPerHour = lb.Type === 'application' ? PRICES.items.albHour.usd + PRICES.items.albLcuHour.usd + publicIps * PRICES.items.publicIpv4Hour.usd : 0;
      detail = `${lb.Type} ${lb.Scheme} in ${zones} AZs${lb.Type === 'application' ? '' : ', no price for this type in the table'}`;
    } else if (kind === 'Secrets Manager secret') {
      usdPerHour = monthlyToHourly(PRICES.items.secretMonth.usd);
    }
    leftovers.push({ key: resourceKey(service, resource), kind, id, region, since, usdPerHour, detail, removeCommand: removeCommandFor(kind, id, region), foundBy: 'tag' });
  }
  return leftovers;
}
