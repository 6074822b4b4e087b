/**
 * What the load-balancer labs' checks (LabAlb, LabNlb, LabAlbRouting) read of their load balancer,
 * and the steps they share: the load balancer active, its targets healthy, the web servers' groups.
 */
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import {
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  waitUntilLoadBalancerAvailable,
  waitUntilTargetInService,
  type LoadBalancer,
  type TargetGroup,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { waiterOptions, withProgress, type LabCheckContext } from './context';
import type { Checklist } from './result';
import { describeSecurityGroups, describeSource, sourcesForTcpPort } from './security-groups';

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

/**
 * The lab's load balancer, found by the DNS name in its Url output and, while it is still
 * provisioning, waited for (within --wait). Records `id`: a pass when it is of `type` and
 * active, a failure otherwise. Undefined when no load balancer has that name: the checks
 * after this one have nothing to read.
 */
export async function checkLoadBalancerActive(
  ctx: LabCheckContext,
  list: Checklist,
  options: { readonly id: string; readonly title: string; readonly url: string; readonly type: 'application' | 'network' },
): Promise<(LoadBalancer & { LoadBalancerArn: string }) | undefined> {
  const { stack, clients, wait } = ctx;
  const { id, title, url, type } = options;
  const host = new URL(url).hostname;
  let loadBalancer = await findLoadBalancer(ctx, host);
  const loadBalancerArn = loadBalancer?.LoadBalancerArn;
  if (!loadBalancer || !loadBalancerArn) {
    list.fail(id, title, `no load balancer has the DNS name of ${url}: npx cdk deploy ${stack.name}`);
    return undefined;
  }
  if (loadBalancer.State?.Code === 'provisioning') {
    await withProgress(wait, 'the load balancer to be active', () =>
      waitUntilLoadBalancerAvailable(waiterOptions(clients.elbv2, wait), { LoadBalancerArns: [loadBalancerArn] }),
    ).catch(() => undefined); // still provisioning, or failed: the state read next says which
    loadBalancer = (await findLoadBalancer(ctx, host)) ?? loadBalancer;
  }
  const state = loadBalancer.State?.Code ?? 'unknown';
  const actualType = loadBalancer.Type ?? 'unknown';
  list.expect(
    actualType === type && state === 'active',
    id,
    title,
    `${loadBalancer.LoadBalancerName} ${actualType} ${state}`,
    actualType !== type
      ? `${url} is ${withArticle(actualType)} load balancer, not ${withArticle(type)} one: npx cdk deploy ${stack.name}`
      : `the load balancer is ${state}: ${loadBalancer.State?.Reason ?? 'see the EC2 console, Load Balancers'}`,
  );
  return { ...loadBalancer, LoadBalancerArn: loadBalancerArn };
}

/** "an application", "a network". */
const withArticle = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** The target groups of a load balancer, with the health of their targets once past "initial". */
export interface LoadBalancerTargets {
  readonly targetGroups: readonly TargetGroup[];
  readonly targets: readonly TargetHealthDescription[];
}

/**
 * Every target of every target group of the load balancer, once its health checks have
 * settled (within --wait), and `id`: a pass when there are targets and all are healthy, else
 * a failure naming each unhealthy one (its state, reason and description) and then `whyUnhealthy`.
 * @param detailSuffix what follows the healthy count in the detail (e.g. how many groups)
 * @param progressName names a group's targets in the progress line (default "the targets")
 */
export async function checkTargetsHealthy(
  ctx: LabCheckContext,
  list: Checklist,
  options: {
    readonly id: string;
    readonly loadBalancerArn: string;
    readonly whyUnhealthy: string;
    readonly detailSuffix?: string;
    readonly progressName?: (group: TargetGroup) => string;
  },
): Promise<LoadBalancerTargets> {
  const targetGroups: TargetGroup[] = [];
  const targets: TargetHealthDescription[] = [];
  for await (const page of paginateDescribeTargetGroups({ client: ctx.clients.elbv2 }, { LoadBalancerArn: options.loadBalancerArn })) {
    for (const group of page.TargetGroups ?? []) {
      targetGroups.push(group);
      targets.push(...(await settledTargetHealth(ctx, group.TargetGroupArn!, options.progressName?.(group))));
    }
  }
  const unhealthy = targets.filter((t) => t.TargetHealth?.State !== 'healthy');
  list.expect(
    targets.length > 0 && unhealthy.length === 0,
    options.id,
    'every target healthy',
    `${targets.length - unhealthy.length}/${targets.length} healthy${options.detailSuffix ? ` ${options.detailSuffix}` : ''}`,
    targets.length === 0
      ? `no target is registered: npx cdk deploy ${ctx.stack.name}`
      : unhealthy
          .map((t) => `${t.Target?.Id} ${t.TargetHealth?.State} (${t.TargetHealth?.Reason ?? '?'}: ${t.TargetHealth?.Description ?? ''})`)
          .join('; ') + `; ${options.whyUnhealthy}`,
  );
  return { targetGroups, targets };
}

/**
 * The notes' rule for web servers behind a load balancer: their security groups admit port 80
 * from the load balancer's group and from nothing else. Records `id` (skipped when no target
 * is an instance) and returns the target instances, for the checks that read them next.
 */
export async function checkWebServersAdmitOnlyLoadBalancer(
  ctx: LabCheckContext,
  list: Checklist,
  options: { readonly id: string; readonly loadBalancer: LoadBalancer; readonly targets: readonly TargetHealthDescription[] },
): Promise<Instance[]> {
  const { stack, clients } = ctx;
  const { id, loadBalancer, targets } = options;
  const instanceIds = [...new Set(targets.map((t) => t.Target?.Id).filter((targetId): targetId is string => !!targetId?.startsWith('i-')))];
  const instances: Instance[] = instanceIds.length
    ? ((await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }))).Reservations ?? []).flatMap((r) => r.Instances ?? [])
    : [];
  const title = "web servers admit port 80 only from the load balancer's group";
  if (instances.length === 0) {
    list.skip(id, title, 'no instance target found');
    return instances;
  }
  const loadBalancerGroups = new Set(loadBalancer.SecurityGroups ?? []);
  const webGroupIds = [...new Set(instances.flatMap((i) => (i.SecurityGroups ?? []).map((g) => g.GroupId!)))];
  const port80 = sourcesForTcpPort(await describeSecurityGroups(clients.ec2, webGroupIds), 80);
  const strangers = port80.filter((s) => !s.groupId || !loadBalancerGroups.has(s.groupId));
  const fromLoadBalancer = port80.filter((s) => s.groupId && loadBalancerGroups.has(s.groupId));
  list.expect(
    loadBalancerGroups.size > 0 && strangers.length === 0 && fromLoadBalancer.length > 0,
    id,
    title,
    `${webGroupIds.join(', ')}: 80 from ${port80.map(describeSource).join(', ') || 'nobody'}`,
    loadBalancerGroups.size === 0
      ? `the load balancer has no security group (an NLB created without one can never get one): redeploy with npx cdk deploy ${stack.name}`
      : strangers.length
        ? `port 80 is also open to ${strangers.map(describeSource).join(', ')}: remove it (aws ec2 revoke-security-group-ingress --group-id ${webGroupIds[0]} --protocol tcp --port 80 ${strangers[0].cidr ? `--cidr ${strangers[0].cidr}` : `--source-group ${strangers[0].groupId}`})`
        : `port 80 is closed to the load balancer: aws ec2 authorize-security-group-ingress --group-id ${webGroupIds[0]} --protocol tcp --port 80 --source-group ${[...loadBalancerGroups][0]}`,
  );
  return instances;
}
