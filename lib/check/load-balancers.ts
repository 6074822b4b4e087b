/** What the load-balancer labs' checks read of their load balancer (LabAlb, LabNlb, LabAlbRouting). */
import {
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  type LoadBalancer,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LabCheckContext } from './context';

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
