/**
 * `npm run leftovers` against moto over the wire: the state is built through the
 * APIs in two regions, as a half-destroyed lab would leave it, plus things that
 * are not the kit's and must not be reported.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  CreateKeyPairCommand,
  CreateVolumeCommand,
  DeleteKeyPairCommand,
  DeleteVolumeCommand,
  EC2Client,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  IAMClient,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { CreateSecretCommand, DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PRICES } from '../../lib/cost/prices';
import { scanLeftovers } from '../../lib/leftovers/scan';
import type { LeftoversReport, RegionClients } from '../../lib/leftovers/types';
import { describeWithMoto, motoClientConfig, motoProcessEnv, resetMoto } from '../moto/moto';

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const IAM_NAMES = { userName: 'dva-learner', groupName: 'admin' };
const KIT_TAGS = [{ Key: 'Project', Value: 'aws-dva-labs' }, { Key: 'Lab', Value: 'LabEc2' }];
const tagged = (ResourceType: TagSpecification['ResourceType']): TagSpecification[] => [{ ResourceType, Tags: KIT_TAGS }];
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** A template CloudFormation (and moto) accepts without creating anything that bills. */
const EMPTY_TEMPLATE = JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
const ROOT = path.join(__dirname, '..', '..');

/** Every client the test makes, destroyed after each test so that no socket stays open. */
const made: { destroy(): void }[] = [];
const track = <T extends { destroy(): void }>(client: T): T => {
  made.push(client);
  return client;
};

function clientsFor(region: string): RegionClients {
  const config = motoClientConfig(region);
  const clients = {
    ec2: new EC2Client(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    cloudformation: new CloudFormationClient(config),
    logs: new CloudWatchLogsClient(config),
    ssm: new SSMClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
  };
  Object.values(clients).forEach(track);
  return clients;
}

const scan = (regions = [HOME, OTHER]) => scanLeftovers({ regions, clientsFor, iam: track(new IAMClient(motoClientConfig(HOME))), iamNames: IAM_NAMES });
const lines = (report: LeftoversReport) => report.leftovers.map((l) => `${l.region} ${l.kind} ${l.id}`).sort();

/** What a half-destroyed set of labs leaves, and what the scan must tell apart. */
interface Built {
  readonly instanceId: string;
  readonly secretArn: string;
  readonly labKeyPairId: string;
  readonly ownKeyPairId: string;
  readonly idleAddressId: string;
  readonly otherRegionAddressId: string;
  readonly volumeId: string;
  readonly lines: string[];
}

async function buildLeftovers(): Promise<Built> {
  const home = clientsFor(HOME);
  const other = clientsFor(OTHER);
  const secrets = track(new SecretsManagerClient(motoClientConfig(HOME)));
  const iam = track(new IAMClient(motoClientConfig(HOME)));

  // Tagged by the kit, in the home region.
  const run = await home.ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, TagSpecifications: tagged('instance') }),
  );
  const instanceId = run.Instances![0].InstanceId!;
  const secret = await secrets.send(new CreateSecretCommand({ Name: 'LabIamUserPassword', SecretString: 'x', Tags: KIT_TAGS }));

  // Untagged orphans, in the home region.
  await home.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/LabIam-PasswordPolicyHandler1234' }));
  const labKey = await home.ec2.send(new CreateKeyPairCommand({ KeyName: 'LabEc2KeyPair4E151EF2', KeyType: 'ed25519' }));
  await home.ssm.send(new PutParameterCommand({ Name: `/ec2/keypair/${labKey.KeyPairId}`, Type: 'SecureString', Value: 'private key' }));
  await home.ssm.send(new PutParameterCommand({ Name: '/ec2/keypair/key-0123456789abcdef0', Type: 'SecureString', Value: 'private key' }));
  const idle = await home.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await home.cloudformation.send(new CreateStackCommand({ StackName: 'LabEc2', TemplateBody: EMPTY_TEMPLATE }));
  await iam.send(new CreateUserCommand({ UserName: IAM_NAMES.userName, Tags: KIT_TAGS }));
  await iam.send(new CreateGroupCommand({ GroupName: IAM_NAMES.groupName }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: IAM_NAMES.groupName, PolicyArn: ADMIN_POLICY }));
  await iam.send(new AddUserToGroupCommand({ GroupName: IAM_NAMES.groupName, UserName: IAM_NAMES.userName }));

  // Not the kit's: must not be reported.
  await home.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/my-own-function' }));
  const ownKey = await home.ec2.send(new CreateKeyPairCommand({ KeyName: 'my-own-key' }));
  await home.cloudformation.send(new CreateStackCommand({ StackName: 'MyOwnStack', TemplateBody: EMPTY_TEMPLATE }));
  // Expected, not a leftover.
  await home.cloudformation.send(new CreateStackCommand({ StackName: 'CDKToolkit', TemplateBody: EMPTY_TEMPLATE }));

  // Tagged by the kit, in the other region.
  const volume = await other.ec2.send(
    new CreateVolumeCommand({ AvailabilityZone: `${OTHER}a`, Size: 10, VolumeType: 'gp3', TagSpecifications: tagged('volume') }),
  );
  const otherAddress = await other.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagged('elastic-ip') }));

  return {
    instanceId,
    secretArn: secret.ARN!,
    labKeyPairId: labKey.KeyPairId!,
    ownKeyPairId: ownKey.KeyPairId!,
    idleAddressId: idle.AllocationId!,
    otherRegionAddressId: otherAddress.AllocationId!,
    volumeId: volume.VolumeId!,
    lines: [
      `${HOME} CloudFormation stack LabEc2`,
      `${HOME} EC2 instance ${instanceId}`,
      `${HOME} Secrets Manager secret ${secret.ARN}`,
      `${HOME} log group /aws/lambda/LabIam-PasswordPolicyHandler1234`,
      `${HOME} key pair ${labKey.KeyPairId}`,
      `${HOME} SSM parameter /ec2/keypair/${labKey.KeyPairId}`,
      `${HOME} SSM parameter /ec2/keypair/key-0123456789abcdef0`,
      `${HOME} Elastic IP ${idle.AllocationId}`,
      `global IAM user ${IAM_NAMES.userName}`,
      `global IAM group ${IAM_NAMES.groupName}`,
      `${OTHER} EBS volume ${volume.VolumeId}`,
      `${OTHER} Elastic IP ${otherAddress.AllocationId}`,
    ].sort(),
  };
}

/** Removes everything buildLeftovers made for the kit, with the APIs the printed commands call. */
async function removeLeftovers(built: Built): Promise<void> {
  const home = clientsFor(HOME);
  const other = clientsFor(OTHER);
  const iam = track(new IAMClient(motoClientConfig(HOME)));
  await home.ec2.send(new TerminateInstancesCommand({ InstanceIds: [built.instanceId] }));
  await track(new SecretsManagerClient(motoClientConfig(HOME))).send(new DeleteSecretCommand({ SecretId: built.secretArn, ForceDeleteWithoutRecovery: true }));
  await home.logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/LabIam-PasswordPolicyHandler1234' }));
  // By name: moto ignores KeyPairId here (the printed command's --key-pair-id works on AWS).
  await home.ec2.send(new DeleteKeyPairCommand({ KeyName: 'LabEc2KeyPair4E151EF2' }));
  await home.ssm.send(new DeleteParameterCommand({ Name: `/ec2/keypair/${built.labKeyPairId}` }));
  await home.ssm.send(new DeleteParameterCommand({ Name: '/ec2/keypair/key-0123456789abcdef0' }));
  await home.ec2.send(new ReleaseAddressCommand({ AllocationId: built.idleAddressId }));
  await home.cloudformation.send(new DeleteStackCommand({ StackName: 'LabEc2' }));
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: IAM_NAMES.groupName, UserName: IAM_NAMES.userName }));
  await iam.send(new DeleteUserCommand({ UserName: IAM_NAMES.userName }));
  await iam.send(new DetachGroupPolicyCommand({ GroupName: IAM_NAMES.groupName, PolicyArn: ADMIN_POLICY }));
  await iam.send(new DeleteGroupCommand({ GroupName: IAM_NAMES.groupName }));
  await other.ec2.send(new DeleteVolumeCommand({ VolumeId: built.volumeId }));
  await other.ec2.send(new ReleaseAddressCommand({ AllocationId: built.otherRegionAddressId }));
}

describeWithMoto('leftovers against moto', () => {
  beforeEach(resetMoto);
  afterEach(() => made.splice(0).forEach((client) => client.destroy()));

  it('finds exactly the kit\'s tagged resources and untagged orphans in two regions, and nothing else', async () => {
    const built = await buildLeftovers();
    const report = await scan();
    expect(lines(report)).toEqual(built.lines);
    expect(report.expected.map((e) => `${e.region} ${e.id}`)).toEqual([`${HOME} CDKToolkit`]);
    expect(report.leftovers.every((l) => l.removeCommand.startsWith('aws ') || l.removeCommand.startsWith('npx cdk destroy'))).toBe(true);
  });

  it('prices what bills and gives each line its removal command', async () => {
    const built = await buildLeftovers();
    const report = await scan();
    const find = (id: string) => report.leftovers.find((l) => l.id === id)!;
    const ip = PRICES.items.publicIpv4Hour.usd;
    expect(find(built.volumeId).usdPerHour).toBeCloseTo((10 * PRICES.items.ebsGp3GbMonth.usd) / 730, 10);
    expect(find(built.idleAddressId)).toMatchObject({ usdPerHour: ip, removeCommand: `aws ec2 release-address --region ${HOME} --allocation-id ${built.idleAddressId}` });
    expect(find(built.otherRegionAddressId).usdPerHour).toBe(ip);
    expect(find(built.secretArn).usdPerHour).toBeCloseTo(PRICES.items.secretMonth.usd / 730, 10);
    // A running t3.micro bills at least its hour; its public IPv4 and root volume come on top.
    const instance = find(built.instanceId);
    expect(instance.usdPerHour).toBeGreaterThanOrEqual(PRICES.instanceHour['t3.micro'].usd);
    expect(instance).toMatchObject({ removeCommand: `aws ec2 terminate-instances --region ${HOME} --instance-ids ${built.instanceId}` });
    expect(instance.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(find('admin').removeCommand).toBe(
      `aws iam remove-user-from-group --user-name dva-learner --group-name admin && aws iam detach-group-policy --group-name admin --policy-arn ${ADMIN_POLICY} && aws iam delete-group --group-name admin`,
    );
    expect(report.usdPerHour).toBeCloseTo(report.leftovers.reduce((s, l) => s + l.usdPerHour, 0), 12);
  });

  it('reports nothing once everything is removed (a terminated instance still tagged is not a leftover)', async () => {
    const built = await buildLeftovers();
    await removeLeftovers(built);
    const report = await scan();
    expect(lines(report)).toEqual([]);
    expect(report.usdPerHour).toBe(0);
    expect(report.expected).toHaveLength(1);
  });

  it('leaves the IAM user and group to the LabIam stack while that stack exists', async () => {
    await buildLeftovers();
    await clientsFor(OTHER).cloudformation.send(new CreateStackCommand({ StackName: 'LabIam', TemplateBody: EMPTY_TEMPLATE }));
    const report = await scan();
    expect(report.leftovers.filter((l) => l.region === 'global')).toEqual([]);
    expect(lines(report)).toContain(`${OTHER} CloudFormation stack LabIam`);
  });

  it('scans only the regions asked for', async () => {
    const built = await buildLeftovers();
    const report = await scan([OTHER]);
    expect(lines(report)).toEqual(built.lines.filter((l) => l.startsWith(OTHER) || l.startsWith('global')));
  });

  describe('the CLI as a process', () => {
    const runCli = (...args: string[]) =>
      spawnSync('node', ['--require', 'tsx/cjs', 'bin/leftovers.ts', ...args], { cwd: ROOT, env: motoProcessEnv(HOME), encoding: 'utf8', timeout: 60_000 });

    it('exits 1 with the leftovers as JSON, and 0 once they are gone', async () => {
      const built = await buildLeftovers();
      const found = runCli('--json', '--region', HOME);
      // --json prints no progress (stderr may carry Node's own warnings).
      expect(found.stderr).not.toContain('scanning');
      expect(found.status).toBe(1);
      const report = JSON.parse(found.stdout) as LeftoversReport;
      expect(lines(report)).toEqual(built.lines.filter((l) => !l.startsWith(OTHER)));

      await removeLeftovers(built);
      const clean = runCli('--json', '--region', HOME);
      expect(clean.status).toBe(0);
      expect((JSON.parse(clean.stdout) as LeftoversReport).leftovers).toEqual([]);
    });

    it('shows progress on stderr and a table on stdout', async () => {
      await buildLeftovers();
      const run = runCli('--region', OTHER);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`scanning ${OTHER} (1/1)`);
      expect(run.stdout).toMatch(/EBS volume vol-/);
      expect(run.stdout).toMatch(/left in eu-west-1/);
    });

    it('exits 2 on a bad argument', () => {
      const run = runCli('--region');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/--region needs a region name/);
    });
  });
}, { awsManagedPolicies: true }); // attaches AdministratorAccess
