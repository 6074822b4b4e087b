import { StartInstancesCommand, StopInstancesCommand, waitUntilInstanceRunning, waitUntilInstanceStopped } from '@aws-sdk/client-ec2';
import { waiterOptions, withProgress, type LabCheckContext } from '../../check/context';
import { checkLoadBalancerActive, checkTargetsHealthy, checkWebServersAdmitOnlyLoadBalancer } from '../../check/load-balancers';
import { cookieFrom, httpRequest, isPrivateIpv4, ownPublicIp, parseEchoPage, CHECKIP_URL, type HttpResponse } from '../../check/echo-page';
import { helloWorldHost } from '../../check/http';
import { Checklist, type CheckResult } from '../../check/result';
import { APP_NUMBERS, appHost, appName, FIXED_RESPONSE, RULE_PRIORITY, STICKY_COOKIE } from './meta';
import { OUTPUTS } from './outputs';

/** How many GETs prove that a rule "always" reaches one web server. */
export const ROUTE_REQUESTS = 4;
/** A path no listener rule matches. */
export const UNMATCHED_PATH = '/no-rule-matches-this-path';

export interface AlbRoutingCheckOptions {
  /**
   * Also prove failover: stop web server 1, GET / until the other one answers, start it again.
   * It changes the lab for a minute or two, so it runs only when asked.
   * @default false
   */
  readonly failover?: boolean;
}

/** What one answer was, in a few words, for details and hints. */
function describeResponse(response: HttpResponse): string {
  if (!response.ok) return `no answer (${response.error})`;
  const firstLine = response.body.trim().split('\n')[0] ?? '';
  return `HTTP ${response.status} ${JSON.stringify(firstLine.slice(0, 60))}`;
}

/** The app page "app<n> from <host>": its host, or undefined. */
function appPageHost(response: HttpResponse, app: string): string | undefined {
  if (!response.ok || response.status !== 200) return undefined;
  return new RegExp(`^${app} from (\\S+)$`).exec(response.body.trim())?.[1];
}

/** The host of the labs' "Hello World from <host>" page, or undefined. */
function pageHost(response: HttpResponse): string | undefined {
  return response.ok && response.status === 200 ? helloWorldHost(response.body) : undefined;
}

/**
 * LabAlbRouting: each listener rule reaches its target (by path, by host name), the
 * default action is the load balancer's own fixed 404, a client without the cookie is
 * spread over both web servers while one with the AWSALB cookie stays on one, and the web
 * server gets the client's IP in X-Forwarded-For. With `failover`, web server 1 is
 * stopped, the page must still answer, and the server is started again.
 */
export async function checkLabAlbRouting(ctx: LabCheckContext, options: AlbRoutingCheckOptions = {}): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack } = ctx;
  const url = stack.outputs[OUTPUTS.url];
  if (!url) {
    list.fail('routing.outputs', `stack output ${OUTPUTS.url}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const at = (path: string) => new URL(path, url).toString();
  const get = (path: string, headers?: Record<string, string>) =>
    httpRequest(at(path), { timeoutMs: ctx.http.timeoutMs, resolve: ctx.http.resolve, headers });

  // ---- the load balancer, the targets of every group, the web servers' security groups
  const loadBalancer = await checkLoadBalancerActive(ctx, list, { id: 'routing.active', title: 'load balancer active', url, type: 'application' });
  if (!loadBalancer) return list.results;
  const { targets } = await checkTargetsHealthy(ctx, list, {
    id: 'routing.targets',
    loadBalancerArn: loadBalancer.LoadBalancerArn,
    whyUnhealthy: "each group checks its own page (/app1/, /app2/ or /): is it there, and does the instances' group admit the load balancer's?",
    detailSuffix: `(${APP_NUMBERS.length + 1} target groups)`,
    progressName: (group) => `the targets of ${group.TargetGroupName}`,
  });
  await checkWebServersAdmitOnlyLoadBalancer(ctx, list, { id: 'routing.instance-sg', loadBalancer, targets });

  // ---- path rules: /app<n>/ always reaches app n's web server (it alone has the page)
  const appHosts = new Map<number, string>();
  for (const n of APP_NUMBERS) {
    const app = appName(n);
    const answers: HttpResponse[] = [];
    for (let i = 0; i < ROUTE_REQUESTS; i++) answers.push(await get(`/${app}/`));
    const hosts = answers.map((a) => appPageHost(a, app));
    const ok = hosts.every((h) => h !== undefined && h === hosts[0]);
    if (ok) appHosts.set(n, hosts[0]!);
    list.expect(
      ok,
      `routing.path.${n}`,
      `GET ${at(`/${app}/`)} always reaches ${app}`,
      ok ? `${ROUTE_REQUESTS} GETs from ${hosts[0]}` : answers.map(describeResponse).join(', '),
      `expected "${app} from <host name>" from one web server each time: the rule /${app}* (priority ${RULE_PRIORITY.path(n)}) must forward to ${app}'s target group, which holds web server ${n} alone`,
    );
  }

  // ---- host rules: any path with Host: app<n>.example.com reaches app n's web server
  for (const n of APP_NUMBERS) {
    const title = `GET ${at('/')} with Host: ${appHost(n)} always reaches ${appName(n)}'s web server`;
    const expected = appHosts.get(n);
    if (!expected) {
      list.skip(`routing.host.${n}`, title, `the path check of ${appName(n)} failed: which web server is ${appName(n)}'s is unknown`);
      continue;
    }
    const answers: HttpResponse[] = [];
    for (let i = 0; i < ROUTE_REQUESTS; i++) answers.push(await get('/', { host: appHost(n) }));
    const hosts = answers.map(pageHost);
    list.expect(
      hosts.every((h) => h === expected),
      `routing.host.${n}`,
      title,
      hosts.every((h) => h === expected) ? `${ROUTE_REQUESTS} GETs from ${expected}` : answers.map(describeResponse).join(', '),
      `every answer must come from ${expected} (${appName(n)}'s web server): the host-header rule ${appHost(n)} must forward to ${appName(n)}'s target group, before the rule for /`,
    );
  }

  // ---- the default action: the load balancer answers by itself
  const unmatched = await get(UNMATCHED_PATH);
  const fixed =
    unmatched.ok &&
    unmatched.status === FIXED_RESPONSE.status &&
    unmatched.body === FIXED_RESPONSE.body &&
    (unmatched.headers['content-type'] ?? '').startsWith(FIXED_RESPONSE.contentType);
  list.expect(
    fixed,
    'routing.default',
    `a path no rule matches gets the load balancer's own ${FIXED_RESPONSE.status}`,
    `GET ${at(UNMATCHED_PATH)}: ${describeResponse(unmatched)}`,
    unmatched.ok && unmatched.status === FIXED_RESPONSE.status
      ? `a ${FIXED_RESPONSE.status}, but not the load balancer's text: a web server answered, so a rule forwards this path; the listener's default action must be the fixed response`
      : `expected HTTP ${FIXED_RESPONSE.status} "${FIXED_RESPONSE.body}" from the listener's default action (fixed-response)`,
  );

  // ---- stickiness: spread without the cookie, one server with it
  const spreadHosts = new Set<string>();
  const spreadAnswers: HttpResponse[] = [];
  for (let i = 0; i < ctx.http.albRequests && spreadHosts.size < 2; i++) {
    const answer = await get('/');
    spreadAnswers.push(answer);
    const from = pageHost(answer);
    if (from) spreadHosts.add(from);
  }
  list.expect(
    spreadHosts.size >= 2,
    'routing.spread',
    `without a cookie, GET ${at('/')} reaches both web servers`,
    spreadHosts.size ? [...spreadHosts].join(', ') : describeResponse(spreadAnswers[0]),
    `${spreadAnswers.length} GETs without a cookie reached ${[...spreadHosts].join(', ') || 'no web server'}: both must be healthy in the target group of / (see "every target healthy")`,
  );

  const first = await get('/');
  const cookie = cookieFrom(first, STICKY_COOKIE);
  const stickyTitle = `with the ${STICKY_COOKIE} cookie, GET ${at('/')} always reaches the same web server`;
  if (!cookie || !pageHost(first)) {
    list.fail(
      'routing.sticky',
      stickyTitle,
      pageHost(first)
        ? `the answer set no ${STICKY_COOKIE} cookie: stickiness is off on the target group of / (stickiness.enabled, type lb_cookie)`
        : `GET ${at('/')}: ${describeResponse(first)}`,
    );
  } else {
    const sticky: (string | undefined)[] = [];
    for (let i = 0; i < ctx.http.albRequests; i++) sticky.push(pageHost(await get('/', { cookie })));
    const same = sticky.every((h) => h === pageHost(first));
    list.expect(
      same,
      'routing.sticky',
      stickyTitle,
      same ? `${sticky.length} GETs with the cookie from ${pageHost(first)}` : `${pageHost(first)}, then ${sticky.map((h) => h ?? 'no page').join(', ')}`,
      `the cookie did not keep the client on ${pageHost(first)}: stickiness (lb_cookie) must be on the target group of /`,
    );
  }

  // ---- X-Forwarded-For: the client's own IP reaches the web server
  const [echoResponse, own] = await Promise.all([get('/echo'), ownPublicIp({ timeoutMs: ctx.http.timeoutMs, resolve: ctx.http.resolve })]);
  const echo = echoResponse.ok && echoResponse.status === 200 ? parseEchoPage(echoResponse.body) : undefined;
  const forwardedTitle = 'the web server gets your IP in X-Forwarded-For (and -Proto, -Port)';
  if (!echo) {
    list.fail('routing.forwarded', forwardedTitle, `GET ${at('/echo')}: ${describeResponse(echoResponse)}, not the echo page: the user data did not finish; see /var/log/cloud-init-output.log on the instance`);
  } else {
    // The load balancer appends the address it got the connection from: the last entry.
    const client = echo.forwardedFor?.split(',').pop()?.trim();
    const problems = [
      !client ? 'no X-Forwarded-For header reached the web server' : undefined,
      client && isPrivateIpv4(client) ? `X-Forwarded-For ${client} is a private address` : undefined,
      client && own.ip && client !== own.ip ? `X-Forwarded-For ${client} is not your address ${own.ip} (${CHECKIP_URL}); a proxy between you and the load balancer?` : undefined,
      echo.forwardedProto !== 'http' ? `X-Forwarded-Proto is ${echo.forwardedProto ?? 'missing'}, not http` : undefined,
      echo.forwardedPort !== '80' ? `X-Forwarded-Port is ${echo.forwardedPort ?? 'missing'}, not 80` : undefined,
    ].filter((p): p is string => !!p);
    list.expect(
      problems.length === 0,
      'routing.forwarded',
      forwardedTitle,
      `${echo.host}: X-Forwarded-For ${echo.forwardedFor ?? '-'}${own.ip ? (client === own.ip ? ' (you)' : '') : ` (your address is unknown: ${own.error})`}, ` +
        `-Proto ${echo.forwardedProto ?? '-'}, -Port ${echo.forwardedPort ?? '-'}; the connection came from ${echo.remoteAddr} (the load balancer)`,
      problems.join('; '),
    );
  }

  // ---- failover (only when asked)
  const failoverTitle = `with web server 1 stopped, GET ${at('/')} still answers`;
  if (!options.failover) {
    list.skip('routing.failover', failoverTitle, 'not asked: it stops web server 1 for a minute or two (checkLabAlbRouting with { failover: true })');
  } else {
    await checkFailover(ctx, list, failoverTitle, () => get('/'));
  }
  return list.results;
}

/** Stops web server 1, GETs / until ROUTE_REQUESTS answers in a row come from another server, starts it again. */
async function checkFailover(ctx: LabCheckContext, list: Checklist, title: string, getPage: () => Promise<HttpResponse>): Promise<void> {
  const { stack, clients, wait } = ctx;
  const instanceId = stack.outputs[OUTPUTS.webServerInstanceId(1)];
  if (!instanceId) {
    list.fail('routing.failover', title, `stack output ${OUTPUTS.webServerInstanceId(1)} is missing: redeploy with npx cdk deploy ${stack.name}`);
    return;
  }
  let detail = '';
  let problem: string | undefined;
  try {
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    await withProgress(wait, `web server 1 (${instanceId}) to stop`, () =>
      waitUntilInstanceStopped(waiterOptions(clients.ec2, wait), { InstanceIds: [instanceId] }),
    );
    // Until its health checks fail, the load balancer may still pick it: ask again until the deadline.
    const deadline = Date.now() + wait.maxWaitSeconds * 1000;
    let inARow: string[] = [];
    let last: HttpResponse | undefined;
    await withProgress(wait, 'the load balancer to answer from the other web server', async () => {
      while (inARow.length < ROUTE_REQUESTS && Date.now() < deadline) {
        last = await getPage();
        const from = pageHost(last);
        inARow = from ? [...inARow, from] : [];
        if (!from) await new Promise((r) => setTimeout(r, Math.min(2_000, Math.max(0, deadline - Date.now()))));
      }
    });
    if (inARow.length >= ROUTE_REQUESTS) detail = `${instanceId} stopped; ${inARow.length} GETs in a row from ${[...new Set(inARow)].join(', ')}`;
    else problem = `with ${instanceId} stopped, the page did not answer ${ROUTE_REQUESTS} times in a row within ${wait.maxWaitSeconds} s (last: ${last ? describeResponse(last) : 'none'}): is web server 2 healthy in the target group of /?`;
  } catch (error) {
    problem = `could not stop ${instanceId} and see it stopped: ${(error as Error).message}`;
  } finally {
    // Whatever happened, the lab gets its web server back.
    try {
      await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
      await withProgress(wait, `web server 1 (${instanceId}) to run again`, () =>
        waitUntilInstanceRunning(waiterOptions(clients.ec2, wait), { InstanceIds: [instanceId] }),
      );
      detail = detail ? `${detail}; started again` : detail;
    } catch (error) {
      problem = [problem, `web server 1 is not running again (${(error as Error).message}): aws ec2 start-instances --instance-ids ${instanceId}`]
        .filter(Boolean)
        .join('; ');
    }
  }
  list.expect(problem === undefined, 'routing.failover', title, detail || undefined, problem ?? '');
}
