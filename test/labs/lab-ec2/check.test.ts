import {
  CreateTagsCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifySubnetAttributeCommand,
  StopInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabEc2 } from '../../../lib/labs/lab-ec2/check';
import { describeWithMoto, resetMoto } from '../../moto/moto';
import {
  al2023AmiId,
  createKeyPairWithSsmKey,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  destroyClients,
  instanceSections,
  labContext,
  motoCheckClients,
  runLabInstance,
  statusOf,
  templateWhenNeeded,
  tcpFromCidr,
} from '../../helpers/lab-state';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases, partialMock } from '../../helpers/failing-checks';
import { meta, OPEN_TO_WORLD, SECURITY_GROUP_NAME, SSH_CLOSED_TITLE } from '../../../lib/labs/lab-ec2/meta';

const SSH_CIDR = '203.0.113.10/32';
/** LabEc2 as `cdk synth -c sshCidr=...` writes it: its outputs and instance sections become the fixture. */
const template = templateWhenNeeded('LabEc2', { sshCidr: SSH_CIDR });

interface Ec2LabState {
  readonly instanceId: string;
  readonly groupId: string;
  readonly keyPairId: string;
}

/** LabEc2 as the stack deploys it, with what a test wants broken. */
async function buildLabEc2(
  clients: CheckClients,
  broken: {
    sshCidr?: string;
    imdsv2?: boolean;
    encrypted?: boolean;
    storeKey?: boolean;
    instanceType?: string;
    /** Replace the notes' rule table. */
    rules?: IpPermission[];
    groupName?: string;
    imageId?: string;
    publicIp?: boolean;
  } = {},
): Promise<Ec2LabState> {
  const { ec2, ssm } = clients;
  const network = await createNetwork(ec2);
  if (broken.publicIp === false) {
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: network.subnetIds[0], MapPublicIpOnLaunch: { Value: false } }));
  }
  const rules = broken.rules ?? [...OPEN_TO_WORLD.map(({ port }) => tcpFromCidr(port, '0.0.0.0/0')), tcpFromCidr(22, broken.sshCidr ?? SSH_CIDR)];
  const groupId = await createSecurityGroup(ec2, network.vpcId, broken.groupName ?? SECURITY_GROUP_NAME, rules);
  const keyPairId = await createKeyPairWithSsmKey(ec2, ssm, 'LabEc2KeyPair', broken.storeKey !== false);
  const instanceId = await runLabInstance(ec2, {
    subnetId: network.subnetIds[0],
    securityGroupIds: [groupId],
    keyName: 'LabEc2KeyPair',
    imageId: broken.imageId ?? (await al2023AmiId(ssm, template())),
    instanceType: broken.instanceType,
    imdsv2: broken.imdsv2,
    encrypted: broken.encrypted,
  });
  await ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'Name', Value: 'FirstInstance' }] }));
  const described = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
  await deployLabStack(
    clients.cloudFormation,
    'LabEc2',
    template(),
    [
      {
        type: 'AWS::EC2::Instance',
        ref: instanceId,
        attributes: { PublicIp: described.PublicIpAddress ?? '', PrivateIp: described.PrivateIpAddress!, PublicDnsName: described.PublicDnsName ?? '' },
      },
      { type: 'AWS::EC2::KeyPair', ref: 'LabEc2KeyPair', attributes: { KeyPairId: keyPairId } },
    ],
    instanceSections(template()),
  );
  return { instanceId, groupId, keyPairId };
}

describeWithMoto('check LabEc2 (moto)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  const run = async () => checkLabEc2(await labContext(clients, 'LabEc2'));
  async function emptyMoto() {
    await resetMoto();
    clients = motoCheckClients();
  }

  // These tests change nothing in the account: one deployed lab, checked by each.
  describe('on the lab as deployed', () => {
    let lab: Ec2LabState;
    beforeAll(async () => {
      await emptyMoto();
      lab = await buildLabEc2(clients);
    });
    afterAll(() => destroyClients(clients));

    it('passes every check on the lab as deployed', async () => {
      const results = await checkLabEc2(await labContext(clients, 'LabEc2'));
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(results.map((r) => r.id)).toEqual([
        'instance.running',
        'instance.type',
        'instance.ami',
        'instance.cpu-credits',
        'instance.imdsv2',
        'instance.volume',
        'instance.keypair',
        'sg.attached',
        'sg.port80',
        'sg.port4567',
        'sg.ssh',
        'instance.addresses',
      ]);
      expectDeclaredChecks(results, meta);
      expect(results.find((r) => r.id === 'sg.ssh')?.detail).toBe(`from ${SSH_CIDR}`);
      expect(results.find((r) => r.id === 'instance.addresses')?.detail).toMatch(/^public \d+\.\d+\.\d+\.\d+, private 10\.0\.0\.\d+$/);
    });

    // moto always answers "standard": only DescribeInstanceCreditSpecifications is mocked, every other EC2 call goes to moto.
    it('fails unlimited CPU credits on a lab deployed with standard, with the modify command', async () => {
      const { instanceId } = lab;
      const mock = partialMock(clients.ec2, [DescribeInstancesCommand, DescribeVolumesCommand, DescribeKeyPairsCommand, DescribeSecurityGroupsCommand]);
      mock.on(DescribeInstanceCreditSpecificationsCommand).resolves({ InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: 'unlimited' }] });
      try {
        const credits = failing.expectFails(await run(), 'instance.cpu-credits');
        expect(credits).toMatchObject({ title: 'CPU credits standard', detail: `${instanceId} unlimited` });
        expect(credits.hint).toContain(`--instance-credit-specification InstanceId=${instanceId},CpuCredits=standard`);
      } finally {
        mock.restore();
      }
    });

    it('passes CPU credits as moto reports them (standard), with the instance in the detail', async () => {
      const { instanceId } = lab;
      expect((await run()).find((r) => r.id === 'instance.cpu-credits')).toEqual({ id: 'instance.cpu-credits', title: 'CPU credits standard', status: 'pass', detail: `${instanceId} standard` });
    });
  });

  describe('on a lab built or changed otherwise', () => {
    beforeEach(emptyMoto);
    afterEach(() => destroyClients(clients));

    it('fails SSH open to the world, with the revoke command', async () => {
      const { groupId } = await buildLabEc2(clients, { sshCidr: '0.0.0.0/0' });
      const ssh = failing.expectFails(await run(), 'sg.ssh');
      expect(ssh.hint).toContain(`revoke-security-group-ingress --group-id ${groupId} --protocol tcp --port 22 --cidr 0.0.0.0/0`);
    });

    it('fails IMDSv1 allowed, then passes once tokens are required', async () => {
      const { instanceId } = await buildLabEc2(clients, { imdsv2: false });
      const before = failing.expectFails(await run(), 'instance.imdsv2');
      expect(before.detail).toBe('HttpTokens optional');
      expect(before.hint).toContain(`--instance-id ${instanceId} --http-tokens required`);
      await clients.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: instanceId, HttpTokens: 'required' }));
      expect(statusOf(await checkLabEc2(await labContext(clients, 'LabEc2')), 'instance.imdsv2')).toBe('pass');
    });

    it('fails an unencrypted root volume', async () => {
      await buildLabEc2(clients, { encrypted: false });
      const volume = failing.expectFails(await run(), 'instance.volume');
      expect(volume.hint).toContain('cannot be encrypted in place');
    });

    it('fails a key pair whose private key is not in SSM', async () => {
      const { keyPairId } = await buildLabEc2(clients, { storeKey: false });
      const key = failing.expectFails(await run(), 'instance.keypair');
      expect(key.hint).toContain(`/ec2/keypair/${keyPairId} is missing`);
    });

    it('fails an instance type other than the deployed one', async () => {
      await buildLabEc2(clients, { instanceType: 't3.small' });
      const type = failing.expectFails(await run(), 'instance.type');
      expect(type).toMatchObject({ title: 'instance type t3.micro', detail: 't3.small' });
    });

    it('fails a stopped instance with the start command', async () => {
      const { instanceId } = await buildLabEc2(clients);
      await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
      const running = failing.expectFails(await run(), 'instance.running');
      expect(running.hint).toContain(`aws ec2 start-instances --instance-ids ${instanceId}`);
    });

    it('fails when the private key parameter was deleted after deploy', async () => {
      const { keyPairId } = await buildLabEc2(clients);
      await clients.ssm.send(new DeleteParameterCommand({ Name: `/ec2/keypair/${keyPairId}` }));
      expect(statusOf(await checkLabEc2(await labContext(clients, 'LabEc2')), 'instance.keypair')).toBe('fail');
    });

    it('without an SSH rule, says so: a distinct line, not "only from your network"', async () => {
      await buildLabEc2(clients, { rules: OPEN_TO_WORLD.map(({ port }) => tcpFromCidr(port, '0.0.0.0/0')) });
      const ssh = (await run()).find((r) => r.id === 'sg.ssh');
      expect(ssh).toEqual({
        id: 'sg.ssh',
        title: SSH_CLOSED_TITLE,
        status: 'pass',
        detail: 'no sshCidr set: connect with EC2 Instance Connect or Session Manager, or redeploy with -c sshCidr=<your public IP>/32',
      });
    });

    it('an all-traffic rule from the world opens SSH too: fails, naming 0.0.0.0/0', async () => {
      const { groupId } = await buildLabEc2(clients, { rules: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
      const ssh = failing.expectFails(await run(), 'sg.ssh');
      expect(ssh.detail).toBe('from 0.0.0.0/0');
      expect(ssh.hint).toContain(`--group-id ${groupId} --protocol tcp --port 22 --cidr 0.0.0.0/0`);
    });

    it.each(OPEN_TO_WORLD.map(({ port }) => [port]))('fails port %i open only to a private range, with the authorize command', async (port) => {
      const others = OPEN_TO_WORLD.filter((o) => o.port !== port).map((o) => tcpFromCidr(o.port, '0.0.0.0/0'));
      const { groupId } = await buildLabEc2(clients, { rules: [...others, tcpFromCidr(port, '10.0.0.0/8'), tcpFromCidr(22, SSH_CIDR)] });
      const open = failing.expectFails(await run(), `sg.port${port}`);
      expect(open.detail).toBe('10.0.0.0/8');
      expect(open.hint).toBe(`add the rule: aws ec2 authorize-security-group-ingress --group-id ${groupId} --protocol tcp --port ${port} --cidr 0.0.0.0/0`);
    });

    it("fails when the notes' security group is not on the instance", async () => {
      await buildLabEc2(clients, { groupName: 'someone-elses' });
      const attached = failing.expectFails(await run(), 'sg.attached');
      expect(attached.hint).toBe('the instance has someone-elses: npx cdk deploy LabEc2 attaches it again');
    });

    it('fails an instance on another AMI than the one the stack resolved', async () => {
      const expected = await al2023AmiId(clients.ssm, template());
      const other = 'ami-12c6146b';
      expect(other).not.toBe(expected);
      await buildLabEc2(clients, { imageId: other });
      const ami = failing.expectFails(await run(), 'instance.ami');
      expect(ami.detail).toBe(other);
      expect(ami.hint).toBe(`the instance runs ${other}, the stack resolved ${expected}: npx cdk deploy LabEc2 replaces it`);
    });

    it('fails an instance without a public IP', async () => {
      await buildLabEc2(clients, { publicIp: false });
      const addresses = failing.expectFails(await run(), 'instance.addresses');
      expect(addresses.detail).toMatch(/^public none, private 10\.0\.0\.\d+$/);
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
