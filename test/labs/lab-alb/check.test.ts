import { DescribeInstanceCreditSpecificationsCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabAlb } from '../../../lib/labs/lab-alb/check';
import { ALB_SECURITY_GROUP_NAME, meta, WEB_SERVER_NUMBERS } from '../../../lib/labs/lab-alb/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases, partialMock } from '../../helpers/failing-checks';
import {
  al2023AmiId,
  closedPort,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  destroyClients,
  instanceSections,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  SHORT_WAIT,
  startHelloServer,
  templateWhenNeeded,
  tcpFromCidr,
  tcpFromGroup,
  type Network,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabAlb as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabAlb');

describeWithMoto('check LabAlb (moto + local HTTP)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  let network: Network;
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function instance(groupIds: string[], subnet = 0): Promise<string> {
    return runLabInstance(clients.ec2, { subnetId: network.subnetIds[subnet], securityGroupIds: groupIds, imageId: await al2023AmiId(clients.ssm, template()) });
  }

  interface AlbState {
    readonly instanceIds: string[];
    readonly webGroupId: string;
    readonly albGroupId: string;
    readonly targetGroupArn: string;
    readonly dnsName: string;
  }

  /** LabAlb through the APIs, in a moto with nothing else; the page is served locally and the DNS name is resolved to it (curl --resolve). */
  async function buildLabAlb(
    webIngress?: (albGroupId: string) => ReturnType<typeof tcpFromGroup>[],
    urlHost?: string,
    type: 'application' | 'network' = 'application',
  ): Promise<AlbState> {
    const protocol = type === 'network' ? 'TCP' : 'HTTP';
    await resetMoto();
    clients = motoCheckClients();
    network = await createNetwork(clients.ec2);
    const albGroupId = await createSecurityGroup(clients.ec2, network.vpcId, ALB_SECURITY_GROUP_NAME, [tcpFromCidr(80, '0.0.0.0/0')]);
    const webGroupId = await createSecurityGroup(clients.ec2, network.vpcId, 'web', webIngress?.(albGroupId) ?? [tcpFromGroup(80, albGroupId)]);
    const instanceIds: string[] = [];
    for (const [i] of WEB_SERVER_NUMBERS.entries()) instanceIds.push(await instance([webGroupId], i));
    const lb = (
      await clients.elbv2.send(
        new CreateLoadBalancerCommand({ Name: 'LabAlb-lb', Type: type, Subnets: [...network.subnetIds], SecurityGroups: [albGroupId], Scheme: 'internet-facing' }),
      )
    ).LoadBalancers![0];
    const tg = (
      await clients.elbv2.send(new CreateTargetGroupCommand({ Name: 'LabAlb-tg', Protocol: protocol, Port: 80, VpcId: network.vpcId, TargetType: 'instance' }))
    ).TargetGroups![0];
    await clients.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: instanceIds.map((Id) => ({ Id, Port: 80 })) }));
    await clients.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: protocol, Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }),
    );
    await deployLabStack(clients.cloudFormation, 'LabAlb', template(), [
      { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', ref: lb.LoadBalancerArn!, attributes: { DNSName: urlHost ?? lb.DNSName! } },
      // The servers' public IPs are 127.0.0.1 here: the check probes them on a local port.
      ...WEB_SERVER_NUMBERS.map((n, i) => ({
        type: 'AWS::EC2::Instance',
        idPrefix: `WebServer${n}`,
        ref: instanceIds[i],
        attributes: { PublicIp: '127.0.0.1' },
      })),
      await labKeyPair(clients, 'LabAlbKeyPair'),
    ], instanceSections(template()));
    return { instanceIds, webGroupId, albGroupId, targetGroupArn: tg.TargetGroupArn!, dnsName: lb.DNSName! };
  }

  async function albContext(state: AlbState, page: { port: number }, directPort: number) {
    return labContext(clients, 'LabAlb', { webPort: directPort, resolve: { [state.dnsName]: `127.0.0.1:${page.port}` } });
  }

  // These tests change nothing in the account: one deployed lab, its page served differently each time.
  describe('on the lab as deployed', () => {
    let state: AlbState;
    beforeAll(async () => {
      state = await buildLabAlb();
    });
    afterAll(() => destroyClients(clients));

    it('LabAlb passes: healthy targets, page from two hosts, servers closed to direct HTTP', async () => {
      const page = await startHelloServer(['ip-10-0-0-10.internal', 'ip-10-0-1-20.internal']);
      servers.push(page);
      const direct = await closedPort();
      const results = await checkLabAlb(await albContext(state, page, direct));
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expectDeclaredChecks(results, meta);
      expect(results.map((r) => r.id)).toEqual(['alb.active', 'alb.targets', 'alb.instance-sg', 'alb.cpu-credits', 'alb.page', 'alb.both', 'alb.direct.1', 'alb.direct.2']);
      expect(results.find((r) => r.id === 'alb.both')?.detail).toBe('ip-10-0-0-10.internal, ip-10-0-1-20.internal');
    });

    // moto reports a registered running instance as healthy and cannot produce
    // "initial" or "unhealthy": DescribeTargetHealth alone is mocked, the rest is moto.
    it('LabAlb waits on targets in "initial", within the bound, and fails an unhealthy one with its reason', async () => {
      const page = await startHelloServer(['a', 'b']);
      servers.push(page);
      const direct = await closedPort();
      // Pass-through to moto for what the check reads besides target health.
      const mock = partialMock(clients.elbv2, [DescribeLoadBalancersCommand, DescribeTargetGroupsCommand]);
      const health = (when: string, reason?: string) => ({
        TargetHealthDescriptions: when === 'mixed'
          ? [
              { Target: { Id: state.instanceIds[0], Port: 80 }, TargetHealth: { State: 'healthy' as const } },
              { Target: { Id: state.instanceIds[1], Port: 80 }, TargetHealth: { State: 'unhealthy' as const, Reason: reason as never, Description: 'Health checks failed with these codes: [403]' } },
            ]
          : [{ Target: { Id: state.instanceIds[0], Port: 80 }, TargetHealth: { State: 'initial' as const, Reason: 'Elb.RegistrationInProgress' as const } }],
      });
      mock.on(DescribeTargetHealthCommand).resolvesOnce(health('initial')).resolves(health('mixed', 'Target.FailedHealthChecks'));
      const progress: string[] = [];
      const ctx = await labContext(clients, 'LabAlb', { webPort: direct, resolve: { [state.dnsName]: `127.0.0.1:${page.port}` } }, progress, SHORT_WAIT);
      const results = await checkLabAlb(ctx).finally(() => mock.restore());
      // Read once ("initial"), then polled by the waiter until the bound, then read once more.
      const reads = mock.commandCalls(DescribeTargetHealthCommand).length;
      expect(reads).toBeGreaterThanOrEqual(3);
      expect(progress[0]).toBe('waiting for the targets to pass their health checks (up to 0.3 s)');
      const targets = failing.expectFails(results, 'alb.targets');
      expect(targets.detail).toBe('1/2 healthy');
      expect(targets.hint).toContain(`${state.instanceIds[1]} unhealthy (Target.FailedHealthChecks: Health checks failed with these codes: [403])`);
    });

    it('LabAlb fails the page when nothing answers through the load balancer, and skips "both"', async () => {
      const results = await checkLabAlb(await albContext(state, { port: await closedPort() }, await closedPort()));
      expect(failing.expectFails(results, 'alb.page').hint).toMatch(/^no answer \(ECONNREFUSED\)/);
      expect(results.find((r) => r.id === 'alb.both')).toMatchObject({ status: 'skip', hint: 'the page does not answer through the load balancer' });
    });

    // moto always answers "standard": only DescribeInstanceCreditSpecifications is mocked.
    it('LabAlb fails a web server on unlimited CPU credits', async () => {
      const page = await startHelloServer(['a', 'b']);
      servers.push(page);
      const mock = partialMock(clients.ec2, [DescribeInstancesCommand, DescribeSecurityGroupsCommand]);
      mock.on(DescribeInstanceCreditSpecificationsCommand).resolves({
        InstanceCreditSpecifications: [
          { InstanceId: state.instanceIds[0], CpuCredits: 'standard' },
          { InstanceId: state.instanceIds[1], CpuCredits: 'unlimited' },
        ],
      });
      try {
        const credits = failing.expectFails(await checkLabAlb(await albContext(state, page, await closedPort())), 'alb.cpu-credits');
        expect(credits.detail).toBe(`${state.instanceIds[0]} standard, ${state.instanceIds[1]} unlimited`);
      } finally {
        mock.restore();
      }
    });
  });

  describe('on a lab built or changed otherwise', () => {
    afterEach(() => destroyClients(clients));

    it('LabAlb fails the instances group open to 0.0.0.0/0 on 80, and the direct GET that connects', async () => {
      const page = await startHelloServer(['a', 'b']);
      servers.push(page);
      // Direct probes reach a listening port: the web server answers on its own address.
      const state = await buildLabAlb((alb) => [tcpFromGroup(80, alb), tcpFromCidr(80, '0.0.0.0/0')]);
      const results = await checkLabAlb(await albContext(state, page, page.port));
      const sg = failing.expectFails(results, 'alb.instance-sg');
      expect(sg.hint).toContain(`revoke-security-group-ingress --group-id ${state.webGroupId} --protocol tcp --port 80 --cidr 0.0.0.0/0`);
      for (const n of WEB_SERVER_NUMBERS) expect(failing.expectFails(results, `alb.direct.${n}`).detail).toBe('connected');
    });

    it('LabAlb fails when one server answers (one host name) and its target is not healthy (stopped)', async () => {
      const page = await startHelloServer(['only-one']);
      servers.push(page);
      const direct = await closedPort();
      const state = await buildLabAlb();
      await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [state.instanceIds[1]] }));
      const results = await checkLabAlb(await albContext(state, page, direct));
      const targets = failing.expectFails(results, 'alb.targets');
      expect(targets.detail).toBe('1/2 healthy');
      expect(targets.hint).toContain(`${state.instanceIds[1]} unused (Target.InvalidState`);
      expect(failing.expectFails(results, 'alb.both').detail).toBe('only-one');
    });

    it('LabAlb fails "load balancer active" when no load balancer has the Url\'s DNS name', async () => {
      const state = await buildLabAlb(undefined, 'gone-1234567890.eu-west-1.elb.amazonaws.com');
      const results = await checkLabAlb(await albContext(state, { port: await closedPort() }, await closedPort()));
      expect(failing.expectFails(results, 'alb.active').hint).toBe(
        'no load balancer has the DNS name of http://gone-1234567890.eu-west-1.elb.amazonaws.com: npx cdk deploy LabAlb',
      );
      expect(results).toHaveLength(1);
    });

    it('LabAlb fails "load balancer active" when the Url\'s DNS name is a network load balancer\'s', async () => {
      const state = await buildLabAlb(undefined, undefined, 'network');
      const results = await checkLabAlb(await albContext(state, { port: await closedPort() }, await closedPort()));
      expect(failing.expectFails(results, 'alb.active')).toMatchObject({
        detail: 'LabAlb-lb network active',
        hint: `http://${state.dnsName} is a network load balancer, not an application one: npx cdk deploy LabAlb`,
      });
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
