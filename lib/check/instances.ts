import { DescribeInstancesCommand, waitUntilInstanceRunning, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { waiterOptions, withProgress, type WaitOptions } from './context';
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
