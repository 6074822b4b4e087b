import type { EC2Client, Instance } from '@aws-sdk/client-ec2';
import type { LabCheckContext } from '../../check/context';
import { checkInstanceRunning } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
import { spotQuote } from '../../cost/launch-types';
import { instanceHourPrice, PRICES } from '../../pricing/prices';
import { OUTPUTS } from './outputs';

/**
 * LabSpot: the instance runs, EC2 says it was bought on the spot market, and what its
 * hour costs there now against the on-demand price.
 */
export async function checkLabSpot(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const instanceId = stack.outputs[OUTPUTS.instanceId];
  if (!instanceId) {
    list.fail('instance.output', `stack output ${OUTPUTS.instanceId}`, `the stack has no ${OUTPUTS.instanceId} output: redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const instance = await checkSpotInstanceRunning(list, ctx, instanceId);
  if (!instance) return list.results;

  const lifecycle = instance.InstanceLifecycle ?? 'on-demand';
  list.expect(
    lifecycle === 'spot',
    'spot.lifecycle',
    'bought on the spot market (InstanceLifecycle spot)',
    instance.SpotInstanceRequestId ? `${lifecycle}, request ${instance.SpotInstanceRequestId}` : lifecycle,
    `EC2 bills this instance as ${lifecycle}, not spot: it was not launched from the lab's launch template; ` +
      `npx cdk destroy ${stack.name} && npx cdk deploy ${stack.name} buys it on the spot market again`,
  );
  await checkSpotPrice(list, clients.ec2, instance);
  return list.results;
}

/**
 * instance.running, with what a terminated spot instance means: AWS may have reclaimed
 * it (two minutes' notice), and CloudFormation does not notice, so only a new stack
 * brings it back.
 */
async function checkSpotInstanceRunning(list: Checklist, ctx: LabCheckContext, instanceId: string): Promise<Instance | undefined> {
  const probe = new Checklist();
  const instance = await checkInstanceRunning(probe, ctx.clients.ec2, ctx.wait, instanceId, ctx.stack.name);
  const [running] = probe.results;
  if (running.status === 'fail' && instance?.State?.Name === 'terminated') {
    const reason = instance.StateReason?.Message ?? instance.StateTransitionReason ?? 'no reason given';
    list.fail(
      running.id,
      running.title,
      `the instance is terminated (${reason})` +
        (/spot/i.test(reason) ? ': AWS reclaimed the capacity, as it may any spot instance with two minutes\' notice' : '') +
        `; CloudFormation does not relaunch it: npx cdk destroy ${ctx.stack.name} && npx cdk deploy ${ctx.stack.name}`,
      running.detail,
    );
  } else if (running.status === 'fail') {
    list.fail(running.id, running.title, running.hint ?? '', running.detail);
  } else {
    list.pass(running.id, running.title, running.detail);
  }
  return running.status === 'pass' ? instance : undefined;
}

/** Dollars per hour to a hundredth of a cent; tiny figures (moto, free tiers) in two significant digits. */
export const formatRate = (usd: number) => `$${usd < 0.0001 ? usd.toPrecision(2) : usd.toFixed(4)}/h`;

async function checkSpotPrice(list: Checklist, ec2: EC2Client, instance: Instance): Promise<void> {
  const type = instance.InstanceType ?? '?';
  const az = instance.Placement?.AvailabilityZone ?? '?';
  const title = `spot price of ${type} in ${az} against on-demand`;
  const spot = await spotQuote(ec2, type, az);
  if (!spot) {
    list.fail(
      'spot.price',
      title,
      `EC2 publishes no spot price for ${type} in ${az}: the type is not offered on the spot market there; ` +
        `choose another with -c instanceType=t3.micro`,
    );
    return;
  }
  const onDemand = instanceHourPrice(type);
  const comparison = onDemand
    ? `on-demand ${formatRate(onDemand.usd)} (${PRICES.region} list price, ${onDemand.date}): ${Math.round((1 - spot.usdPerHour / onDemand.usd) * 100)}% less`
    : `on-demand: not in lib/pricing/prices.json`;
  list.pass('spot.price', title, `${formatRate(spot.usdPerHour)} now, ${comparison}`);
}
