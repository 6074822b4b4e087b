/**
 * Resources that carry the kit's tag (Project=aws-dva-labs), found through the
 * Resource Groups Tagging API, with what they cost now. The Tagging API still lists a
 * resource for a while after it is gone (a terminated instance, a deleted load balancer
 * or volume): those are not leftovers, and a NotFound for them is no error.
 */
import { DescribeInstancesCommand, DescribeVolumesCommand, type Address, type Instance, type Volume } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, type LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { instanceHourPrice, monthlyToHourly, PRICES, volumeUsdPerHour } from '../pricing/prices';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import { describeArn, kindKeyOf, parseArn, removeCommand, resourceKey, type KindKey } from './kinds';
import type { Leftover, RegionClients } from './types';

/** A leftover with the key that dedupes it across scans. */
export interface KeyedLeftover extends Leftover {
  readonly key: string;
}

/** A load balancer's hour and one capacity unit, by its type (a gateway load balancer is not priced). */
const LOAD_BALANCER_HOUR: Readonly<Record<string, number>> = {
  application: PRICES.items.albHour.usd + PRICES.items.albLcuHour.usd,
  network: PRICES.items.nlbHour.usd + PRICES.items.nlbNlcuHour.usd,
};

/** DescribeLoadBalancers takes at most 20 ARNs per call. */
export const LOAD_BALANCERS_PER_CALL = 20;
/** Ids per DescribeInstances / DescribeVolumes call (well under the APIs' limits). */
const IDS_PER_CALL = 100;

const iso = (date: Date | undefined) => date?.toISOString();

/** ARNs of every resource in the region tagged Project=aws-dva-labs (all pages). */
export async function listTaggedArns(clients: Pick<RegionClients, 'tagging'>): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.tagging }, { TagFilters: [{ Key: PROJECT_TAG_KEY, Values: [PROJECT_TAG_VALUE] }] });
  for await (const page of pages) {
    for (const mapping of page.ResourceTagMappingList ?? []) if (mapping.ResourceARN) arns.push(mapping.ResourceARN);
  }
  return arns;
}

/**
 * Describes ids in batches. A batch that fails because one id is gone (NotFound) is
 * described again one id at a time, and the gone ids are left out.
 */
export async function describeInBatches<T>(
  ids: readonly string[],
  size: number,
  describe: (batch: string[]) => Promise<T[]>,
  isNotFound: (error: unknown) => boolean,
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size);
    try {
      found.push(...(await describe(batch)));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      for (const id of batch) {
        try {
          found.push(...(await describe([id])));
        } catch (single) {
          if (!isNotFound(single)) throw single;
        }
      }
    }
  }
  return found;
}

const named = (...names: string[]) => (error: unknown) => names.includes((error as Error)?.name);

/** Every kind of tagged resource the scan describes further, and how to describe a batch. */
async function describeTagged(clients: RegionClients, byKind: (kind: KindKey) => string[]) {
  const instances = await describeInBatches<Instance>(
    byKind('ec2:instance').map((arn) => describeArn(arn).id),
    IDS_PER_CALL,
    async (InstanceIds) => ((await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds }))).Reservations ?? []).flatMap((r) => r.Instances ?? []),
    named('InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'),
  );
  const taggedVolumeIds = new Set(byKind('ec2:volume').map((arn) => describeArn(arn).id));
  // Root volumes do not inherit the instance's tags: price them with their instance.
  const rootVolumeIds = instances.flatMap((i) => (i.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId)).filter((id): id is string => !!id && !taggedVolumeIds.has(id));
  const volumes = await describeInBatches<Volume>(
    [...new Set([...rootVolumeIds, ...taggedVolumeIds])],
    IDS_PER_CALL,
    async (VolumeIds) => (await clients.ec2.send(new DescribeVolumesCommand({ VolumeIds }))).Volumes ?? [],
    named('InvalidVolume.NotFound'),
  );
  const loadBalancers = await describeInBatches<LoadBalancer>(
    byKind('elasticloadbalancing:loadbalancer'),
    LOAD_BALANCERS_PER_CALL,
    async (LoadBalancerArns) => (await clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns }))).LoadBalancers ?? [],
    named('LoadBalancerNotFoundException', 'LoadBalancerNotFound'),
  );
  return { instances, taggedVolumeIds, volumes, loadBalancers };
}

/**
 * The kit's tagged resources in one region. `addresses` (DescribeAddresses) tells
 * which instances hold an Elastic IP, which is counted on its own line.
 */
export async function findTaggedLeftovers(region: string, clients: RegionClients, addresses: readonly Address[]): Promise<KeyedLeftover[]> {
  const arns = await listTaggedArns(clients);
  const byKind = (kind: KindKey) => arns.filter((arn) => kindKeyOf(arn).key === kind);
  const { instances, taggedVolumeIds, volumes, loadBalancers } = await describeTagged(clients, byKind);
  const instanceById = new Map(instances.map((i) => [i.InstanceId, i]));
  const volumeById = new Map(volumes.map((v) => [v.VolumeId, v]));
  const loadBalancerByArn = new Map(loadBalancers.map((lb) => [lb.LoadBalancerArn, lb]));
  const elasticIpInstances = new Set(addresses.map((a) => a.InstanceId).filter(Boolean));
  const ipv4 = PRICES.items.publicIpv4Hour.usd;

  /** What a described resource costs and says; undefined when it is gone. */
  const described: Partial<Record<KindKey, (id: string, arn: string) => Pick<Leftover, 'usdPerHour' | 'since' | 'detail'> | undefined>> = {
    'ec2:instance': (id) => {
      const instance = instanceById.get(id);
      const state = instance?.State?.Name;
      if (!instance || state === 'terminated' || state === 'shutting-down') return undefined;
      const type = instance.InstanceType ?? 'unknown';
      const running = state === 'running' || state === 'pending';
      const typePrice = instanceHourPrice(type);
      const publicIp = running && !!instance.PublicIpAddress && !elasticIpInstances.has(id);
      const roots = (instance.BlockDeviceMappings ?? []).map((m) => volumeById.get(m.Ebs?.VolumeId)).filter((v): v is Volume => !!v && !taggedVolumeIds.has(v.VolumeId!));
      const rootUsd = roots.reduce((sum, v) => sum + (volumeUsdPerHour(v.Size ?? 0, v.VolumeType) ?? 0), 0);
      return {
        since: iso(instance.LaunchTime),
        usdPerHour: (running ? (typePrice?.usd ?? 0) : 0) + (publicIp ? ipv4 : 0) + rootUsd,
        detail: [
          `${type} ${state}`,
          running && !typePrice ? `no price for ${type} in the table` : undefined,
          publicIp ? 'public IPv4' : undefined,
          roots.length > 0 ? `${roots.map((v) => `${v.Size} GB ${v.VolumeType}`).join(' + ')} EBS` : undefined,
        ].filter(Boolean).join(', '),
      };
    },
    'ec2:volume': (id) => {
      const volume = volumeById.get(id);
      if (!volume) return undefined;
      const usd = volumeUsdPerHour(volume.Size ?? 0, volume.VolumeType);
      return { since: iso(volume.CreateTime), usdPerHour: usd ?? 0, detail: `${volume.Size} GB ${volume.VolumeType} ${volume.State}${usd === undefined ? ', no price for this type in the table' : ''}` };
    },
    'ec2:elastic-ip': () => ({ usdPerHour: ipv4 }),
    'ec2:natgateway': () => ({ usdPerHour: ipv4 + PRICES.items.natGatewayHour.usd }),
    'elasticloadbalancing:loadbalancer': (_id, arn) => {
      const lb = loadBalancerByArn.get(arn);
      if (!lb) return undefined;
      const zones = lb.AvailabilityZones ?? [];
      // A zone whose address is an Elastic IP (LabNlb's static IPs): that EIP is listed, and priced, itself.
      const ownAddresses = zones.filter((zone) => !(zone.LoadBalancerAddresses ?? []).some((a) => a.AllocationId)).length;
      const publicIps = lb.Scheme === 'internet-facing' ? ownAddresses : 0;
      const hourly = lb.Type ? LOAD_BALANCER_HOUR[lb.Type] : undefined;
      return {
        since: iso(lb.CreatedTime),
        usdPerHour: hourly === undefined ? 0 : hourly + publicIps * ipv4,
        detail: `${lb.Type} ${lb.Scheme} in ${zones.length} AZs${hourly === undefined ? ', no price for this type in the table' : ''}`,
      };
    },
    'secretsmanager:secret': () => ({ usdPerHour: monthlyToHourly(PRICES.items.secretMonth.usd) }),
  };

  const leftovers: KeyedLeftover[] = [];
  for (const arn of arns) {
    const { service, resource } = parseArn(arn);
    const { kind, label, id } = describeArn(arn);
    const describe = kind ? described[kind] : undefined;
    const facts = describe ? describe(id, arn) : { usdPerHour: 0 };
    if (!facts) continue;
    leftovers.push({ key: resourceKey(service, resource), kind: label, id, region, ...facts, removeCommand: removeCommand(kind, id, region), foundBy: 'tag' });
  }
  return leftovers;
}
