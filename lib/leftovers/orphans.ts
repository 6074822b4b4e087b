/**
 * Things of the kit the Tagging API does not list, found by what they really are:
 * - log groups the labs' stacks create (named `<Lab>-<logical id>-<suffix>` by
 *   CloudFormation and tagged by the kit) and those Lambda creates itself
 *   (`/aws/lambda/<Lab>-...`, never tagged);
 * - key pairs and the `/ec2/keypair/` parameters that hold their private keys;
 * - Elastic IPs (tagged by the kit, or unassociated: an idle address bills the same);
 * - AMIs and EBS snapshots tagged by the kit.
 */
import { ListTagsForResourceCommand, paginateDescribeLogGroups, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeAddressesCommand, DescribeImagesCommand, DescribeKeyPairsCommand, paginateDescribeSnapshots, type Address } from '@aws-sdk/client-ec2';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import { LAB_IDS } from '../catalogue';
import { monthlyToHourly, PRICES } from '../pricing/prices';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import { removeCommand, resourceKey, type KindKey } from './kinds';
import { NETWORK_STACK } from './stacks';
import type { KeyedLeftover } from './tagged';
import type { RegionClients } from './types';

/** Where EC2 keeps the private key of a key pair created by CloudFormation. */
export const KEY_PAIR_PARAMETER_PATH = '/ec2/keypair/';
/** CDK names a stack's key pair `<stack id>KeyPair<hash>`. */
const LAB_KEY_PAIR_NAME = /^Lab[A-Za-z0-9]*KeyPair[0-9A-F]{8}$/;
/** The stacks whose names start the kit's log groups. */
const KIT_STACKS = [...LAB_IDS, NETWORK_STACK];
/** `LabIam-AccountPasswordPolicyLogGroupA1B2-xyz` (made by the stack) or `/aws/lambda/LabIam-Fn-xyz` (made by Lambda). */
const KIT_LOG_GROUP = new RegExp(`^(/aws/lambda/)?(${KIT_STACKS.join('|')})-`);

const hasKitTag = (tags: readonly { Key?: string; Value?: string }[] | undefined) =>
  (tags ?? []).some((t) => t.Key === PROJECT_TAG_KEY && t.Value === PROJECT_TAG_VALUE);

type Found = Omit<KeyedLeftover, 'region' | 'foundBy' | 'removeCommand'>;
const orphan = (region: string, kind: KindKey, found: Found): KeyedLeftover => ({ ...found, region, foundBy: 'orphan', removeCommand: removeCommand(kind, found.id, region) });

/** Every Elastic IP of the region (one call: DescribeAddresses does not page). */
export async function describeAddresses(clients: Pick<RegionClients, 'ec2'>): Promise<Address[]> {
  return (await clients.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
}

/** The log groups named after a kit stack that are the kit's: tagged by it, or made by Lambda for a kit function. */
export async function findLogGroups(region: string, clients: RegionClients): Promise<KeyedLeftover[]> {
  const candidates: LogGroup[] = [];
  for (const prefix of ['Lab', '/aws/lambda/Lab']) {
    for await (const page of paginateDescribeLogGroups({ client: clients.logs }, { logGroupNamePrefix: prefix })) {
      candidates.push(...(page.logGroups ?? []).filter((g) => KIT_LOG_GROUP.test(g.logGroupName ?? '')));
    }
  }
  const found: KeyedLeftover[] = [];
  for (const group of candidates) {
    const name = group.logGroupName!;
    const madeByLambda = name.startsWith('/aws/lambda/');
    if (!madeByLambda) {
      // Named like the kit's, but someone else's unless it carries the kit's tag.
      const arn = (group.arn ?? '').replace(/:\*$/, '');
      let tags: Record<string, string> = {};
      try {
        tags = (await clients.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {};
      } catch (error) {
        if ((error as Error).name === 'ResourceNotFoundException') continue;
        throw error;
      }
      if (tags[PROJECT_TAG_KEY] !== PROJECT_TAG_VALUE) continue;
    }
    const storedGb = (group.storedBytes ?? 0) / 1e9;
    found.push(
      orphan(region, 'logs:log-group', {
        key: resourceKey('logs', `log-group:${name}`),
        kind: 'log group',
        id: name,
        since: group.creationTime ? new Date(group.creationTime).toISOString() : undefined,
        usdPerHour: storedGb * monthlyToHourly(PRICES.items.logsGbMonth.usd),
        detail: `${group.storedBytes ?? 0} bytes stored, ${madeByLambda ? 'made by Lambda for a lab function' : `tagged ${PROJECT_TAG_KEY}=${PROJECT_TAG_VALUE}`}`,
      }),
    );
  }
  return found;
}

/** The kit's key pairs and the parameters holding private keys of key pairs that are the kit's or gone. */
export async function findKeyPairs(region: string, clients: RegionClients): Promise<KeyedLeftover[]> {
  const found: KeyedLeftover[] = [];
  const keyPairs = (await clients.ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  const isKit = (k: (typeof keyPairs)[number]) => hasKitTag(k.Tags) || LAB_KEY_PAIR_NAME.test(k.KeyName ?? '');
  for (const keyPair of keyPairs.filter(isKit)) {
    found.push(orphan(region, 'ec2:key-pair', { key: resourceKey('ec2', `key-pair/${keyPair.KeyPairId}`), kind: 'key pair', id: keyPair.KeyPairId!, since: keyPair.CreateTime?.toISOString(), usdPerHour: 0, detail: keyPair.KeyName }));
  }
  // DescribeParameters lists names only: the private keys are never read.
  const parameters = paginateDescribeParameters({ client: clients.ssm }, { ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [KEY_PAIR_PARAMETER_PATH] }] });
  for await (const page of parameters) {
    for (const parameter of page.Parameters ?? []) {
      const name = parameter.Name!;
      const keyPair = keyPairs.find((k) => k.KeyPairId === name.slice(KEY_PAIR_PARAMETER_PATH.length));
      // A key pair of someone else's stack keeps its parameter: not ours to report.
      if (keyPair && !isKit(keyPair)) continue;
      found.push(
        orphan(region, 'ssm:parameter', {
          key: resourceKey('ssm', `parameter${name}`),
          kind: 'SSM parameter',
          id: name,
          since: parameter.LastModifiedDate?.toISOString(),
          usdPerHour: 0,
          detail: keyPair ? `private key of ${keyPair.KeyName}` : 'private key of a key pair that no longer exists',
        }),
      );
    }
  }
  return found;
}

/** Elastic IPs tagged by the kit, and any unassociated one (it bills while idle). */
export function findAddresses(region: string, addresses: readonly Address[]): KeyedLeftover[] {
  return addresses
    .filter((a) => !a.AssociationId || hasKitTag(a.Tags))
    .map((address) =>
      orphan(region, 'ec2:elastic-ip', {
        key: resourceKey('ec2', `elastic-ip/${address.AllocationId}`),
        kind: 'Elastic IP',
        id: address.AllocationId!,
        usdPerHour: PRICES.items.publicIpv4Hour.usd,
        detail: `${address.PublicIp} ${address.AssociationId ? `associated with ${address.InstanceId ?? address.NetworkInterfaceId}` : 'not associated (idle)'}${hasKitTag(address.Tags) ? '' : ', no kit tag'}`,
      }),
    );
}

/** AMIs and EBS snapshots of this account tagged by the kit (a lab that made an image leaves both). */
export async function findImagesAndSnapshots(region: string, clients: RegionClients): Promise<KeyedLeftover[]> {
  const filters = [{ Name: `tag:${PROJECT_TAG_KEY}`, Values: [PROJECT_TAG_VALUE] }];
  const found: KeyedLeftover[] = [];
  for (const image of (await clients.ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: filters }))).Images ?? []) {
    const snapshots = (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter(Boolean);
    found.push(orphan(region, 'ec2:image', { key: resourceKey('ec2', `image/${image.ImageId}`), kind: 'AMI', id: image.ImageId!, since: image.CreationDate, usdPerHour: 0, detail: `${image.Name ?? ''}${snapshots.length ? `, snapshots ${snapshots.join(', ')}` : ''}`.replace(/^, /, '') }));
  }
  for await (const page of paginateDescribeSnapshots({ client: clients.ec2 }, { OwnerIds: ['self'], Filters: filters })) {
    for (const snapshot of page.Snapshots ?? []) {
      found.push(
        orphan(region, 'ec2:snapshot', {
          key: resourceKey('ec2', `snapshot/${snapshot.SnapshotId}`),
          kind: 'EBS snapshot',
          id: snapshot.SnapshotId!,
          since: snapshot.StartTime?.toISOString(),
          // Snapshots bill per GB of changed blocks, which the API does not say: not priced.
          usdPerHour: 0,
          detail: `${snapshot.VolumeSize} GB volume, billed per GB stored (not in the price table)`,
        }),
      );
    }
  }
  return found;
}
