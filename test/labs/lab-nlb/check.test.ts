import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllocateAddressCommand, StopInstancesCommand, type AllocateAddressCommandOutput } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type DescribeLoadBalancersCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabNlb } from '../../../lib/labs/lab-nlb/check';
import { meta, NLB_SECURITY_GROUP_NAME, ZONE_NUMBERS } from '../../../lib/labs/lab-nlb/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases } from '../../helpers/failing-checks';
import {
  al2023AmiId,
  closedPort,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  destroyClients,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  templateWhenNeeded,
  tcpFromCidr,
  tcpFromGroup,
  type Network,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabNlb as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabNlb');
const CHECKIP_HOST = 'checkip.amazonaws.com';
/** The learner's public address in these tests (TEST-NET-2). */
const CLIENT_IP = '198.51.100.23';

interface StandIn {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Plays the web servers behind the NLB (the page and /echo, taking turns between two hosts)
 * and checkip.amazonaws.com, told apart by the Host header as the names resolve here.
 * `seen` is the REMOTE_ADDR /echo reports; `status` the page's answer for a host name.
 */
async function startStandIn(options: { seen: string; own?: string; status?: (host: string) => number }): Promise<StandIn> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    if (host === CHECKIP_HOST) {
      res.writeHead(options.own ? 200 : 503, { 'content-type': 'text/plain', connection: 'close' });
      res.end(options.own ? `${options.own}\n` : 'unavailable\n');
      return;
    }
    const status = options.status?.(host) ?? 200;
    const server = ['ip-10-0-0-10.internal', 'ip-10-0-1-20.internal'][next++ % 2];
    res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    if (status !== 200) res.end('Service Unavailable\n');
    else if (req.url === '/echo') res.end(`host ${server}\nremote-addr ${options.seen}\nx-forwarded-for -\nx-forwarded-proto -\nx-forwarded-port -\n`);
    else res.end(`Hello World from ${server}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describeWithMoto('check LabNlb (moto + local HTTP)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  let network: Network;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  interface NlbState {
    readonly instanceIds: string[];
    readonly webGroupId: string;
    readonly targetGroupArn: string;
    readonly dnsName: string;
    readonly staticIps: string[];
    /** Restores the client and closes it. */
    readonly dispose: () => void;
  }

  /**
   * LabNlb through the APIs, in a moto with nothing else. moto's DescribeLoadBalancers leaves out each zone's
   * LoadBalancerAddresses (the Elastic IPs of the subnet mappings): only that answer is
   * completed here, as AWS gives it (`addresses: false` leaves it out, as an NLB created
   * without Elastic IPs shows no address of its own).
   */
  async function buildLabNlb(options: { webIngress?: (nlbGroupId: string) => ReturnType<typeof tcpFromGroup>[]; type?: 'network' | 'application'; addresses?: boolean; securityGroup?: boolean } = {}): Promise<NlbState> {
    await resetMoto();
    clients = motoCheckClients();
    network = await createNetwork(clients.ec2);
    const nlbGroupId = await createSecurityGroup(clients.ec2, network.vpcId, NLB_SECURITY_GROUP_NAME, [tcpFromCidr(80, '0.0.0.0/0')]);
    const webGroupId = await createSecurityGroup(clients.ec2, network.vpcId, 'web', options.webIngress?.(nlbGroupId) ?? [tcpFromGroup(80, nlbGroupId)]);
    const imageId = await al2023AmiId(clients.ssm, template());
    const instanceIds: string[] = [];
    for (const [i] of ZONE_NUMBERS.entries()) {
      instanceIds.push(await runLabInstance(clients.ec2, { subnetId: network.subnetIds[i], securityGroupIds: [webGroupId], imageId }));
    }
    const eips: AllocateAddressCommandOutput[] = [];
    for (let i = 0; i < ZONE_NUMBERS.length; i++) eips.push(await clients.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })));
    const type = options.type ?? 'network';
    const lb = (
      await clients.elbv2.send(
        new CreateLoadBalancerCommand({
          Name: 'LabNlb-lb',
          Type: type,
          Scheme: 'internet-facing',
          // An NLB created without a security group can never get one.
          SecurityGroups: options.securityGroup === false ? undefined : [nlbGroupId],
          SubnetMappings: network.subnetIds.map((SubnetId, i) => ({ SubnetId, AllocationId: type === 'network' ? eips[i].AllocationId : undefined })),
        }),
      )
    ).LoadBalancers![0];
    const protocol = type === 'network' ? 'TCP' : 'HTTP';
    const tg = (await clients.elbv2.send(new CreateTargetGroupCommand({ Name: 'LabNlb-tg', Protocol: protocol, Port: 80, VpcId: network.vpcId, TargetType: 'instance' }))).TargetGroups![0];
    await clients.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: instanceIds.map((Id) => ({ Id, Port: 80 })) }));
    await clients.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: protocol, Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }));
    await deployLabStack(clients.cloudFormation, 'LabNlb', template(), [
      { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', ref: lb.LoadBalancerArn!, attributes: { DNSName: lb.DNSName! } },
      ...ZONE_NUMBERS.map((n, i) => ({
        type: 'AWS::EC2::EIP',
        idPrefix: `ElasticIp${n}`,
        ref: eips[i].PublicIp!,
        attributes: { PublicIp: eips[i].PublicIp!, AllocationId: eips[i].AllocationId! },
      })),
      ...ZONE_NUMBERS.map((n, i) => ({ type: 'AWS::EC2::Instance', idPrefix: `WebServer${n}`, ref: instanceIds[i], attributes: { PublicIp: '127.0.0.1' } })),
      await labKeyPair(clients, 'LabNlbKeyPair'),
    ]);

    const realSend = clients.elbv2.send.bind(clients.elbv2) as (command: unknown) => Promise<never>;
    const mock = mockClient(clients.elbv2);
    const bySubnet = new Map(network.subnetIds.map((subnet, i) => [subnet, eips[i]]));
    mock.on(DescribeLoadBalancersCommand).callsFake(async (input) => {
      const answer: DescribeLoadBalancersCommandOutput = await realSend(new DescribeLoadBalancersCommand(input));
      if (type !== 'network' || options.addresses === false) return answer;
      for (const zone of (answer.LoadBalancers ?? []).flatMap((l) => l.AvailabilityZones ?? [])) {
        const eip = bySubnet.get(zone.SubnetId!);
        zone.LoadBalancerAddresses = eip ? [{ IpAddress: eip.PublicIp, AllocationId: eip.AllocationId }] : [];
      }
      return answer;
    });
    mock.on(DescribeTargetGroupsCommand).callsFake((input) => realSend(new DescribeTargetGroupsCommand(input)));
    mock.on(DescribeTargetHealthCommand).callsFake((input) => realSend(new DescribeTargetHealthCommand(input)));
    return {
      instanceIds,
      webGroupId,
      targetGroupArn: tg.TargetGroupArn!,
      dnsName: lb.DNSName!,
      staticIps: eips.map((e) => e.PublicIp!),
      dispose: () => {
        mock.restore();
        destroyClients(clients);
      },
    };
  }

  /** The check's context: the DNS name, both static IPs and checkip resolve to the stand-in (curl --resolve). */
  async function nlbContext(state: NlbState, standIn: StandIn, overrides: Record<string, string> = {}) {
    const local = `127.0.0.1:${standIn.port}`;
    const resolve = Object.fromEntries([state.dnsName, ...state.staticIps, CHECKIP_HOST].map((name) => [name, overrides[name] ?? local]));
    return labContext(clients, 'LabNlb', { resolve });
  }

  async function standIn(options: Parameters<typeof startStandIn>[0]): Promise<StandIn> {
    const server = await startStandIn(options);
    cleanups.push(() => server.close());
    return server;
  }

  // These tests change nothing in the account: one deployed lab, behind differently wrong stand-ins.
  describe('on the lab as deployed', () => {
    let state: NlbState;
    beforeAll(async () => {
      state = await buildLabNlb();
    });
    afterAll(() => state.dispose());

    it('LabNlb passes: network and active on its Elastic IPs, healthy targets, page everywhere, your own IP seen', async () => {
      const results = await checkLabNlb(await nlbContext(state, await standIn({ seen: CLIENT_IP, own: CLIENT_IP })));
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expectDeclaredChecks(results, meta);
      expect(results.find((r) => r.id === 'nlb.static-ips')?.detail).toBe(`eu-west-1a ${state.staticIps[0]}, eu-west-1b ${state.staticIps[1]}`);
      expect(results.find((r) => r.id === 'nlb.static.1')?.title).toBe(`GET http://${state.staticIps[0]}/ returns the page`);
      expect(results.find((r) => r.id === 'nlb.client-ip')?.detail).toMatch(new RegExp(`saw ${CLIENT_IP}, your address$`));
    });

    it('LabNlb fails the page through the DNS name and through each static IP when they do not answer it', async () => {
      const closed = `127.0.0.1:${await closedPort()}`;
      const server = await standIn({ seen: CLIENT_IP, own: CLIENT_IP, status: (host) => (host === state.dnsName.toLowerCase() ? 503 : 200) });
      const results = await checkLabNlb(await nlbContext(state, server, { [state.staticIps[0]]: closed, [state.staticIps[1]]: closed }));
      expect(failing.expectFails(results, 'nlb.page')).toMatchObject({ status: 'fail', hint: expect.stringContaining('HTTP 503') });
      for (const n of ZONE_NUMBERS) {
        expect(failing.expectFails(results, `nlb.static.${n}`)).toMatchObject({ status: 'fail', hint: expect.stringContaining(`Availability Zone ${n}`) });
      }
      // /echo answers 503 through the DNS name as well.
      expect(failing.expectFails(results, 'nlb.client-ip')).toMatchObject({ status: 'fail', hint: expect.stringContaining('HTTP 503, not the echo page') });
    });

    it("LabNlb fails a web server that saw the load balancer's private address: client IP preservation is off", async () => {
      const results = await checkLabNlb(await nlbContext(state, await standIn({ seen: '10.0.1.45', own: CLIENT_IP })));
      const clientIp = failing.expectFails(results, 'nlb.client-ip');
      expect(clientIp).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^ip-10-0-[01]-[12]0.internal saw 10.0.1.45$/) });
      expect(clientIp.hint).toContain(
        `modify-target-group-attributes --target-group-arn ${state.targetGroupArn} --attributes Key=preserve_client_ip.enabled,Value=true`,
      );
    });

    it('LabNlb fails a web server that saw another public address than yours, and passes a public one when yours is unknown', async () => {
      const other = await checkLabNlb(await nlbContext(state, await standIn({ seen: '203.0.113.99', own: CLIENT_IP })));
      expect(failing.expectFails(other, 'nlb.client-ip')).toMatchObject({
        status: 'fail',
        hint: expect.stringContaining(`your address is ${CLIENT_IP} (http://checkip.amazonaws.com/) but the web server saw 203.0.113.99`),
      });
      const unknown = await checkLabNlb(await nlbContext(state, await standIn({ seen: CLIENT_IP })));
      expect(unknown.find((r) => r.id === 'nlb.client-ip')).toMatchObject({
        status: 'pass',
        detail: expect.stringContaining(`saw ${CLIENT_IP}, a public address (yours is unknown: http://checkip.amazonaws.com/: HTTP 503)`),
      });
    });
  });

  describe('on a lab built or changed otherwise', () => {
    it('LabNlb fails an application load balancer at the DNS name: not network, and no static addresses', async () => {
      const state = await buildLabNlb({ type: 'application' });
      cleanups.push(state.dispose);
      const results = await checkLabNlb(await nlbContext(state, await standIn({ seen: CLIENT_IP, own: CLIENT_IP })));
      const active = failing.expectFails(results, 'nlb.active');
      expect(active).toMatchObject({ status: 'fail', detail: 'LabNlb-lb application active' });
      expect(active.hint).toContain('is an application load balancer, not a network one');
      failing.expectFails(results, 'nlb.static-ips');
    });

    it('LabNlb fails addresses that are not Elastic IPs, a stopped target, and web servers open to the world', async () => {
      const state = await buildLabNlb({ addresses: false, webIngress: (nlb) => [tcpFromGroup(80, nlb), tcpFromCidr(80, '0.0.0.0/0')] });
      cleanups.push(state.dispose);
      await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [state.instanceIds[1]] }));
      const results = await checkLabNlb(await nlbContext(state, await standIn({ seen: CLIENT_IP, own: CLIENT_IP })));
      const ips = failing.expectFails(results, 'nlb.static-ips');
      expect(ips).toMatchObject({ status: 'fail', detail: 'eu-west-1a no address, eu-west-1b no address' });
      expect(ips.hint).toContain('created without Elastic IPs');
      const targets = failing.expectFails(results, 'nlb.targets');
      expect(targets).toMatchObject({ status: 'fail', detail: '1/2 healthy' });
      expect(targets.hint).toContain(`${state.instanceIds[1]} unused (Target.InvalidState`);
      const sg = failing.expectFails(results, 'nlb.instance-sg');
      expect(sg.hint).toContain(`revoke-security-group-ingress --group-id ${state.webGroupId} --protocol tcp --port 80 --cidr 0.0.0.0/0`);
    });

    it('LabNlb fails a load balancer created without a security group: the web servers cannot admit it by group', async () => {
      const state = await buildLabNlb({ securityGroup: false });
      cleanups.push(state.dispose);
      const results = await checkLabNlb(await nlbContext(state, await standIn({ seen: CLIENT_IP, own: CLIENT_IP })));
      expect(failing.expectFails(results, 'nlb.instance-sg').hint).toBe(
        'the load balancer has no security group (an NLB created without one can never get one): redeploy with npx cdk deploy LabNlb',
      );
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
