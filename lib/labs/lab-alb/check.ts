import type { LabCheckContext } from '../../check/context';
import { checkLoadBalancerActive, checkTargetsHealthy, checkWebServersAdmitOnlyLoadBalancer } from '../../check/load-balancers';
import { helloWorldHost, httpGet, tcpConnects } from '../../check/http';
import { checkCpuCredits } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
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
  const { stack } = ctx;
  const url = stack.outputs[OUTPUTS.url];
  if (!url) {
    list.fail('alb.outputs', `stack output ${OUTPUTS.url}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }

  // ---- the load balancer, its targets, the web servers' security groups
  const loadBalancer = await checkLoadBalancerActive(ctx, list, { id: 'alb.active', title: 'load balancer active', url, type: 'application' });
  if (!loadBalancer) return list.results;
  const { targets } = await checkTargetsHealthy(ctx, list, {
    id: 'alb.targets',
    loadBalancerArn: loadBalancer.LoadBalancerArn,
    whyUnhealthy: 'a failing health check on / means Apache is not serving the page, or the instance group does not admit the load balancer',
  });
  const instances = await checkWebServersAdmitOnlyLoadBalancer(ctx, list, { id: 'alb.instance-sg', loadBalancer, targets });

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
