import { DescribeAddressesCommand, type Address } from '@aws-sdk/client-ec2';
import type { LabCheckContext } from '../../check/context';
import { checkCpuCredits, checkInstanceRunning } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
import { formatHourly, formatMonthly } from '../../pricing/money';
import { PRICES } from '../../pricing/prices';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../../tags';
import { OUTPUTS } from './outputs';

/**
 * LabElasticIp: the Elastic IP is on the lab's instance and is its public IP; any
 * Elastic IP of the kit left unassociated is flagged with what it costs.
 */
export async function checkLabElasticIp(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const instanceId = stack.outputs[OUTPUTS.instanceId];
  const allocationId = stack.outputs[OUTPUTS.elasticIpAllocationId];
  if (!instanceId || !allocationId) {
    list.fail('eip.outputs', `stack outputs ${OUTPUTS.instanceId} and ${OUTPUTS.elasticIpAllocationId}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const instance = await checkInstanceRunning(list, clients.ec2, ctx.wait, instanceId, stack.name);
  await checkCpuCredits(list, ctx, instance ? [instanceId] : []);

  let address: Address | undefined;
  try {
    address = (await clients.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }))).Addresses?.[0];
  } catch (error) {
    if (!(error instanceof Error && error.name === 'InvalidAllocationID.NotFound')) throw error;
  }
  if (!address) {
    list.fail('eip.associated', `Elastic IP ${allocationId} associated with ${instanceId}`, `the Elastic IP was released: npx cdk deploy ${stack.name} allocates a new one`);
  } else {
    list.expect(
      address.InstanceId === instanceId,
      'eip.associated',
      `Elastic IP ${address.PublicIp} associated with ${instanceId}`,
      address.InstanceId ? `on ${address.InstanceId}` : 'not associated',
      `associate it: aws ec2 associate-address --allocation-id ${allocationId} --instance-id ${instanceId}`,
    );
    if (instance) {
      list.expect(
        instance.PublicIpAddress === address.PublicIp,
        'eip.public-ip',
        "Elastic IP is the instance's public IP",
        `instance public IP ${instance.PublicIpAddress ?? 'none'}`,
        `the instance answers on ${instance.PublicIpAddress ?? 'no public IP'}, not on the Elastic IP ${address.PublicIp}: associate the Elastic IP with it`,
      );
    } else {
      list.skip('eip.public-ip', "Elastic IP is the instance's public IP", 'the instance was not found');
    }
  }

  // Idle addresses of the whole kit, not just this lab: they bill the same.
  const tagged =
    (
      await clients.ec2.send(
        new DescribeAddressesCommand({ Filters: [{ Name: `tag:${PROJECT_TAG_KEY}`, Values: [PROJECT_TAG_VALUE] }] }),
      )
    ).Addresses ?? [];
  const idle = tagged.filter((a) => !a.AssociationId && !a.InstanceId && !a.NetworkInterfaceId);
  // Every public IPv4 address bills the same, associated or not.
  const perHour = idle.length * PRICES.items.publicIpv4Hour.usd;
  list.expect(
    idle.length === 0,
    'eip.idle',
    `no unassociated Elastic IP tagged ${PROJECT_TAG_KEY}=${PROJECT_TAG_VALUE}`,
    idle.length ? idle.map((a) => `${a.PublicIp} (${a.AllocationId})`).join(', ') : `${tagged.length} in use`,
    `${idle.length} idle Elastic IP${idle.length > 1 ? 's' : ''} bill ${formatHourly(perHour)}/h (about ${formatMonthly(perHour * PRICES.hoursPerMonth)}/month): ` +
      idle.map((a) => `aws ec2 release-address --allocation-id ${a.AllocationId}`).join(' ; '),
  );
  return list.results;
}
