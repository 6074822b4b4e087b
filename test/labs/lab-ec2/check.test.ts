import { CreateTagsCommand, ModifyInstanceMetadataOptionsCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
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
  synthesizedTemplate,
  tcpFromCidr,
} from '../../helpers/lab-state';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { meta, OPEN_TO_WORLD, SECURITY_GROUP_NAME } from '../../../lib/labs/lab-ec2/meta';

const SSH_CIDR = '203.0.113.10/32';
/** LabEc2 as `cdk synth -c sshCidr=...` writes it: its outputs and instance sections become the fixture. */
const TEMPLATE = synthesizedTemplate('LabEc2', { sshCidr: SSH_CIDR });

interface Ec2LabState {
  readonly instanceId: string;
  readonly groupId: string;
  readonly keyPairId: string;
}

/** LabEc2 as the stack deploys it, with what a test wants broken. */
async function buildLabEc2(
  clients: CheckClients,
  broken: { sshCidr?: string; imdsv2?: boolean; encrypted?: boolean; storeKey?: boolean; instanceType?: string; extraRules?: boolean } = {},
): Promise<Ec2LabState> {
  const { ec2, ssm } = clients;
  const network = await createNetwork(ec2);
  const rules = [...OPEN_TO_WORLD.map(({ port }) => tcpFromCidr(port, '0.0.0.0/0')), tcpFromCidr(22, broken.sshCidr ?? SSH_CIDR)];
  const groupId = await createSecurityGroup(ec2, network.vpcId, SECURITY_GROUP_NAME, rules);
  const keyPairId = await createKeyPairWithSsmKey(ec2, ssm, 'LabEc2KeyPair', broken.storeKey !== false);
  const instanceId = await runLabInstance(ec2, {
    subnetId: network.subnetIds[0],
    securityGroupIds: [groupId],
    keyName: 'LabEc2KeyPair',
    imageId: await al2023AmiId(ssm, TEMPLATE),
    instanceType: broken.instanceType,
    imdsv2: broken.imdsv2,
    encrypted: broken.encrypted,
  });
  await ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'Name', Value: 'FirstInstance' }] }));
  const described = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
  await deployLabStack(
    clients.cloudFormation,
    'LabEc2',
    TEMPLATE,
    [
      {
        type: 'AWS::EC2::Instance',
        ref: instanceId,
        attributes: { PublicIp: described.PublicIpAddress!, PrivateIp: described.PrivateIpAddress!, PublicDnsName: described.PublicDnsName ?? '' },
      },
      { type: 'AWS::EC2::KeyPair', ref: 'LabEc2KeyPair', attributes: { KeyPairId: keyPairId } },
    ],
    instanceSections(TEMPLATE),
  );
  return { instanceId, groupId, keyPairId };
}

describeWithMoto('check LabEc2 (moto)', () => {
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => destroyClients(clients));

  it('passes every check on the lab as deployed', async () => {
    await buildLabEc2(clients);
    const results = await checkLabEc2(await labContext(clients, 'LabEc2'));
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(results.map((r) => r.id)).toEqual([
      'instance.running',
      'instance.type',
      'instance.ami',
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

  it('fails SSH open to the world, with the revoke command', async () => {
    const { groupId } = await buildLabEc2(clients, { sshCidr: '0.0.0.0/0' });
    const ssh = (await checkLabEc2(await labContext(clients, 'LabEc2'))).find((r) => r.id === 'sg.ssh')!;
    expect(ssh.status).toBe('fail');
    expect(ssh.hint).toContain(`revoke-security-group-ingress --group-id ${groupId} --protocol tcp --port 22 --cidr 0.0.0.0/0`);
  });

  it('fails IMDSv1 allowed, then passes once tokens are required', async () => {
    const { instanceId } = await buildLabEc2(clients, { imdsv2: false });
    const before = (await checkLabEc2(await labContext(clients, 'LabEc2'))).find((r) => r.id === 'instance.imdsv2')!;
    expect(before).toMatchObject({ status: 'fail', detail: 'HttpTokens optional' });
    expect(before.hint).toContain(`--instance-id ${instanceId} --http-tokens required`);
    await clients.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: instanceId, HttpTokens: 'required' }));
    expect(statusOf(await checkLabEc2(await labContext(clients, 'LabEc2')), 'instance.imdsv2')).toBe('pass');
  });

  it('fails an unencrypted root volume', async () => {
    await buildLabEc2(clients, { encrypted: false });
    const volume = (await checkLabEc2(await labContext(clients, 'LabEc2'))).find((r) => r.id === 'instance.volume')!;
    expect(volume.status).toBe('fail');
    expect(volume.hint).toContain('cannot be encrypted in place');
  });

  it('fails a key pair whose private key is not in SSM', async () => {
    const { keyPairId } = await buildLabEc2(clients, { storeKey: false });
    const key = (await checkLabEc2(await labContext(clients, 'LabEc2'))).find((r) => r.id === 'instance.keypair')!;
    expect(key.status).toBe('fail');
    expect(key.hint).toContain(`/ec2/keypair/${keyPairId} is missing`);
  });

  it('fails an instance type other than the deployed one', async () => {
    await buildLabEc2(clients, { instanceType: 't3.small' });
    const type = (await checkLabEc2(await labContext(clients, 'LabEc2'))).find((r) => r.id === 'instance.type')!;
    expect(type).toMatchObject({ status: 'fail', title: 'instance type t3.micro', detail: 't3.small' });
  });

  it('fails a stopped instance with the start command', async () => {
    const { instanceId } = await buildLabEc2(clients);
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    const running = (await checkLabEc2(await labContext(clients, 'LabEc2'))).find((r) => r.id === 'instance.running')!;
    expect(running.status).toBe('fail');
    expect(running.hint).toContain(`aws ec2 start-instances --instance-ids ${instanceId}`);
  });

  it('fails when the private key parameter was deleted after deploy', async () => {
    const { keyPairId } = await buildLabEc2(clients);
    await clients.ssm.send(new DeleteParameterCommand({ Name: `/ec2/keypair/${keyPairId}` }));
    expect(statusOf(await checkLabEc2(await labContext(clients, 'LabEc2')), 'instance.keypair')).toBe('fail');
  });
});
