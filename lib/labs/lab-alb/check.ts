import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import {
  paginateDescribeTargetGroups,
  waitUntilLoadBalancerAvailable,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { waiterOptions, withProgress, type LabCheckContext } from '../../check/context';
import { findLoadBalancer, settledTargetHealth } from '../../check/load-balancers';
import { helloWorldHost, httpGet, tcpConnects } from '../../check/http';
import { checkCpuCredits } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
import { describeSecurityGroups, describeSource, sourcesForTcpPort } from '../../check/security-groups';
import { pageHint } from '../../check/web-page';
import { WEB_SERVER_NUMBERS } from './meta';
import { OUTPUTS } from './outputs';

/**
 * LabAlb: the load balancer serves the page from both web servers, every target
 * is healthy, and the web servers no longer answer HTTP on their own addresses:
 * their security group admits port 80 only from the load balancer's group.
 */
export async function checkLabAlb(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients, wait } = ctx;
  const url = stack.outputs[OUTPUTS.url];
  if (!url) {
    list.fail('alb.outputs', `stack output ${OUTPUTS.url}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }

  // ---- the load balancer
  let loadBalancer = await findLoadBalancer(ctx, new URL(url).hostname);
  if (!loadBalancer?.LoadBalancerArn) {
    list.fail('alb.active', 'load balancer active', `no load balancer has the DNS name of ${url}: npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const loadBalancerArn = loadBalancer.LoadBalancerArn;
  if (loadBalancer.State?.Code === 'provisioning') {
    await withProgress(wait, 'the load balancer to be active', () =>
      waitUntilLoadBalancerAvailable(waiterOptions(clients.elbv2, wait), { LoadBalancerArns: [loadBalancerArn] }),
    ).catch(() => undefined);
    loadBalancer = (await findLoadBalancer(ctx, new URL(url).hostname)) ?? loadBalancer;
  }
  const lbState = loadBalancer.State?.Code ?? 'unknown';
  list.expect(lbState === 'active', 'alb.active', 'load balancer active', `${loadBalancer.LoadBalancerName} ${lbState}`, `the load balancer is ${lbState}: ${loadBalancer.State?.Reason ?? 'see the EC2 console'}`);

  // ---- targets
  const targets: TargetHealthDescription[] = [];
  for await (const page of paginateDescribeTargetGroups({ client: clients.elbv2 }, { LoadBalancerArn: loadBalancerArn })) {
    for (const group of page.TargetGroups ?? []) {
      targets.push(...(await settledTargetHealth(ctx, group.TargetGroupArn!)));
    }
  }
  const unhealthy = targets.filter((t) => t.TargetHealth?.State !== 'healthy');
  list.expect(
    targets.length > 0 && unhealthy.length === 0,
    'alb.targets',
    'every target healthy',
    `${targets.length - unhealthy.length}/${targets.length} healthy`,
    targets.length === 0
      ? `no target is registered: npx cdk deploy ${stack.name}`
      : unhealthy
          .map((t) => `${t.Target?.Id} ${t.TargetHealth?.State} (${t.TargetHealth?.Reason ?? '?'}: ${t.TargetHealth?.Description ?? ''})`)
          .join('; ') + '; a failing health check on / means Apache is not serving the page, or the instance group does not admit the load balancer',
  );

  // ---- the web servers' security groups
  const instanceIds = targets.map((t) => t.Target?.Id).filter((id): id is string => !!id?.startsWith('i-'));
  const instances: Instance[] = instanceIds.length
    ? ((await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }))).Reservations ?? []).flatMap((r) => r.Instances ?? [])
    : [];
  const albGroups = new Set(loadBalancer.SecurityGroups ?? []);
  const webGroupIds = [...new Set(instances.flatMap((i) => (i.SecurityGroups ?? []).map((g) => g.GroupId!)))];
  const webGroups = await describeSecurityGroups(clients.ec2, webGroupIds);
  const port80 = sourcesForTcpPort(webGroups, 80);
  const strangers = port80.filter((s) => !s.groupId || !albGroups.has(s.groupId));
  const fromAlb = port80.filter((s) => s.groupId && albGroups.has(s.groupId));
  const sgTitle = "web servers admit port 80 only from the load balancer's group";
  if (instances.length === 0) {
    list.skip('alb.instance-sg', sgTitle, 'no instance target found');
  } else {
    list.expect(
      strangers.length === 0 && fromAlb.length > 0,
      'alb.instance-sg',
      sgTitle,
      `${webGroupIds.join(', ')}: 80 from ${port80.map(describeSource).join(', ') || 'nobody'}`,
      strangers.length
        ? `port 80 is also open to ${strangers.map(describeSource).join(', ')}: remove it (aws ec2 revoke-security-group-ingress --group-id ${webGroupIds[0]} --protocol tcp --port 80 ${strangers[0].cidr ? `--cidr ${strangers[0].cidr}` : `--source-group ${strangers[0].groupId}`})`
        : `port 80 is closed to the load balancer: aws ec2 authorize-security-group-ingress --group-id ${webGroupIds[0]} --protocol tcp --port 80 --source-group ${[...albGroups][0]}`,
    );
  }

  await checkCpuCredits(list, ctx, instances.map((i) => i.InstanceId!), 'alb.cpu-credits');

  // ---- HTTP through the load balancer
  const hosts = new Set<string>();
  let first = await httpGet(url, ctx.http.timeoutMs, ctx.http.resolve);
  const firstHost = first.ok && first.status === 200 ? helloWorldHost(first.body) : undefined;
  list.expect(firstHost !== undefined, 'alb.page', `GET ${url} returns the page`, firstHost ? `from ${firstHost}` : undefined, pageHint(first, stack.name));
  const bothTitle = 'repeated GETs reach both web servers (two host names)';
  if (firstHost) {
    hosts.add(firstHost);
    for (let i = 1; i < ctx.http.albRequests && hosts.size < 2; i++) {
      first = await httpGet(url, ctx.http.timeoutMs, ctx.http.resolve);
      const host = first.ok && first.status === 200 ? helloWorldHost(first.body) : undefined;
      if (host) hosts.add(host);
    }
    list.expect(
      hosts.size >= 2,
      'alb.both',
      bothTitle,
      [...hosts].join(', '),
      `${ctx.http.albRequests} GETs all reached ${[...hosts].join(', ')}: is the other target healthy? (see "every target healthy")`,
    );
  } else {
    list.skip('alb.both', bothTitle, 'the page does not answer through the load balancer');
  }

  // ---- the web servers' own addresses must not answer
  const servers = WEB_SERVER_NUMBERS.map((n) => ({ n, ip: stack.outputs[OUTPUTS.webServerPublicIp(n)] }));
  const probes = await Promise.all(servers.map(({ ip }) => (ip ? tcpConnects(ip, ctx.http.webPort, ctx.http.timeoutMs) : undefined)));
  servers.forEach(({ n, ip }, i) => {
    const probe = probes[i];
    if (!ip || !probe) {
      list.fail(`alb.direct.${n}`, `stack output ${OUTPUTS.webServerPublicIp(n)}`, `redeploy with npx cdk deploy ${stack.name}`);
      return;
    }
    list.expect(
      !probe.connected,
      `alb.direct.${n}`,
      `direct HTTP to ${ip}:${ctx.http.webPort} does not connect`,
      probe.reason,
      `the web server answers on its own address: its security group must admit port 80 only from the load balancer's group (see above)`,
    );
  });
  return list.results;
}
