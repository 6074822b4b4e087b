import { DescribeInstanceCreditSpecificationsCommand, DescribeInstancesCommand, waitUntilInstanceRunning, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { waiterOptions, withProgress, type LabCheckContext, type WaitOptions } from './context';
import { templateResources } from './lab-stack';
import type { Checklist } from './result';

/** One instance by id, or undefined if EC2 does not know it (terminated long ago, or wrong region). */
export async function describeInstance(ec2: EC2Client, instanceId: string): Promise<Instance | undefined> {
  try {
    const reservations = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations ?? [];
    return reservations.flatMap((r) => r.Instances ?? [])[0];
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidInstanceID.NotFound') return undefined;
    throw error;
  }
}

/**
 * Checks that the instance runs. A `pending` instance is still booting: wait for
 * it, within the bound. Returns the latest description, if there is one.
 */
export async function checkInstanceRunning(
  list: Checklist,
  ec2: EC2Client,
  wait: WaitOptions,
  instanceId: string,
  lab: string,
  id = 'instance.running',
): Promise<Instance | undefined> {
  const title = `instance ${instanceId} running`;
  let instance = await describeInstance(ec2, instanceId);
  if (!instance) {
    list.fail(id, title, `EC2 does not know this instance: redeploy with npx cdk deploy ${lab}`);
    return undefined;
  }
  if (instance.State?.Name === 'pending') {
    try {
      await withProgress(wait, `${instanceId} to be running`, () =>
        waitUntilInstanceRunning(waiterOptions(ec2, wait), { InstanceIds: [instanceId] }),
      );
    } catch {
      // The waiter gives up on a timeout or a terminal state; the state below says which.
    }
    instance = (await describeInstance(ec2, instanceId)) ?? instance;
  }
  const state = instance.State?.Name ?? 'unknown';
  const hint =
    state === 'stopped' || state === 'stopping'
      ? `the instance is ${state}: start it with aws ec2 start-instances --instance-ids ${instanceId}`
      : state === 'pending'
        ? `still pending after ${wait.maxWaitSeconds} s: run the check again in a minute (or raise --wait)`
        : `the instance is ${state}: redeploy with npx cdk deploy ${lab}`;
  list.expect(state === 'running', id, title, `${state}, ${instance.InstanceType ?? '?'}`, hint);
  return instance;
}

/** The CPU credit option the deployed template gives its instances (`standard`, `unlimited`), or undefined when it sets none. */
async function deployedCpuCredits(ctx: LabCheckContext): Promise<string[]> {
  const resources = Object.values(await templateResources(ctx.clients.cloudFormation, ctx.stack.name)).filter((r) => r.Type === 'AWS::EC2::Instance');
  return [...new Set(resources.map((r) => (r.Properties?.CreditSpecification as { CPUCredits?: unknown } | undefined)?.CPUCredits).filter((c): c is string => typeof c === 'string'))];
}

/**
 * CPU credits as deployed: `standard` (the kit's default: a burstable instance slows down
 * when its credits run out, and never bills extra) unless the lab was deployed with
 * -c creditMode=unlimited. Read from the deployed template and from EC2.
 */
export async function checkCpuCredits(list: Checklist, ctx: LabCheckContext, instanceIds: readonly string[], id = 'instance.cpu-credits'): Promise<void> {
  const configured = await deployedCpuCredits(ctx);
  if (configured.length !== 1) {
    list.skip(id, 'CPU credits as deployed', configured.length === 0 ? 'the instance type is not burstable: it has no CPU credits' : `the template sets ${configured.join(' and ')}`);
    return;
  }
  const [expected] = configured;
  const title = `CPU credits ${expected}`;
  if (instanceIds.length === 0) {
    list.skip(id, title, 'no instance found');
    return;
  }
  const specifications = (await ctx.clients.ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [...instanceIds] }))).InstanceCreditSpecifications ?? [];
  const actual = instanceIds.map((i) => `${i} ${specifications.find((s) => s.InstanceId === i)?.CpuCredits ?? 'unknown'}`);
  const wrong = instanceIds.filter((i) => specifications.find((s) => s.InstanceId === i)?.CpuCredits !== expected);
  list.expect(
    wrong.length === 0,
    id,
    title,
    actual.join(', '),
    `the lab was deployed with ${expected} CPU credits: ${wrong
      .map((i) => `aws ec2 modify-instance-credit-specification --instance-credit-specification InstanceId=${i},CpuCredits=${expected}`)
      .join(' ; ')} (or redeploy with -c creditMode=${expected === 'standard' ? 'unlimited' : 'standard'} to want the other)`,
  );
}
