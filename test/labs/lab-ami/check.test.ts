import { CreateImageCommand, DescribeImagesCommand, DeregisterImageCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import type { CheckResult } from '../../../lib/check/result';
import { AMI_RESOURCE_TYPE } from '../../../lib/handlers/ami-from-instance';
import { anotherRegion, checkLabAmi } from '../../../lib/labs/lab-ami/check';
import { meta } from '../../../lib/labs/lab-ami/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases } from '../../helpers/failing-checks';
import {
  al2023AmiId,
  closedPort,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  describeInstance,
  destroyClients,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  startHelloServer,
  synthesizedTemplate,
  tcpFromCidr,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabAmi as `cdk synth` writes it: its outputs become the fixture. */
const TEMPLATE = synthesizedTemplate('LabAmi');

describeWithMoto('check LabAmi (moto + local HTTP)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  const servers: { close: () => Promise<void> }[] = [];
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(async () => {
    destroyClients(clients);
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  interface Options {
    /** The image the stack's ImageId output names. @default the image made from the builder */
    readonly outputImage?: (made: string, amazons: string) => string;
    /** The image the second instance is launched from. @default the image made from the builder */
    readonly launchFrom?: (made: string, amazons: string) => string;
  }

  /**
   * The lab through the APIs: the builder from AL2023, an image of it (CreateImage, as the
   * custom resource does), a second instance from that image; its Url is sent to `pagePort`.
   */
  async function deployLab(pagePort: number, options: Options = {}) {
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'ami', [tcpFromCidr(80, '0.0.0.0/0')]);
    const amazons = await al2023AmiId(clients.ssm, TEMPLATE);
    const builderId = await runLabInstance(clients.ec2, { subnetId: network.subnetIds[0], securityGroupIds: [groupId], imageId: amazons });
    const made = (await clients.ec2.send(new CreateImageCommand({ InstanceId: builderId, Name: 'LabAmi-apache-20261126T120000Z' }))).ImageId!;
    const imageId = options.outputImage?.(made, amazons) ?? made;
    const instanceId = await runLabInstance(clients.ec2, {
      subnetId: network.subnetIds[0],
      securityGroupIds: [groupId],
      imageId: options.launchFrom?.(made, amazons) ?? made,
    });
    const [builder, instance] = [await describeInstance(clients.ec2, builderId), await describeInstance(clients.ec2, instanceId)];
    const attributes = (i: typeof instance) => ({ PublicDnsName: i.PublicDnsName!, PublicIp: i.PublicIpAddress! });
    await deployLabStack(clients.cloudFormation, 'LabAmi', TEMPLATE, [
      { type: 'AWS::EC2::Instance', idPrefix: 'Builder', ref: builderId, attributes: attributes(builder) },
      { type: 'AWS::EC2::Instance', idPrefix: 'FromImage', ref: instanceId, attributes: attributes(instance) },
      { type: AMI_RESOURCE_TYPE, ref: imageId, attributes: { ImageId: imageId, ImageName: 'LabAmi-apache-20261126T120000Z' } },
      await labKeyPair(clients, 'LabAmiKeyPair'),
    ]);
    const ctx = await labContext(clients, 'LabAmi', { resolve: { [instance.PublicDnsName!]: `127.0.0.1:${pagePort}` } });
    return { ctx, made, builder, instanceId };
  }

  async function publicImageInBothRegions(): Promise<string> {
    const other = motoCheckClients('us-east-1');
    try {
      const ids = async (c: CheckClients) => ((await c.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images ?? []).map((i) => i.ImageId!);
      const there = new Set(await ids(other));
      const shared = (await ids(clients)).find((id) => there.has(id));
      if (!shared) throw new Error('moto has no public image in both eu-west-1 and us-east-1');
      return shared;
    } finally {
      destroyClients(other);
    }
  }

  const byId = (results: readonly CheckResult[], id: string) => results.find((r) => r.id === id);

  it('passes: the AMI is ours and available, the instance runs it and serves the builder\'s page, the AMI is in one region', async () => {
    // The page was written on the builder, so it names the builder (filled in once the builder exists).
    const hosts: string[] = [];
    const server = await startHelloServer(hosts);
    servers.push(server);
    const { ctx, made, builder } = await deployLab(server.port);
    hosts.push(`${builder.PrivateDnsName!.split('.')[0]}.eu-west-1.compute.internal`);
    const results = await checkLabAmi(ctx);
    expectDeclaredChecks(results, meta);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(byId(results, 'ami.owned')).toMatchObject({ title: `AMI ${made} is yours and available`, detail: 'LabAmi-apache-20261126T120000Z, owner 123456789012, available' });
    expect(byId(results, 'ami.page')!.detail).toMatch(/: the builder's name, written before the image was made$/);
    expect(byId(results, 'ami.region')).toMatchObject({ title: `AMI ${made} not found in us-east-1 (an AMI belongs to one region)` });
  });

  it('fails an AMI that is not the account\'s (an Amazon image named by the output), and one seen in another region', async () => {
    const server = await startHelloServer(['ip-10-0-0-9.eu-west-1.compute.internal']);
    servers.push(server);
    // moto's public images include some with the same id in every region: exactly what a custom AMI never is.
    const everywhere = await publicImageInBothRegions();
    const { ctx } = await deployLab(server.port, { outputImage: () => everywhere, launchFrom: () => everywhere });
    const results = await checkLabAmi(ctx);
    expect(failing.expectFails(results, 'ami.owned')).toMatchObject({ status: 'fail', hint: expect.stringContaining('belongs to account') });
    expect(failing.expectFails(results, 'ami.region')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^us-east-1 has ami-/) });
    expect(byId(results, 'ami.launched')).toMatchObject({ status: 'pass' });
  });

  it('fails an AMI deregistered by hand', async () => {
    const server = await startHelloServer(['x']);
    servers.push(server);
    const { ctx, made } = await deployLab(server.port);
    await clients.ec2.send(new DeregisterImageCommand({ ImageId: made }));
    const results = await checkLabAmi(ctx);
    expect(failing.expectFails(results, 'ami.owned')).toMatchObject({ status: 'fail', hint: expect.stringContaining('EC2 does not know') });
  });

  it('fails an instance that does not run the AMI', async () => {
    const server = await startHelloServer(['x']);
    servers.push(server);
    const { ctx } = await deployLab(server.port, { launchFrom: (_made, amazons) => amazons });
    const results = await checkLabAmi(ctx);
    expect(failing.expectFails(results, 'ami.launched')).toMatchObject({ status: 'fail', hint: expect.stringContaining('the instance runs ami-') });
    expect(byId(results, 'ami.owned')).toMatchObject({ status: 'pass' });
  });

  it('fails a stopped instance, and skips its page', async () => {
    const server = await startHelloServer(['x']);
    servers.push(server);
    const { ctx, instanceId } = await deployLab(server.port);
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    const results = await checkLabAmi(ctx);
    failing.expectFails(results, 'instance.running');
    expect(byId(results, 'ami.page')).toMatchObject({ status: 'skip' });
  });

  it('fails a page that does not answer', async () => {
    const { ctx } = await deployLab(await closedPort());
    const page = failing.expectFails(await checkLabAmi(ctx), 'ami.page');
    expect(page).toMatchObject({ status: 'fail', hint: expect.stringContaining('ECONNREFUSED') });
  });

  it('looks for the AMI in us-east-1, or in us-west-2 from us-east-1', async () => {
    expect(anotherRegion('eu-west-1')).toBe('us-east-1');
    expect(anotherRegion('us-east-1')).toBe('us-west-2');
    expect((await clients.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images).toEqual([]);
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
