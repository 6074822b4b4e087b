import { CreateImageCommand, DescribeImagesCommand, DeregisterImageCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import type { CheckResult } from '../../../lib/check/result';
import { AMI_RESOURCE_TYPE } from '../../../lib/handlers/ami-from-instance-names';
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
  SHORT_WAIT,
  startHelloServer,
  templateWhenNeeded,
  tcpFromCidr,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabAmi as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabAmi');

describeWithMoto('check LabAmi (moto + local HTTP)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  interface Options {
    /** The image the stack's ImageId output names. @default the image made from the builder */
    readonly outputImage?: (made: string, amazons: string) => string;
    /** The image the second instance is launched from. @default the image made from the builder */
    readonly launchFrom?: (made: string, amazons: string) => string;
  }

  /**
   * The lab through the APIs, in a moto with nothing else: the builder from AL2023, an image of
   * it (CreateImage, as the custom resource does), a second instance from that image.
   */
  async function deployLab(options: Options = {}) {
    await resetMoto();
    clients = motoCheckClients();
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'ami', [tcpFromCidr(80, '0.0.0.0/0')]);
    const amazons = await al2023AmiId(clients.ssm, template());
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
    await deployLabStack(clients.cloudFormation, 'LabAmi', template(), [
      { type: 'AWS::EC2::Instance', idPrefix: 'Builder', ref: builderId, attributes: attributes(builder) },
      { type: 'AWS::EC2::Instance', idPrefix: 'FromImage', ref: instanceId, attributes: attributes(instance) },
      { type: AMI_RESOURCE_TYPE, ref: imageId, attributes: { ImageId: imageId, ImageName: 'LabAmi-apache-20261126T120000Z' } },
      await labKeyPair(clients, 'LabAmiKeyPair'),
    ]);
    return { dnsName: instance.PublicDnsName!, made, builder, instanceId };
  }

  type Lab = Awaited<ReturnType<typeof deployLab>>;

  /** The check's context: the lab's Url (the instance's public DNS name) is sent to `pagePort` on 127.0.0.1. */
  function pageContext(lab: Lab, pagePort: number, wait: Parameters<typeof labContext>[4] = {}) {
    return labContext(clients, 'LabAmi', { resolve: { [lab.dnsName]: `127.0.0.1:${pagePort}` } }, [], wait);
  }

  /** A page served locally for the lab's Url. */
  async function page(hosts: string[]) {
    const server = await startHelloServer(hosts);
    servers.push(server);
    return server.port;
  }

  /**
   * An Amazon image with the same id in every region, as moto's public images include: exactly what
   * a custom AMI never is. Only the few paravirtual ones are listed (listing all of them costs seconds).
   */
  async function publicImageInBothRegions(): Promise<string> {
    const [here, other] = [motoCheckClients(), motoCheckClients('us-east-1')];
    try {
      const ids = async (c: CheckClients) =>
        ((await c.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'virtualization-type', Values: ['paravirtual'] }] }))).Images ?? []).map((i) => i.ImageId!);
      const there = new Set(await ids(other));
      const shared = (await ids(here)).find((id) => there.has(id));
      if (!shared) throw new Error('moto has no public image in both eu-west-1 and us-east-1');
      return shared;
    } finally {
      destroyClients(here);
      destroyClients(other);
    }
  }

  const byId = (results: readonly CheckResult[], id: string) => results.find((r) => r.id === id);

  // These tests change nothing in the account: one deployed lab, its page served differently each time.
  describe('on the lab as deployed, its instance just launched', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await deployLab();
    });
    afterAll(() => destroyClients(clients));

    it('passes: the AMI is ours and available, the instance runs it and serves the builder\'s page, the AMI is in one region', async () => {
      // The page was written on the builder, so it names the builder.
      const port = await page([`${lab.builder.PrivateDnsName!.split('.')[0]}.eu-west-1.compute.internal`]);
      const results = await checkLabAmi(await pageContext(lab, port));
      expectDeclaredChecks(results, meta);
      expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
      expect(byId(results, 'ami.owned')).toMatchObject({ title: `AMI ${lab.made} is yours and available`, detail: 'LabAmi-apache-20261126T120000Z, owner 123456789012, available' });
      expect(byId(results, 'ami.page')!.detail).toMatch(/: the builder's name, written before the image was made$/);
      expect(byId(results, 'ami.region')).toMatchObject({ title: `AMI ${lab.made} not found in us-east-1 (an AMI belongs to one region)` });
    });

    // The instance is still booting, so the check waits for the page: here for a bound of 0.3 s.
    it('fails a page that does not answer', async () => {
      const result = failing.expectFails(await checkLabAmi(await pageContext(lab, await closedPort(), SHORT_WAIT)), 'ami.page');
      expect(result).toMatchObject({ status: 'fail', hint: expect.stringContaining('ECONNREFUSED') });
    });
  });

  describe('on a lab built or changed otherwise', () => {
    afterEach(() => destroyClients(clients));

    it('fails an AMI that is not the account\'s (an Amazon image named by the output), and one seen in another region', async () => {
      const everywhere = await publicImageInBothRegions();
      const lab = await deployLab({ outputImage: () => everywhere, launchFrom: () => everywhere });
      const results = await checkLabAmi(await pageContext(lab, await page(['ip-10-0-0-9.eu-west-1.compute.internal'])));
      expect(failing.expectFails(results, 'ami.owned')).toMatchObject({ status: 'fail', hint: expect.stringContaining('belongs to account') });
      expect(failing.expectFails(results, 'ami.region')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^us-east-1 has ami-/) });
      expect(byId(results, 'ami.launched')).toMatchObject({ status: 'pass' });
    });

    it('fails an AMI deregistered by hand', async () => {
      const lab = await deployLab();
      await clients.ec2.send(new DeregisterImageCommand({ ImageId: lab.made }));
      const results = await checkLabAmi(await pageContext(lab, await page(['x'])));
      expect(failing.expectFails(results, 'ami.owned')).toMatchObject({ status: 'fail', hint: expect.stringContaining('EC2 does not know') });
    });

    it('fails an instance that does not run the AMI', async () => {
      const lab = await deployLab({ launchFrom: (_made, amazons) => amazons });
      const results = await checkLabAmi(await pageContext(lab, await page(['x'])));
      expect(failing.expectFails(results, 'ami.launched')).toMatchObject({ status: 'fail', hint: expect.stringContaining('the instance runs ami-') });
      expect(byId(results, 'ami.owned')).toMatchObject({ status: 'pass' });
    });

    it('fails a stopped instance, and skips its page', async () => {
      const lab = await deployLab();
      await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [lab.instanceId] }));
      const results = await checkLabAmi(await pageContext(lab, await page(['x'])));
      failing.expectFails(results, 'instance.running');
      expect(byId(results, 'ami.page')).toMatchObject({ status: 'skip' });
    });

    it('looks for the AMI in us-east-1, or in us-west-2 from us-east-1', async () => {
      await resetMoto();
      clients = motoCheckClients();
      expect(anotherRegion('eu-west-1')).toBe('us-east-1');
      expect(anotherRegion('us-east-1')).toBe('us-west-2');
      expect((await clients.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images).toEqual([]);
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
