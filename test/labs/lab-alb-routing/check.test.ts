import { labAlbRouting } from '../../../lib/labs/lab-alb-routing';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabAlbRouting, UNMATCHED_PATH } from '../../../lib/labs/lab-alb-routing/check';
import { ALB_SECURITY_GROUP_NAME, APP_NUMBERS, FIXED_RESPONSE, meta } from '../../../lib/labs/lab-alb-routing/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases } from '../../helpers/failing-checks';
import {
  al2023AmiId,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  describeInstance,
  destroyClients,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  SHORT_WAIT,
  statusOf,
  templateWhenNeeded,
  tcpFromCidr,
  tcpFromGroup,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabAlbRouting as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabAlbRouting');
const CHECKIP_HOST = 'checkip.amazonaws.com';
const CLIENT_IP = '198.51.100.23';
const HOSTS = ['ip-10-0-0-10.internal', 'ip-10-0-1-20.internal'];

/** How the stand-in load balancer may be wrong, to fail each check. */
interface Faults {
  /** Host-header rules missing: Host: app<n> on / goes to both servers. */
  readonly noHostRules?: boolean;
  /** Path rules forward /app<n> to both servers (the other answers Apache's 404). */
  readonly pathToBoth?: boolean;
  /** No stickiness: no cookie, round robin. */
  readonly noStickiness?: boolean;
  /** The cookie is set but ignored. */
  readonly cookieIgnored?: boolean;
  /** A forward rule for every path, so Apache answers its own 404 instead of the load balancer. */
  readonly catchAll?: boolean;
  /** What the web servers see as X-Forwarded-For ('' for none). */
  readonly forwardedFor?: string;
  /** Keeps sending traffic to a stopped web server (502). */
  readonly noFailover?: boolean;
}

/**
 * A local stand-in for the ALB and its two web servers (apache-echo.sh), routing as the
 * stack's listener rules do: /app<n>* to web server n, Host app<n>.example.com to web
 * server n, / and /echo to both with AWSALB stickiness, anything else the fixed 404.
 * Which servers run is read from moto, so that stopping an instance takes it out: read again
 * after any call through `clients.ec2` that is not a Describe (StopInstances, StartInstances).
 */
async function startAlbStandIn(clients: CheckClients, instanceIds: string[], faults: Faults = {}) {
  let next = 0;
  let known: Promise<boolean[]> | undefined;
  const running = () => {
    known ??= (async () => {
      const reservations = (await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }))).Reservations ?? [];
      const state = new Map(reservations.flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.State?.Name]));
      return instanceIds.map((id) => state.get(id) === 'running');
    })();
    return known;
  };
  const watcher = `alb-stand-in-${Math.random()}`;
  clients.ec2.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (!context.commandName?.startsWith('Describe')) known = undefined;
      return output;
    },
    { step: 'initialize', name: watcher },
  );
  const server = http.createServer((req, res) => {
    void (async () => {
      const host = (req.headers.host ?? '').split(':')[0];
      const path = req.url ?? '/';
      if (host === CHECKIP_HOST) {
        res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
        res.end(`${CLIENT_IP}\n`);
        return;
      }
      const up = await running();
      const serve = (index: number, extraHeaders: Record<string, string> = {}) => {
        if (!up[index]) {
          res.writeHead(502, { 'content-type': 'text/html', connection: 'close' });
          res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
          return;
        }
        const app = `app${index + 1}`;
        let body: string | undefined;
        if (path === '/') body = `Hello World from ${HOSTS[index]}\n`;
        else if (path === '/echo') {
          const xff = faults.forwardedFor ?? CLIENT_IP;
          body = `host ${HOSTS[index]}\nremote-addr 10.0.0.45\nx-forwarded-for ${xff || '-'}\nx-forwarded-proto http\nx-forwarded-port 80\n`;
        } else if (path.startsWith(`/${app}`)) body = `${app} from ${HOSTS[index]}\n`;
        res.writeHead(body ? 200 : 404, { 'content-type': body ? 'text/plain' : 'text/html', connection: 'close', ...extraHeaders });
        res.end(body ?? '<html><body><h1>Not Found</h1></body></html>');
      };
      const roundRobin = () => {
        const candidates = [0, 1].filter((i) => faults.noFailover || up[i]);
        return candidates[next++ % candidates.length];
      };
      const pathApp = APP_NUMBERS.find((n) => path.startsWith(`/app${n}`));
      if (pathApp) return serve(faults.pathToBoth ? roundRobin() : pathApp - 1);
      const hostApp = APP_NUMBERS.find((n) => host === `app${n}.example.com`);
      if (hostApp && !faults.noHostRules) return serve(hostApp - 1);
      if (path === '/' || path === '/echo' || faults.catchAll) {
        const cookie = /AWSALB=(\d)/.exec(req.headers.cookie ?? '')?.[1];
        const stuck = !faults.noStickiness && !faults.cookieIgnored && cookie !== undefined && up[Number(cookie)] ? Number(cookie) : undefined;
        const index = stuck ?? roundRobin();
        return serve(index, faults.noStickiness ? {} : { 'set-cookie': `AWSALB=${index}; Expires=Tue, 01 Dec 2026 12:00:00 GMT; Path=/` });
      }
      res.writeHead(FIXED_RESPONSE.status, { 'content-type': `${FIXED_RESPONSE.contentType}; charset=utf-8`, connection: 'close' });
      res.end(FIXED_RESPONSE.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      clients.ec2.middlewareStack.remove(watcher);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeWithMoto('check LabAlbRouting (moto + a local stand-in load balancer)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  interface RoutingState {
    readonly instanceIds: string[];
    readonly webGroupId: string;
    readonly dnsName: string;
    readonly loadBalancerArn: string;
  }

  /** LabAlbRouting through the APIs, in a moto with nothing else: its load balancer, three target groups, instances and outputs. */
  async function buildLabAlbRouting(webIngress?: (albGroupId: string) => ReturnType<typeof tcpFromGroup>[]): Promise<RoutingState> {
    await resetMoto();
    clients = motoCheckClients();
    const network = await createNetwork(clients.ec2);
    const albGroupId = await createSecurityGroup(clients.ec2, network.vpcId, ALB_SECURITY_GROUP_NAME, [tcpFromCidr(80, '0.0.0.0/0')]);
    const webGroupId = await createSecurityGroup(clients.ec2, network.vpcId, 'web', webIngress?.(albGroupId) ?? [tcpFromGroup(80, albGroupId)]);
    const imageId = await al2023AmiId(clients.ssm, template());
    const instanceIds: string[] = [];
    for (const [i] of APP_NUMBERS.entries()) {
      instanceIds.push(await runLabInstance(clients.ec2, { subnetId: network.subnetIds[i], securityGroupIds: [webGroupId], imageId }));
    }
    const lb = (
      await clients.elbv2.send(new CreateLoadBalancerCommand({ Name: 'LabAlbRouting-lb', Subnets: [...network.subnetIds], SecurityGroups: [albGroupId], Scheme: 'internet-facing' }))
    ).LoadBalancers![0];
    const group = async (name: string, ids: string[]) => {
      const tg = (await clients.elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: network.vpcId, TargetType: 'instance' }))).TargetGroups![0];
      await clients.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: ids.map((Id) => ({ Id, Port: 80 })) }));
      return tg.TargetGroupArn!;
    };
    await group('app1', [instanceIds[0]]);
    await group('app2', [instanceIds[1]]);
    const web = await group('web', instanceIds);
    await clients.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: web }] }));
    await deployLabStack(clients.cloudFormation, 'LabAlbRouting', template(), [
      { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', ref: lb.LoadBalancerArn!, attributes: { DNSName: lb.DNSName! } },
      ...APP_NUMBERS.map((n, i) => ({ type: 'AWS::EC2::Instance', idPrefix: `WebServer${n}`, ref: instanceIds[i], attributes: { PublicIp: '127.0.0.1' } })),
      await labKeyPair(clients, 'LabAlbRoutingKeyPair'),
    ]);
    return { instanceIds, webGroupId, dnsName: lb.DNSName!, loadBalancerArn: lb.LoadBalancerArn! };
  }

  async function routingContext(state: RoutingState, faults: Faults = {}, progress: string[] = [], wait: Parameters<typeof labContext>[4] = {}) {
    const standIn = await startAlbStandIn(clients, state.instanceIds, faults);
    cleanups.push(standIn.close);
    const local = `127.0.0.1:${standIn.port}`;
    return labContext(clients, 'LabAlbRouting', { resolve: { [state.dnsName]: local, [CHECKIP_HOST]: local } }, progress, wait);
  }

  // These tests change nothing in the account: one deployed lab, behind differently wrong stand-ins.
  describe('on the lab as deployed', () => {
    let state: RoutingState;
    beforeAll(async () => {
      state = await buildLabAlbRouting();
    });
    afterAll(() => destroyClients(clients));

    it('LabAlbRouting passes every rule, the fixed 404, spread and sticky, X-Forwarded-For; failover skipped unless asked', async () => {
      const results = await checkLabAlbRouting(await routingContext(state));
      expectDeclaredChecks(results, meta);
      expect(results.filter((r) => r.status !== 'pass').map((r) => [r.id, r.status])).toEqual([['routing.failover', 'skip']]);
      expect(results.find((r) => r.id === 'routing.path.2')?.detail).toBe(`4 GETs from ${HOSTS[1]}`);
      expect(results.find((r) => r.id === 'routing.host.1')?.detail).toBe(`4 GETs from ${HOSTS[0]}`);
      expect(results.find((r) => r.id === 'routing.spread')?.detail).toBe(HOSTS.join(', '));
      expect(results.find((r) => r.id === 'routing.forwarded')?.detail).toContain(`X-Forwarded-For ${CLIENT_IP} (you), -Proto http, -Port 80; the connection came from 10.0.0.45`);
    });

    it('LabAlbRouting fails path rules that reach both servers, missing host rules, and a catch-all instead of the fixed 404', async () => {
      const results = await checkLabAlbRouting(await routingContext(state, { pathToBoth: true, noHostRules: true, catchAll: true }));
      for (const n of APP_NUMBERS) {
        expect(failing.expectFails(results, `routing.path.${n}`)).toMatchObject({ status: 'fail', detail: expect.stringContaining('HTTP 404') });
        // Without app n's web server known, the host rule cannot be judged.
        expect(statusOf(results, `routing.host.${n}`)).toBe('skip');
      }
      const fixed = failing.expectFails(results, 'routing.default');
      expect(fixed).toMatchObject({ status: 'fail', detail: `GET http://${state.dnsName.toLowerCase()}${UNMATCHED_PATH}: HTTP 404 "<html><body><h1>Not Found</h1></body></html>"` });
      expect(fixed.hint).toContain('a web server answered');
    });

    it('LabAlbRouting fails host rules that do not route (Host: app<n> on / reaches both servers)', async () => {
      const results = await checkLabAlbRouting(await routingContext(state, { noHostRules: true }));
      for (const n of APP_NUMBERS) {
        expect(failing.expectFails(results, `routing.host.${n}`)).toMatchObject({ status: 'fail', hint: expect.stringContaining(`app${n}.example.com must forward`) });
      }
      expect(statusOf(results, 'routing.path.1')).toBe('pass');
    });

    it('LabAlbRouting fails stickiness that is off, and a cookie that does not stick', async () => {
      const off = await checkLabAlbRouting(await routingContext(state, { noStickiness: true }));
      expect(failing.expectFails(off, 'routing.sticky')).toMatchObject({ status: 'fail', hint: expect.stringContaining('set no AWSALB cookie') });
      const ignored = await checkLabAlbRouting(await routingContext(state, { cookieIgnored: true }));
      expect(failing.expectFails(ignored, 'routing.sticky')).toMatchObject({ status: 'fail', hint: expect.stringContaining('the cookie did not keep the client on') });
    });

    it('LabAlbRouting fails X-Forwarded-For that is not your address, or a private one', async () => {
      const other = await checkLabAlbRouting(await routingContext(state, { forwardedFor: '203.0.113.99' }));
      expect(failing.expectFails(other, 'routing.forwarded')).toMatchObject({ status: 'fail', hint: expect.stringContaining(`is not your address ${CLIENT_IP}`) });
      const privateIp = await checkLabAlbRouting(await routingContext(state, { forwardedFor: '10.0.0.45' }));
      expect(failing.expectFails(privateIp, 'routing.forwarded')).toMatchObject({ status: 'fail', hint: expect.stringContaining('X-Forwarded-For 10.0.0.45 is a private address') });
    });
  });

  describe('on a lab changed by the check or after deploy', () => {
    afterEach(() => destroyClients(clients));

    it('LabAlbRouting with failover: stops web server 1, the page answers from web server 2, web server 1 runs again', async () => {
      const state = await buildLabAlbRouting();
      const progress: string[] = [];
      const ctx = await routingContext(state);
      // Through the lab module, as `npm run check -- LabAlbRouting --failover` calls it.
      const results = await labAlbRouting.check({ ...ctx, wait: { ...ctx.wait, onProgress: (m) => progress.push(m) }, disruptive: { failover: true } });
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expectDeclaredChecks(results, meta);
      expect(results.find((r) => r.id === 'routing.failover')?.detail).toBe(`${state.instanceIds[0]} stopped; 4 GETs in a row from ${HOSTS[1]}; started again`);
      expect(progress).toContain(`waiting for web server 1 (${state.instanceIds[0]}) to stop (up to 2 s)`);
      expect((await describeInstance(clients.ec2, state.instanceIds[0])).State?.Name).toBe('running');
    });

    it('LabAlbRouting fails failover when the load balancer keeps sending to the stopped server, and still starts it again', async () => {
      const state = await buildLabAlbRouting();
      const progress: string[] = [];
      const results = await checkLabAlbRouting(await routingContext(state, { noFailover: true }, progress, SHORT_WAIT), { failover: true });
      const failover = failing.expectFails(results, 'routing.failover');
      expect(failover.hint).toContain('did not answer 4 times in a row within 0.3 s (last: HTTP 502');
      expect(progress).toContain('waiting for the load balancer to answer from the other web server (up to 0.3 s)');
      expect((await describeInstance(clients.ec2, state.instanceIds[0])).State?.Name).toBe('running');
    });

    it('LabAlbRouting fails a web server open to the world, one stopped (no spread), and a missing X-Forwarded-For', async () => {
      const state = await buildLabAlbRouting((alb) => [tcpFromGroup(80, alb), tcpFromCidr(80, '0.0.0.0/0')]);
      await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [state.instanceIds[1]] }));
      const results = await checkLabAlbRouting(await routingContext(state, { forwardedFor: '' }));
      expect(failing.expectFails(results, 'routing.instance-sg')).toMatchObject({
        status: 'fail',
        hint: expect.stringContaining(`revoke-security-group-ingress --group-id ${state.webGroupId} --protocol tcp --port 80 --cidr 0.0.0.0/0`),
      });
      expect(failing.expectFails(results, 'routing.targets')).toMatchObject({ status: 'fail', hint: expect.stringContaining(`${state.instanceIds[1]} unused`) });
      expect(failing.expectFails(results, 'routing.spread')).toMatchObject({ status: 'fail', detail: HOSTS[0] });
      expect(failing.expectFails(results, 'routing.forwarded')).toMatchObject({ status: 'fail', hint: expect.stringContaining('no X-Forwarded-For header reached the web server') });
    });

    it('LabAlbRouting fails a load balancer deleted after deploy, and checks nothing else', async () => {
      const state = await buildLabAlbRouting();
      await clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: state.loadBalancerArn }));
      const results = await checkLabAlbRouting(await routingContext(state));
      expect(results.map((r) => r.id)).toEqual(['routing.active']);
      const active = failing.expectFails(results, 'routing.active');
      expect(active.hint).toContain('no load balancer has the DNS name of');
      expect(active.hint).toContain('npx cdk deploy LabAlbRouting');
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
