import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import {
  paginateDescribeTargetGroups,
  waitUntilLoadBalancerAvailable,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { waiterOptions, withProgress, type LabCheckContext } from '../../check/context';
import { findLoadBalancer, settledTargetHealth } from '../../check/load-balancers';
import { httpRequest, isPrivateIpv4, ownPublicIp, parseEchoPage, CHECKIP_URL } from '../../check/echo-page';
import { helloWorldHost, httpGet } from '../../check/http';
import { Checklist, type CheckResult } from '../../check/result';
import { describeSecurityGroups, describeSource, sourcesForTcpPort } from '../../check/security-groups';
import { pageHint } from '../../check/web-page';
import { ECHO_PATH, ZONE_NUMBERS } from './meta';
import { OUTPUTS } from './outputs';

/**
 * LabNlb: a network load balancer, active, on the stack's Elastic IPs (one per AZ), with
 * healthy targets that admit port 80 only from its security group; the page answers through
 * its DNS name and through each static IP; and the web server saw the caller's own IP
 * address (client IP preservation), not one of the load balancer's.
 */
export async function checkLabNlb(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients, wait } = ctx;
  const url = stack.outputs[OUTPUTS.url];
  const staticIps = ZONE_NUMBERS.map((n) => stack.outputs[OUTPUTS.staticIp(n)]);
  const missing = [OUTPUTS.url, ...ZONE_NUMBERS.map((n) => OUTPUTS.staticIp(n))].filter((id) => !stack.outputs[id]);
  if (!url || missing.length) {
    list.fail('nlb.outputs', `stack outputs ${missing.join(', ')}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const host = new URL(url).hostname;

  // ---- the load balancer
  let loadBalancer = await findLoadBalancer(ctx, host);
  if (!loadBalancer?.LoadBalancerArn) {
    list.fail('nlb.active', 'network load balancer active', `no load balancer has the DNS name of ${url}: npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const loadBalancerArn = loadBalancer.LoadBalancerArn;
  if (loadBalancer.State?.Code === 'provisioning') {
    await withProgress(wait, 'the load balancer to be active', () =>
      waitUntilLoadBalancerAvailable(waiterOptions(clients.elbv2, wait), { LoadBalancerArns: [loadBalancerArn] }),
    ).catch(() => undefined);
    loadBalancer = (await findLoadBalancer(ctx, host)) ?? loadBalancer;
  }
  const state = loadBalancer.State?.Code ?? 'unknown';
  const type = loadBalancer.Type ?? 'unknown';
  list.expect(
    type === 'network' && state === 'active',
    'nlb.active',
    'network load balancer active',
    `${loadBalancer.LoadBalancerName} ${type} ${state}`,
    type !== 'network'
      ? `${url} is an ${type} load balancer, not a network one: npx cdk deploy ${stack.name}`
      : `the load balancer is ${state}: ${loadBalancer.State?.Reason ?? 'see the EC2 console, Load Balancers'}`,
  );

  // ---- its static addresses: one Elastic IP per Availability Zone
  const zones = loadBalancer.AvailabilityZones ?? [];
  const byZone = zones.map((z) => ({ zone: z.ZoneName ?? '?', addresses: (z.LoadBalancerAddresses ?? []).map((a) => a.IpAddress ?? '?') }));
  const addresses = byZone.flatMap((z) => z.addresses);
  const sameSet = [...addresses].sort().join() === [...staticIps].sort().join();
  list.expect(
    zones.length === ZONE_NUMBERS.length && byZone.every((z) => z.addresses.length === 1) && sameSet,
    'nlb.static-ips',
    "its addresses are the stack's Elastic IPs, one per Availability Zone",
    byZone.map((z) => `${z.zone} ${z.addresses.join(' ') || 'no address'}`).join(', '),
    addresses.length === 0
      ? `the load balancer shows no address of its own: it was created without Elastic IPs (subnet mappings with an AllocationId); redeploy with npx cdk deploy ${stack.name}`
      : `its addresses ${addresses.join(', ')} are not the stack's Elastic IPs ${staticIps.join(', ')}: redeploy with npx cdk deploy ${stack.name}`,
  );

  // ---- targets
  const targets: TargetHealthDescription[] = [];
  const targetGroupArns: string[] = [];
  for await (const page of paginateDescribeTargetGroups({ client: clients.elbv2 }, { LoadBalancerArn: loadBalancerArn })) {
    for (const group of page.TargetGroups ?? []) {
      targetGroupArns.push(group.TargetGroupArn!);
      targets.push(...(await settledTargetHealth(ctx, group.TargetGroupArn!)));
    }
  }
  const unhealthy = targets.filter((t) => t.TargetHealth?.State !== 'healthy');
  list.expect(
    targets.length > 0 && unhealthy.length === 0,
    'nlb.targets',
    'every target healthy',
    `${targets.length - unhealthy.length}/${targets.length} healthy`,
    targets.length === 0
      ? `no target is registered: npx cdk deploy ${stack.name}`
      : unhealthy
          .map((t) => `${t.Target?.Id} ${t.TargetHealth?.State} (${t.TargetHealth?.Reason ?? '?'}: ${t.TargetHealth?.Description ?? ''})`)
          .join('; ') + "; a failing health check on / means Apache is not serving the page, or the instances' group does not admit the load balancer's",
  );

  // ---- the web servers' security groups
  const instanceIds = targets.map((t) => t.Target?.Id).filter((id): id is string => !!id?.startsWith('i-'));
  const instances: Instance[] = instanceIds.length
    ? ((await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }))).Reservations ?? []).flatMap((r) => r.Instances ?? [])
    : [];
  const nlbGroups = new Set(loadBalancer.SecurityGroups ?? []);
  const webGroupIds = [...new Set(instances.flatMap((i) => (i.SecurityGroups ?? []).map((g) => g.GroupId!)))];
  const port80 = sourcesForTcpPort(await describeSecurityGroups(clients.ec2, webGroupIds), 80);
  const strangers = port80.filter((s) => !s.groupId || !nlbGroups.has(s.groupId));
  const fromNlb = port80.filter((s) => s.groupId && nlbGroups.has(s.groupId));
  const sgTitle = "web servers admit port 80 only from the load balancer's group";
  if (instances.length === 0) {
    list.skip('nlb.instance-sg', sgTitle, 'no instance target found');
  } else {
    list.expect(
      nlbGroups.size > 0 && strangers.length === 0 && fromNlb.length > 0,
      'nlb.instance-sg',
      sgTitle,
      `${webGroupIds.join(', ')}: 80 from ${port80.map(describeSource).join(', ') || 'nobody'}`,
      nlbGroups.size === 0
        ? `the load balancer has no security group (an NLB created without one can never get one): redeploy with npx cdk deploy ${stack.name}`
        : strangers.length
          ? `port 80 is also open to ${strangers.map(describeSource).join(', ')}: remove it (aws ec2 revoke-security-group-ingress --group-id ${webGroupIds[0]} --protocol tcp --port 80 ${strangers[0].cidr ? `--cidr ${strangers[0].cidr}` : `--source-group ${strangers[0].groupId}`})`
          : `port 80 is closed to the load balancer: aws ec2 authorize-security-group-ingress --group-id ${webGroupIds[0]} --protocol tcp --port 80 --source-group ${[...nlbGroups][0]}`,
    );
  }

  // ---- the page through the DNS name, then through each static address
  const page = await httpGet(url, ctx.http.timeoutMs, ctx.http.resolve);
  const pageHost = page.ok && page.status === 200 ? helloWorldHost(page.body) : undefined;
  list.expect(pageHost !== undefined, 'nlb.page', `GET ${url} returns the page`, pageHost ? `from ${pageHost}` : undefined, pageHint(page, stack.name));
  for (const [i, n] of ZONE_NUMBERS.entries()) {
    const ipUrl = `http://${staticIps[i]}/`;
    const outcome = await httpGet(ipUrl, ctx.http.timeoutMs, ctx.http.resolve);
    const from = outcome.ok && outcome.status === 200 ? helloWorldHost(outcome.body) : undefined;
    list.expect(
      from !== undefined,
      `nlb.static.${n}`,
      `GET ${ipUrl} returns the page`,
      from ? `from ${from}` : undefined,
      `${pageHint(outcome, stack.name)} (the static address of Availability Zone ${n}; "every target healthy" shows whether its web server is)`,
    );
  }

  // ---- whose address the web server saw
  const requestOptions = { timeoutMs: ctx.http.timeoutMs, resolve: ctx.http.resolve };
  const echoUrl = new URL(ECHO_PATH, url).toString();
  const [echoResponse, own] = await Promise.all([httpRequest(echoUrl, requestOptions), ownPublicIp(requestOptions)]);
  const echo = echoResponse.ok && echoResponse.status === 200 ? parseEchoPage(echoResponse.body) : undefined;
  const clientIpTitle = "the web server saw your own IP address, not the load balancer's";
  if (!echo) {
    list.fail(
      'nlb.client-ip',
      clientIpTitle,
      echoResponse.ok
        ? `GET ${echoUrl}: HTTP ${echoResponse.status}, not the echo page: the user data did not finish; see /var/log/cloud-init-output.log on the instance`
        : `GET ${echoUrl}: no answer (${echoResponse.error})`,
    );
  } else {
    const seen = echo.remoteAddr;
    const preserveHint = targetGroupArns.length
      ? `client IP preservation is off: aws elbv2 modify-target-group-attributes --target-group-arn ${targetGroupArns[0]} --attributes Key=preserve_client_ip.enabled,Value=true`
      : 'client IP preservation is off (target group attribute preserve_client_ip.enabled)';
    if (isPrivateIpv4(seen)) {
      list.fail('nlb.client-ip', clientIpTitle, `${seen} is a private address, the load balancer's own: ${preserveHint}`, `${echo.host} saw ${seen}`);
    } else if (own.ip && own.ip !== seen) {
      list.fail(
        'nlb.client-ip',
        clientIpTitle,
        `your address is ${own.ip} (${CHECKIP_URL}) but the web server saw ${seen}: a proxy between you and the load balancer? Try from another network`,
        `${echo.host} saw ${seen}`,
      );
    } else {
      list.pass(
        'nlb.client-ip',
        clientIpTitle,
        own.ip ? `${echo.host} saw ${seen}, your address` : `${echo.host} saw ${seen}, a public address (yours is unknown: ${own.error})`,
      );
    }
  }
  return list.results;
}
