import { RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabSpot } from '../../../lib/labs/lab-spot/check';
import { meta } from '../../../lib/labs/lab-spot/meta';
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
  REGION,
  templateWhenNeeded,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabSpot as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabSpot');

describeWithMoto('check LabSpot (moto)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => destroyClients(clients));

  /**
   * The lab through the APIs: the instance bought as the launch template buys it (moto does
   * not apply a launch template's market options, so they go on RunInstances itself).
   */
  async function deployLab(options: { spot?: boolean; instanceType?: string } = {}) {
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'spot', []);
    const run = await clients.ec2.send(
      new RunInstancesCommand({
        ImageId: await al2023AmiId(clients.ssm, template()),
        InstanceType: (options.instanceType ?? 't3.micro') as never,
        MinCount: 1,
        MaxCount: 1,
        SubnetId: network.subnetIds[0],
        SecurityGroupIds: [groupId],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
        InstanceMarketOptions:
          options.spot === false
            ? undefined
            : { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } },
      }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    const instance = await describeInstance(clients.ec2, instanceId);
    await deployLabStack(clients.cloudFormation, 'LabSpot', template(), [
      { type: 'AWS::EC2::Instance', ref: instanceId, attributes: { PublicIp: instance.PublicIpAddress!, AvailabilityZone: `${REGION}a` } },
      { type: 'AWS::EC2::LaunchTemplate', ref: 'lt-0123456789abcdef0' },
      await labKeyPair(clients, 'LabSpotKeyPair'),
    ]);
    return { instanceId, context: await labContext(clients, 'LabSpot') };
  }

  it('passes on a spot instance and prints the spot price from the EC2 API against the on-demand list price', async () => {
    const { context } = await deployLab();
    const results = await checkLabSpot(context);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expectDeclaredChecks(results, meta);
    expect(results.find((r) => r.id === 'spot.price')).toMatchObject({
      title: `spot price of t3.micro in ${REGION}a against on-demand`,
      // moto publishes $0.00001 for every type; the on-demand side comes from lib/pricing/prices.json.
      detail: '$0.000010/h now, on-demand $0.0104/h (us-east-1 list price, 2026-11-26): 100% less',
    });
  });

  it('fails an instance bought on demand', async () => {
    const { context } = await deployLab({ spot: false });
    const lifecycle = failing.expectFails(await checkLabSpot(context), 'spot.lifecycle');
    expect(lifecycle).toMatchObject({ status: 'fail', detail: 'on-demand' });
    expect(lifecycle.hint).toContain('npx cdk destroy LabSpot && npx cdk deploy LabSpot');
  });

  it('fails a type EC2 publishes no spot price for in that AZ', async () => {
    const { context } = await deployLab({ instanceType: 'p5.48xlarge' });
    const price = failing.expectFails(await checkLabSpot(context), 'spot.price');
    expect(price).toMatchObject({ status: 'fail', title: `spot price of p5.48xlarge in ${REGION}a against on-demand` });
    expect(price.hint).toContain('no spot price for p5.48xlarge');
  });

  it('fails a terminated instance (as after an interruption) and says only a new stack brings it back', async () => {
    const { instanceId, context } = await deployLab();
    await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    const results = await checkLabSpot(context);
    expect(results.map((r) => r.id)).toEqual(['instance.running']);
    failing.expectFails(results, 'instance.running');
    expect(results[0].hint).toMatch(/^the instance is terminated \(.+\); CloudFormation does not relaunch it: npx cdk destroy LabSpot && npx cdk deploy LabSpot$/);
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
