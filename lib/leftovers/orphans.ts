/**
 * Things of the kit that carry no tag, or that the Tagging API does not list:
 * log groups of the labs' helper Lambdas, key pairs and the `/ec2/keypair/`
 * parameters that hold their private keys, and Elastic IPs (tagged by the kit, or
 * unassociated: an idle address bills the same).
 */
import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeAddressesCommand, DescribeKeyPairsCommand, type Address } from '@aws-sdk/client-ec2';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import { monthlyToHourly, PRICES } from '../cost/prices';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import { removeCommandFor, resourceKey } from './arn';
import type { KeyedLeftover } from './tagged';
import type { RegionClients } from './types';

/** Log groups of Lambda functions that CloudFormation named after a lab stack. */
export const LAB_LAMBDA_LOG_PREFIX = '/aws/lambda/Lab';
/** Where EC2 keeps the private key of a key pair created by CloudFormation. */
export const KEY_PAIR_PARAMETER_PATH = '/ec2/keypair/';
/** CDK names a stack's key pair `<stack id>KeyPair<hash>`. */
const LAB_KEY_PAIR_NAME = /^Lab[A-Za-z0-9]*KeyPair[0-9A-F]{8}$/;

const hasKitTag = (tags: readonly { Key?: string; Value?: string }[] | undefined) =>
  (tags ?? []).some((t) => t.Key === PROJECT_TAG_KEY && t.Value === PROJECT_TAG_VALUE);

/** Every Elastic IP of the region (one call: DescribeAddresses does not page). */
export async function describeAddresses(clients: RegionClients): Promise<Address[]> {
  return (await clients.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
}

export async function findOrphans(region: string, clients: RegionClients, addresses: readonly Address[]): Promise<KeyedLeftover[]> {
  const found: KeyedLeftover[] = [];
  const add = (key: string, leftover: Omit<KeyedLeftover, 'key' | 'region' | 'foundBy' | 'removeCommand'> & { removeCommand?: string }) =>
    found.push({ key, region, foundBy: 'orphan', removeCommand: leftover.removeCommand ?? removeCommandFor(leftover.kind, leftover.id, region), ...leftover });

  for await (const page of paginateDescribeLogGroups({ client: clients.logs }, { logGroupNamePrefix: LAB_LAMBDA_LOG_PREFIX })) {
    for (const group of page.logGroups ?? []) {
      const name = group.logGroupName!;
      const storedGb = (group.storedBytes ?? 0) / 1e9;
      add(resourceKey('logs', `log-group:${name}`), {
        kind: 'log group',
        id: name,
        since: group.creationTime ? new Date(group.creationTime).toISOString() : undefined,
        usdPerHour: storedGb * monthlyToHourly(PRICES.items.logsGbMonth.usd),
        detail: `${group.storedBytes ?? 0} bytes stored`,
      });
    }
  }

  const keyPairs = (await clients.ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  const keyPairIds = new Set(keyPairs.map((k) => k.KeyPairId));
  for (const keyPair of keyPairs) {
    if (!hasKitTag(keyPair.Tags) && !LAB_KEY_PAIR_NAME.test(keyPair.KeyName ?? '')) continue;
    add(resourceKey('ec2', `key-pair/${keyPair.KeyPairId}`), {
      kind: 'key pair',
      id: keyPair.KeyPairId!,
      since: keyPair.CreateTime?.toISOString(),
      usdPerHour: 0,
      detail: keyPair.KeyName,
    });
  }

  // DescribeParameters lists names only: the private keys are never read.
  const parameters = paginateDescribeParameters(
    { client: clients.ssm },
    { ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [KEY_PAIR_PARAMETER_PATH] }] },
  );
  for await (const page of parameters) {
    for (const parameter of page.Parameters ?? []) {
      const name = parameter.Name!;
      const keyPairId = name.slice(KEY_PAIR_PARAMETER_PATH.length);
      const keyPair = keyPairs.find((k) => k.KeyPairId === keyPairId);
      const kitKey = keyPair && (hasKitTag(keyPair.Tags) || LAB_KEY_PAIR_NAME.test(keyPair.KeyName ?? ''));
      // A key pair of someone else's stack keeps its parameter: not ours to report.
      if (keyPairIds.has(keyPairId) && !kitKey) continue;
      add(resourceKey('ssm', `parameter${name}`), {
        kind: 'SSM parameter',
        id: name,
        since: parameter.LastModifiedDate?.toISOString(),
        usdPerHour: 0,
        detail: keyPair ? `private key of ${keyPair.KeyName}` : 'private key of a key pair that no longer exists',
      });
    }
  }

  for (const address of addresses) {
    const idle = !address.AssociationId;
    if (!idle && !hasKitTag(address.Tags)) continue;
    add(resourceKey('ec2', `elastic-ip/${address.AllocationId}`), {
      kind: 'Elastic IP',
      id: address.AllocationId!,
      usdPerHour: PRICES.items.publicIpv4Hour.usd,
      detail: `${address.PublicIp} ${idle ? 'not associated (idle)' : `associated with ${address.InstanceId ?? address.NetworkInterfaceId}`}${hasKitTag(address.Tags) ? '' : ', no kit tag'}`,
    });
  }
  return found;
}
