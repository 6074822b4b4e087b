/** What the load-balancer labs' checks read of their load balancer (LabAlb, LabNlb, LabAlbRouting). */
import {
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  waitUntilTargetInService,
  type LoadBalancer,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { waiterOptions, withProgress, type LabCheckContext } from './context';

/** The load balancer whose DNS name is `host` (the host of the lab's Url output), if any. */
export async function findLoadBalancer(ctx: LabCheckContext, host: string): Promise<LoadBalancer | undefined> {
  for await (const page of paginateDescribeLoadBalancers({ client: ctx.clients.elbv2 }, {})) {
    const match = (page.LoadBalancers ?? []).find((lb) => lb.DNSName?.toLowerCase() === host.toLowerCase());
    if (match) return match;
  }
  return undefined;
}

/** The health of every target of a target group. */
export async function targetHealth(ctx: LabCheckContext, targetGroupArn: string): Promise<TargetHealthDescription[]> {
  return (await ctx.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
}

/**
 * The health of a target group's targets once they are past "initial" (targets start there
 * until enough health checks pass): waits for them, within the learner's --wait bound.
 * @param what names the targets in the progress line
 */
export async function settledTargetHealth(ctx: LabCheckContext, targetGroupArn: string, what = 'the targets'): Promise<TargetHealthDescription[]> {
  const health = await targetHealth(ctx, targetGroupArn);
  if (!health.some((t) => t.TargetHealth?.State === 'initial')) return health;
  await withProgress(ctx.wait, `${what} to pass their health checks`, () =>
    waitUntilTargetInService(waiterOptions(ctx.clients.elbv2, ctx.wait), { TargetGroupArn: targetGroupArn }),
  ).catch(() => undefined); // a timeout or a failing target: the health read next says which
  return targetHealth(ctx, targetGroupArn);
}
