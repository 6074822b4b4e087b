import type { LabCheckContext } from '../../check/context';
import { checkLoadBalancerActive, checkTargetsHealthy, checkWebServersAdmitOnlyLoadBalancer } from '../../check/load-balancers';
import { httpRequest, isPrivateIpv4, ownPublicIp, parseEchoPage, CHECKIP_URL } from '../../check/echo-page';
import { helloWorldHost, httpGet } from '../../check/http';
import { Checklist, type CheckResult } from '../../check/result';
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
  const { stack } = ctx;
  const url = stack.outputs[OUTPUTS.url];
  const staticIps = ZONE_NUMBERS.map((n) => stack.outputs[OUTPUTS.staticIp(n)]);
  const missing = [OUTPUTS.url, ...ZONE_NUMBERS.map((n) => OUTPUTS.staticIp(n))].filter((id) => !stack.outputs[id]);
  if (!url || missing.length) {
    list.fail('nlb.outputs', `stack outputs ${missing.join(', ')}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }

  // ---- the load balancer
  const loadBalancer = await checkLoadBalancerActive(ctx, list, { id: 'nlb.active', title: 'network load balancer active', url, type: 'network' });
  if (!loadBalancer) return list.results;

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

  // ---- targets, and the web servers' security groups
  const { targetGroups, targets } = await checkTargetsHealthy(ctx, list, {
    id: 'nlb.targets',
    loadBalancerArn: loadBalancer.LoadBalancerArn,
    whyUnhealthy: "a failing health check on / means Apache is not serving the page, or the instances' group does not admit the load balancer's",
  });
  await checkWebServersAdmitOnlyLoadBalancer(ctx, list, { id: 'nlb.instance-sg', loadBalancer, targets });

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
    const preserveHint = targetGroups.length
      ? `client IP preservation is off: aws elbv2 modify-target-group-attributes --target-group-arn ${targetGroups[0].TargetGroupArn} --attributes Key=preserve_client_ip.enabled,Value=true`
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
