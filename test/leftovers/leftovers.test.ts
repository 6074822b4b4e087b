/**
 * `npm run leftovers` against moto over the wire: the state is built through the
 * APIs in two regions, as a half-destroyed lab would leave it, plus things that
 * are not the kit's and must not be reported.
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  CreateKeyPairCommand,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVolumeCommand,
  DeleteKeyPairCommand,
  DeleteVolumeCommand,
  EC2Client,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
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
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { CreateSecretCommand, DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { main } from '../../lib/leftovers/cli';
import { PRICES } from '../../lib/pricing/prices';
import { scanLeftovers } from '../../lib/leftovers/scan';
import { findTaggedLeftovers, LOAD_BALANCERS_PER_CALL } from '../../lib/leftovers/tagged';
import type { LeftoversReport, RegionClients } from '../../lib/leftovers/types';
import { captureIo } from '../cli/capture-io';
import { describeWithMoto, motoAccountId, motoClientConfig, resetMoto } from '../moto/moto';

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
/** Names a learner chose with -c labUserName=... -c adminGroupName=...: found by tag, not by cdk.json. */
const IAM_NAMES = { userName: 'my-own-learner', groupName: 'my-admins' };
/** The account-setting record a failed LabIam delete leaves (SSM, us-east-1). */
const RECORD = '/dva-labs/account-settings/password-policy/record';
/** A log group the LabIam stack made (CloudFormation's name) and tagged. */
const STACK_LOG_GROUP = 'LabIam-AccountPasswordPolicyLogGroupA1B2C3D4-AbCdEfGh1234';
const KIT_TAGS = [{ Key: 'Project', Value: 'aws-dva-labs' }, { Key: 'Lab', Value: 'LabEc2' }];
const tagged = (ResourceType: TagSpecification['ResourceType']): TagSpecification[] => [{ ResourceType, Tags: KIT_TAGS }];
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** A template CloudFormation (and moto) accepts without creating anything that bills. */
const EMPTY_TEMPLATE = JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });

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

const scan = (regions = [HOME, OTHER], clients = clientsFor) =>
  scanLeftovers({
    regions,
    clientsFor: clients,
    iam: track(new IAMClient(motoClientConfig(HOME))),
    recordsSsm: track(new SSMClient(motoClientConfig(HOME))),
    recordRegion: HOME,
    where: { env: {} },
  });
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
  readonly snapshotId: string;
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
  await home.logs.send(new CreateLogGroupCommand({ logGroupName: STACK_LOG_GROUP, tags: { Project: 'aws-dva-labs', Lab: 'LabIam' } }));
  await home.ssm.send(new PutParameterCommand({ Name: RECORD, Type: 'String', Value: '{"holders":[]}' }));
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
  // Named like a lab's log group, but not tagged by the kit.
  await home.logs.send(new CreateLogGroupCommand({ logGroupName: 'LabIam-mine-not-the-kits' }));
  // The network the EC2 labs share: kept on purpose.
  await home.cloudformation.send(new CreateStackCommand({ StackName: 'LabNetwork', TemplateBody: EMPTY_TEMPLATE }));
  const ownKey = await home.ec2.send(new CreateKeyPairCommand({ KeyName: 'my-own-key' }));
  await home.cloudformation.send(new CreateStackCommand({ StackName: 'MyOwnStack', TemplateBody: EMPTY_TEMPLATE }));
  // Expected, not a leftover.
  await home.cloudformation.send(new CreateStackCommand({ StackName: 'CDKToolkit', TemplateBody: EMPTY_TEMPLATE }));

  // Tagged by the kit, in the other region.
  const volume = await other.ec2.send(
    new CreateVolumeCommand({ AvailabilityZone: `${OTHER}a`, Size: 10, VolumeType: 'gp3', TagSpecifications: tagged('volume') }),
  );
  const otherAddress = await other.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagged('elastic-ip') }));
  const snapshot = await other.ec2.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId!, TagSpecifications: tagged('snapshot') }));

  return {
    instanceId,
    secretArn: secret.ARN!,
    labKeyPairId: labKey.KeyPairId!,
    ownKeyPairId: ownKey.KeyPairId!,
    idleAddressId: idle.AllocationId!,
    otherRegionAddressId: otherAddress.AllocationId!,
    volumeId: volume.VolumeId!,
    snapshotId: snapshot.SnapshotId!,
    lines: [
      `${HOME} CloudFormation stack LabEc2`,
      `${HOME} EC2 instance ${instanceId}`,
      `${HOME} Secrets Manager secret ${secret.ARN}`,
      `${HOME} log group /aws/lambda/LabIam-PasswordPolicyHandler1234`,
      `${HOME} log group ${STACK_LOG_GROUP}`,
      `${HOME} SSM parameter ${RECORD}`,
      `${HOME} key pair ${labKey.KeyPairId}`,
      `${HOME} SSM parameter /ec2/keypair/${labKey.KeyPairId}`,
      `${HOME} SSM parameter /ec2/keypair/key-0123456789abcdef0`,
      `${HOME} Elastic IP ${idle.AllocationId}`,
      `global IAM user ${IAM_NAMES.userName}`,
      `global IAM group ${IAM_NAMES.groupName}`,
      `${OTHER} EBS volume ${volume.VolumeId}`,
      `${OTHER} Elastic IP ${otherAddress.AllocationId}`,
      `${OTHER} EBS snapshot ${snapshot.SnapshotId}`,
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
  await home.logs.send(new DeleteLogGroupCommand({ logGroupName: STACK_LOG_GROUP }));
  await home.ssm.send(new DeleteParameterCommand({ Name: RECORD }));
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
  await other.ec2.send(new DeleteSnapshotCommand({ SnapshotId: built.snapshotId }));
  await other.ec2.send(new DeleteVolumeCommand({ VolumeId: built.volumeId }));
  await other.ec2.send(new ReleaseAddressCommand({ AllocationId: built.otherRegionAddressId }));
}

describeWithMoto('leftovers against moto', () => {
  afterEach(() => made.splice(0).forEach((client) => client.destroy()));

  const runCli = async (...args: string[]) => {
    const io = captureIo();
    const code = await main(args, io, { clientOverrides: (region) => motoClientConfig(region) });
    return { code, stdout: io.out(), stderr: io.err() };
  };
  const denied = () => Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' });

  // A scan only reads (it lists and describes): these tests share one account with the
  // leftovers in it, and the first two share its scan of both regions.
  describe('half-destroyed labs, built once for the tests that only scan them', () => {
    let built: Built;
    let report: LeftoversReport;
    beforeAll(async () => {
      await resetMoto();
      built = await buildLeftovers();
      report = await scan();
    });

    it('finds exactly the kit\'s tagged resources and untagged orphans in two regions, and nothing else', () => {
      expect(lines(report)).toEqual(built.lines);
      expect(report.expected.map((e) => `${e.region} ${e.kind} ${e.id}`).sort()).toEqual([`${HOME} CDK bootstrap stack CDKToolkit`, `${HOME} shared network stack LabNetwork`]);
      expect(report.expected.find((e) => e.id === 'LabNetwork')).toMatchObject({
        note: 'kept on purpose, free (a VPC with public subnets, no NAT gateway): the EC2 labs share it.',
        removeCommand: 'npx cdk destroy LabNetwork (after the EC2 labs)',
      });
      expect(report.problems).toEqual([]);
      expect(report.leftovers.every((l) => l.removeCommand.startsWith('aws ') || l.removeCommand.startsWith('npx cdk destroy'))).toBe(true);
    });

    it('prices what bills and gives each line its removal command', () => {
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
      expect(find(IAM_NAMES.userName).removeCommand).toBe(
        `aws iam remove-user-from-group --user-name ${IAM_NAMES.userName} --group-name ${IAM_NAMES.groupName} && aws iam delete-user --user-name ${IAM_NAMES.userName}`,
      );
      expect(find(IAM_NAMES.groupName).removeCommand).toBe(
        `aws iam detach-group-policy --group-name ${IAM_NAMES.groupName} --policy-arn ${ADMIN_POLICY} && aws iam delete-group --group-name ${IAM_NAMES.groupName}`,
      );
      expect(find(RECORD).removeCommand).toBe(`aws ssm delete-parameter --region ${HOME} --name ${RECORD}`);
      expect(find(STACK_LOG_GROUP)).toMatchObject({ detail: '0 bytes stored, tagged Project=aws-dva-labs', removeCommand: `aws logs delete-log-group --region ${HOME} --log-group-name ${STACK_LOG_GROUP}` });
      expect(report.usdPerHour).toBeCloseTo(report.leftovers.reduce((s, l) => s + l.usdPerHour, 0), 12);
    });

    it('scans only the regions asked for', async () => {
      const only = await scan([OTHER]);
      expect(lines(only)).toEqual(built.lines.filter((l) => l.startsWith(OTHER) || l.startsWith('global') || l.endsWith(RECORD)));
    });

    it('the CLI in-process shows progress on stderr and a table on stdout, no colour off a terminal', async () => {
      const run = await runCli('--region', OTHER);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`scanning ${OTHER} (1/1)\nchecking IAM (global)\n`);
      expect(run.stdout).toMatch(/EBS volume vol-/);
      expect(run.stdout).toContain(`6 left in ${OTHER}, $0.0061 an hour ($4.45 a month at us-east-1 list prices).`);
      expect(run.stdout).not.toContain('\x1b[');
      // Then the quotas of the home region, what the kit uses of them and what others do.
      expect(run.stdout).toContain(`\nQuotas in ${OTHER} that a lab can hit:\n`);
      expect(run.stdout).toMatch(/Running On-Demand Standard \(A, C, D, H, I, M, R, T, Z\) instances: \d+ of \d+ vCPUs.*; the kit's: \d+, others: \d+/);
    });

    it('never gives up half way: a region where the caller is denied is reported as not scanned; the other region is still listed (exit 1)', async () => {
      const partial = await scan([HOME, OTHER], (region) => {
        const clients = clientsFor(region);
        if (region === OTHER) mockClient(clients.cloudformation).on(DescribeStacksCommand).rejects(denied());
        return clients;
      });
      expect(partial.problems).toEqual([
        {
          region: OTHER,
          what: 'region',
          why: 'access denied (User is not authorized to perform: cloudformation:DescribeStacks): use credentials allowed to read the labs, such as the admin user of LabIam',
        },
      ]);
      expect(lines(partial)).toEqual(built.lines.filter((l) => !l.startsWith(OTHER)));
    });

    it('never gives up half way: one call denied: that part is reported, the rest of the region is still scanned', async () => {
      const partial = await scan([OTHER], (region) => {
        const clients = clientsFor(region);
        mockClient(clients.tagging).on(GetResourcesCommand).rejects(Object.assign(new Error('no tagging for you'), { name: 'AccessDeniedException' }));
        return clients;
      });
      expect(partial.problems).toEqual([
        { region: OTHER, what: 'tagged resources', why: 'access denied (no tagging for you): use credentials allowed to read the labs, such as the admin user of LabIam' },
      ]);
      // The Elastic IP and the snapshot are found without the Tagging API; the volume only with it.
      expect(lines(partial)).toEqual(built.lines.filter((l) => (l.startsWith(OTHER) && !l.includes('EBS volume')) || l.startsWith('global') || l.endsWith(RECORD)));
    });

    // Last of the tests on the shared account, and it takes its stack away again.
    it('leaves the IAM user and group to the LabIam stack while that stack exists', async () => {
      const cloudformation = clientsFor(OTHER).cloudformation;
      await cloudformation.send(new CreateStackCommand({ StackName: 'LabIam', TemplateBody: EMPTY_TEMPLATE }));
      try {
        const withStack = await scan();
        // Its user, group and account-setting record are the stack's own while it exists.
        expect(withStack.leftovers.filter((l) => l.region === 'global' || l.id === RECORD)).toEqual([]);
        expect(lines(withStack)).toContain(`${OTHER} CloudFormation stack LabIam`);
      } finally {
        await cloudformation.send(new DeleteStackCommand({ StackName: 'LabIam' }));
      }
    });
  });

  describe('each test on an account of its own', () => {
    beforeEach(resetMoto);

    it('the CLI in-process exits 1 with the leftovers as JSON; once everything is removed the scan reports nothing (a terminated instance still tagged is not a leftover) and the CLI exits 0', async () => {
      const built = await buildLeftovers();
      const found = await runCli('--json', '--region', HOME);
      // --json prints no progress.
      expect(found.stderr).toBe('');
      expect(found.code).toBe(1);
      const report = JSON.parse(found.stdout) as LeftoversReport;
      expect(lines(report)).toEqual(built.lines.filter((l) => !l.startsWith(OTHER)));

      await removeLeftovers(built);
      const after = await scan();
      expect(lines(after)).toEqual([]);
      expect(after.usdPerHour).toBe(0);
      expect(after.expected).toHaveLength(2);
      const clean = await runCli('--json', '--region', HOME);
      expect(clean.code).toBe(0);
      expect((JSON.parse(clean.stdout) as LeftoversReport).leftovers).toEqual([]);
    });

    it('never gives up half way: ignores a load balancer and a volume the Tagging API still lists but that are gone (NotFound)', async () => {
      const other = clientsFor(OTHER);
      const vpcId = (await other.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
      const subnets = [];
      for (const [i, az] of ['a', 'b'].entries()) {
        subnets.push((await other.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.1.${i}.0/24`, AvailabilityZone: `${OTHER}${az}` }))).Subnet!.SubnetId!);
      }
      const lb = (await other.elbv2.send(new CreateLoadBalancerCommand({ Name: 'LabAlb-lb', Subnets: subnets, Scheme: 'internet-facing' }))).LoadBalancers![0];
      const gone = lb.LoadBalancerArn!.replace(/\/[0-9a-f]+$/, '/0123456789abcdef');
      const report = await scan([OTHER], (region) => {
        const clients = clientsFor(region);
        mockClient(clients.tagging)
          .on(GetResourcesCommand)
          .resolves({
            ResourceTagMappingList: [
              { ResourceARN: lb.LoadBalancerArn },
              { ResourceARN: gone },
              { ResourceARN: `arn:aws:ec2:${OTHER}:${motoAccountId()}:volume/vol-0123456789abcdef0` },
            ],
          });
        return clients;
      });
      expect(report.problems).toEqual([]);
      expect(lines(report)).toEqual([`${OTHER} load balancer ${lb.LoadBalancerArn}`]);
    });
  });

  describe('the CLI in-process (lib/leftovers/cli.ts main), stopped before any AWS call', () => {
    it('exits 2 on a bad argument', async () => {
      const run = await runCli('--region');
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe('--region needs a value: --region <region>');
    });

    it('exits 3 naming a profile that does not exist', async () => {
      const io = captureIo({ AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' });
      const code = await main(['--profile', 'nope'], io);
      expect(code).toBe(3);
      expect(io.err()).toBe(
        'AWS profile "nope" not found in ~/.aws/config or ~/.aws/credentials (no profile there). Create it with aws configure --profile nope (or aws configure sso --profile nope).\n',
      );
    });

    it('exits 3 on a malformed region, saying so', async () => {
      const run = await runCli('--region', 'eu-westish');
      expect(run.code).toBe(3);
      expect(run.stderr).toBe('--region "eu-westish" is not a region name: regions look like us-east-1 or eu-west-3 (list them with aws ec2 describe-regions).\n');
    });
  });
}, { awsManagedPolicies: true }); // attaches AdministratorAccess

describe('load balancers are described in batches of 20', () => {
  it('21 tagged load balancers: two DescribeLoadBalancers calls, 20 then 1', async () => {
    const arns = Array.from({ length: 21 }, (_, i) => `arn:aws:elasticloadbalancing:${HOME}:123456789012:loadbalancer/app/LabAlb-${i}/${String(i).padStart(16, '0')}`);
    const tagging = mockClient(ResourceGroupsTaggingAPIClient);
    const elbv2 = mockClient(ElasticLoadBalancingV2Client);
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: arns.map((ResourceARN) => ({ ResourceARN })) });
    elbv2.on(DescribeLoadBalancersCommand).callsFake((input: { LoadBalancerArns: string[] }) =>
      Promise.resolve({ LoadBalancers: input.LoadBalancerArns.map((arn) => ({ LoadBalancerArn: arn, Type: 'application', Scheme: 'internal', AvailabilityZones: [] })) }),
    );
    try {
      const clients = { tagging: new ResourceGroupsTaggingAPIClient({ region: HOME }), elbv2: new ElasticLoadBalancingV2Client({ region: HOME }), ec2: new EC2Client({ region: HOME }) } as unknown as RegionClients;
      const found = await findTaggedLeftovers(HOME, clients, []);
      expect(elbv2.commandCalls(DescribeLoadBalancersCommand).map((c) => c.args[0].input.LoadBalancerArns?.length)).toEqual([LOAD_BALANCERS_PER_CALL, 1]);
      expect(found).toHaveLength(21);
      expect(found[0].usdPerHour).toBeCloseTo(PRICES.items.albHour.usd + PRICES.items.albLcuHour.usd, 12);
    } finally {
      tagging.restore();
      elbv2.restore();
    }
  });
});

describe('a Network Load Balancer left behind (LabNlb)', () => {
  async function priced(loadBalancer: Record<string, unknown>) {
    const arn = `arn:aws:elasticloadbalancing:${HOME}:123456789012:loadbalancer/net/LabNlb-x/0123456789abcdef`;
    const tagging = mockClient(ResourceGroupsTaggingAPIClient);
    const elbv2 = mockClient(ElasticLoadBalancingV2Client);
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn }] });
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: arn, ...loadBalancer }] });
    try {
      const clients = { tagging: new ResourceGroupsTaggingAPIClient({ region: HOME }), elbv2: new ElasticLoadBalancingV2Client({ region: HOME }), ec2: new EC2Client({ region: HOME }) } as unknown as RegionClients;
      const [found] = await findTaggedLeftovers(HOME, clients, []);
      return found.usdPerHour;
    } finally {
      tagging.restore();
      elbv2.restore();
    }
  }
  const nlbHour = 0.0225 + 0.006;

  it('bills its hour and one NLCU; its static addresses are Elastic IPs, listed and priced on their own', async () => {
    const zones = ['a', 'b'].map((z) => ({ ZoneName: `${HOME}${z}`, LoadBalancerAddresses: [{ IpAddress: '203.0.113.1', AllocationId: `eipalloc-${z}` }] }));
    expect(await priced({ Type: 'network', Scheme: 'internet-facing', AvailabilityZones: zones })).toBeCloseTo(nlbHour, 12);
  });

  it('without Elastic IPs, one public IPv4 per zone on top', async () => {
    const zones = ['a', 'b'].map((z) => ({ ZoneName: `${HOME}${z}`, LoadBalancerAddresses: [] }));
    expect(await priced({ Type: 'network', Scheme: 'internet-facing', AvailabilityZones: zones })).toBeCloseTo(nlbHour + 2 * 0.005, 12);
  });

  it('a gateway load balancer has no price in the table: 0, said in its line, never guessed', async () => {
    expect(await priced({ Type: 'gateway', Scheme: 'internal', AvailabilityZones: [] })).toBe(0);
  });
});
