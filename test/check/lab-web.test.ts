import { AllocateAddressCommand, AssociateAddressCommand, CreateTagsCommand, DescribeInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import type { CheckClients } from '../../lib/check/clients';
import { checkLabAlb } from '../../lib/check/labs/lab-alb';
import { checkLabEc2Apache } from '../../lib/check/labs/lab-ec2-apache';
import { checkLabElasticIp } from '../../lib/check/labs/lab-elastic-ip';
import { describeWithMoto, resetMoto } from '../moto/moto';
import {
  al2023AmiId,
  closedPort,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  destroyClients,
  labContext,
  motoCheckClients,
  runLabInstance,
  startHelloServer,
  statusOf,
  tcpFromCidr,
  tcpFromGroup,
  type Network,
} from './lab-state';

const projectTags = [{ Key: 'Project', Value: 'aws-dva-labs' }];

async function publicIpOf(clients: CheckClients, instanceId: string): Promise<string | undefined> {
  return (await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].PublicIpAddress;
}

describeWithMoto('check LabElasticIp, LabEc2Apache, LabAlb (moto + local HTTP)', () => {
  let clients: CheckClients;
  let network: Network;
  const servers: { close: () => Promise<void> }[] = [];
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
    network = await createNetwork(clients.ec2);
  });
  afterEach(async () => {
    destroyClients(clients);
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function instance(groupIds: string[], subnet = 0): Promise<string> {
    return runLabInstance(clients.ec2, { subnetId: network.subnetIds[subnet], securityGroupIds: groupIds, imageId: await al2023AmiId(clients.ssm) });
  }

  // ------------------------------------------------------------ LabElasticIp
  async function buildLabElasticIp(associate = true): Promise<{ instanceId: string; allocationId: string }> {
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'eip-lab', []);
    const instanceId = await instance([groupId]);
    const address = await clients.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await clients.ec2.send(new CreateTagsCommand({ Resources: [address.AllocationId!], Tags: projectTags }));
    if (associate) await clients.ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: instanceId }));
    await deployLabStack(clients.cloudFormation, 'LabElasticIp', {
      ElasticIpAddress: address.PublicIp!,
      ElasticIpAllocationId: address.AllocationId!,
      InstanceId: instanceId,
    });
    return { instanceId, allocationId: address.AllocationId! };
  }

  it('LabElasticIp passes with the address on the instance', async () => {
    await buildLabElasticIp();
    const results = await checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['instance.running', 'pass'],
      ['eip.associated', 'pass'],
      ['eip.public-ip', 'pass'],
      ['eip.idle', 'pass'],
    ]);
  });

  it('LabElasticIp flags an unassociated address with its cost and the release command', async () => {
    const { instanceId, allocationId } = await buildLabElasticIp(false);
    const results = await checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
    expect(results.find((r) => r.id === 'eip.associated')?.hint).toContain(`--allocation-id ${allocationId} --instance-id ${instanceId}`);
    const idle = results.find((r) => r.id === 'eip.idle')!;
    expect(idle.status).toBe('fail');
    expect(idle.hint).toContain('$0.005/h (about $3.65/month)');
    expect(idle.hint).toContain(`aws ec2 release-address --allocation-id ${allocationId}`);
  });

  // ------------------------------------------------------------ LabEc2Apache
  async function buildLabEc2Apache(url: string): Promise<string> {
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'apache', [tcpFromCidr(80, '0.0.0.0/0')]);
    const instanceId = await instance([groupId]);
    await deployLabStack(clients.cloudFormation, 'LabEc2Apache', { Url: url, InstanceId: instanceId, PublicIp: (await publicIpOf(clients, instanceId)) ?? '' });
    return instanceId;
  }

  it('LabEc2Apache passes when the page answers', async () => {
    const server = await startHelloServer(['ip-10-0-0-12.eu-west-1.compute.internal']);
    servers.push(server);
    await buildLabEc2Apache(server.url);
    const results = await checkLabEc2Apache(await labContext(clients, 'LabEc2Apache'));
    expect(results.find((r) => r.id === 'apache.page')).toMatchObject({ status: 'pass', detail: 'from ip-10-0-0-12.eu-west-1.compute.internal' });
  });

  it('LabEc2Apache fails a closed port after waiting, with progress, within the bound', async () => {
    await buildLabEc2Apache(`http://127.0.0.1:${await closedPort()}/`);
    const progress: string[] = [];
    const started = Date.now();
    const page = (await checkLabEc2Apache(await labContext(clients, 'LabEc2Apache', {}, progress))).find((r) => r.id === 'apache.page')!;
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(page.status).toBe('fail');
    expect(page.hint).toContain('ECONNREFUSED');
    expect(progress[0]).toMatch(/^waiting for Apache on .* \(up to 2 s\)$/);
  });

  it('LabEc2Apache fails a page that is not the lab page', async () => {
    const server = await startHelloServer(['x'], 403);
    servers.push(server);
    await buildLabEc2Apache(server.url);
    const page = (await checkLabEc2Apache(await labContext(clients, 'LabEc2Apache'))).find((r) => r.id === 'apache.page')!;
    expect(page).toMatchObject({ status: 'fail' });
    expect(page.hint).toMatch(/^HTTP 403/);
  });

  // ------------------------------------------------------------ LabAlb
  interface AlbState {
    readonly instanceIds: string[];
    readonly webGroupId: string;
    readonly albGroupId: string;
    readonly targetGroupArn: string;
    readonly dnsName: string;
  }

  /** LabAlb through the APIs; the page is served locally and the DNS name is resolved to it (curl --resolve). */
  async function buildLabAlb(webIngress?: (albGroupId: string) => ReturnType<typeof tcpFromGroup>[]): Promise<AlbState> {
    const albGroupId = await createSecurityGroup(clients.ec2, network.vpcId, 'web-ap-load-balancer-first', [tcpFromCidr(80, '0.0.0.0/0')]);
    const webGroupId = await createSecurityGroup(clients.ec2, network.vpcId, 'web', webIngress?.(albGroupId) ?? [tcpFromGroup(80, albGroupId)]);
    const instanceIds = [await instance([webGroupId], 0), await instance([webGroupId], 1)];
    const lb = (
      await clients.elbv2.send(
        new CreateLoadBalancerCommand({ Name: 'LabAlb-lb', Subnets: [...network.subnetIds], SecurityGroups: [albGroupId], Scheme: 'internet-facing' }),
      )
    ).LoadBalancers![0];
    const tg = (
      await clients.elbv2.send(new CreateTargetGroupCommand({ Name: 'LabAlb-tg', Protocol: 'HTTP', Port: 80, VpcId: network.vpcId, TargetType: 'instance' }))
    ).TargetGroups![0];
    await clients.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: instanceIds.map((Id) => ({ Id, Port: 80 })) }));
    await clients.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }),
    );
    await deployLabStack(clients.cloudFormation, 'LabAlb', {
      Url: `http://${lb.DNSName}`,
      // The servers' "public IPs" are 127.0.0.1 here; the check probes them on a local port.
      WebServer1PublicIp: '127.0.0.1',
      WebServer2PublicIp: '127.0.0.1',
    });
    return { instanceIds, webGroupId, albGroupId, targetGroupArn: tg.TargetGroupArn!, dnsName: lb.DNSName! };
  }

  async function albContext(state: AlbState, page: { port: number }, directPort: number) {
    return labContext(clients, 'LabAlb', { webPort: directPort, resolve: { [state.dnsName]: `127.0.0.1:${page.port}` } });
  }

  it('LabAlb passes: healthy targets, page from two hosts, servers closed to direct HTTP', async () => {
    const page = await startHelloServer(['ip-10-0-0-10.internal', 'ip-10-0-1-20.internal']);
    servers.push(page);
    const direct = await closedPort();
    const state = await buildLabAlb();
    const results = await checkLabAlb(await albContext(state, page, direct));
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(results.map((r) => r.id)).toEqual(['alb.active', 'alb.targets', 'alb.instance-sg', 'alb.page', 'alb.both', 'alb.direct.1', 'alb.direct.2']);
    expect(results.find((r) => r.id === 'alb.both')?.detail).toBe('ip-10-0-0-10.internal, ip-10-0-1-20.internal');
  });

  it('LabAlb fails the instances group open to 0.0.0.0/0 on 80, and the direct GET that connects', async () => {
    const page = await startHelloServer(['a', 'b']);
    servers.push(page);
    // Direct probes reach a listening port: the web server answers on its own address.
    const state = await buildLabAlb((alb) => [tcpFromGroup(80, alb), tcpFromCidr(80, '0.0.0.0/0')]);
    const results = await checkLabAlb(await albContext(state, page, page.port));
    const sg = results.find((r) => r.id === 'alb.instance-sg')!;
    expect(sg.status).toBe('fail');
    expect(sg.hint).toContain(`revoke-security-group-ingress --group-id ${state.webGroupId} --protocol tcp --port 80 --cidr 0.0.0.0/0`);
    expect(statusOf(results, 'alb.direct.1')).toBe('fail');
  });

  it('LabAlb fails when one server answers (one host name) and its target is not healthy (stopped)', async () => {
    const page = await startHelloServer(['only-one']);
    servers.push(page);
    const direct = await closedPort();
    const state = await buildLabAlb();
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [state.instanceIds[1]] }));
    const results = await checkLabAlb(await albContext(state, page, direct));
    const targets = results.find((r) => r.id === 'alb.targets')!;
    expect(targets).toMatchObject({ status: 'fail', detail: '1/2 healthy' });
    expect(targets.hint).toContain(`${state.instanceIds[1]} unused (Target.InvalidState`);
    expect(results.find((r) => r.id === 'alb.both')).toMatchObject({ status: 'fail', detail: 'only-one' });
  });

  // moto reports a registered running instance as healthy and cannot produce
  // "initial" or "unhealthy": DescribeTargetHealth alone is mocked, the rest is moto.
  it('LabAlb waits on targets in "initial", within the bound, and fails an unhealthy one with its reason', async () => {
    const page = await startHelloServer(['a', 'b']);
    servers.push(page);
    const direct = await closedPort();
    const state = await buildLabAlb();
    // Pass-through to moto for what the check reads besides target health.
    const realSend = clients.elbv2.send.bind(clients.elbv2) as (command: unknown) => Promise<never>;
    const mock = mockClient(clients.elbv2);
    mock.on(DescribeLoadBalancersCommand).callsFake((input) => realSend(new DescribeLoadBalancersCommand(input)));
    mock.on(DescribeTargetGroupsCommand).callsFake((input) => realSend(new DescribeTargetGroupsCommand(input)));
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
    const ctx = await labContext(clients, 'LabAlb', { webPort: direct, resolve: { [state.dnsName]: `127.0.0.1:${page.port}` } }, progress);
    const results = await checkLabAlb(ctx);
    mock.restore();
    expect(progress[0]).toBe('waiting for the targets to pass their health checks (up to 2 s)');
    const targets = results.find((r) => r.id === 'alb.targets')!;
    expect(targets).toMatchObject({ status: 'fail', detail: '1/2 healthy' });
    expect(targets.hint).toContain(`${state.instanceIds[1]} unhealthy (Target.FailedHealthChecks: Health checks failed with these codes: [403])`);
  });
});
