import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceCreditSpecificationsCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabBurstable } from '../../../lib/labs/lab-burstable/check';
import { meta } from '../../../lib/labs/lab-burstable/meta';
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
  runLabInstance,
  templateWhenNeeded,
  type SynthesizedTemplate,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabBurstable as `cdk synth` writes it, in each credit mode: its outputs become the fixture. */
const standard = templateWhenNeeded('LabBurstable');
const unlimited = templateWhenNeeded('LabBurstable', { creditMode: 'unlimited' });

type Points = Partial<Record<'CPUUtilization' | 'CPUCreditBalance' | 'CPUCreditUsage' | 'CPUSurplusCreditBalance' | 'CPUSurplusCreditsCharged', number[]>>;

describeWithMoto('check LabBurstable (moto)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    destroyClients(clients);
  });

  async function deployLab(template: SynthesizedTemplate) {
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'burstable', []);
    const instanceId = await runLabInstance(clients.ec2, {
      subnetId: network.subnetIds[0],
      securityGroupIds: [groupId],
      imageId: await al2023AmiId(clients.ssm, template),
    });
    const instance = await describeInstance(clients.ec2, instanceId);
    await deployLabStack(clients.cloudFormation, 'LabBurstable', template, [
      { type: 'AWS::EC2::Instance', ref: instanceId, attributes: { PublicIp: instance.PublicIpAddress! } },
      await labKeyPair(clients, 'LabBurstableKeyPair'),
    ]);
    return instanceId;
  }

  /** What EC2 would have sent CloudWatch: one value every 5 minutes, the last one now. */
  async function putMetrics(instanceId: string, points: Points) {
    const now = Date.now();
    for (const [name, values] of Object.entries(points)) {
      await clients.cloudWatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/EC2',
          MetricData: values.map((value, i) => ({
            MetricName: name,
            Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
            Timestamp: new Date(now - (values.length - 1 - i) * 300_000 - 1_000),
            Value: value,
          })),
        }),
      );
    }
  }

  /** EC2's answer moto cannot give: moto reports every instance as standard. */
  function creditsAre(mode: 'standard' | 'unlimited') {
    const send = clients.ec2.send.bind(clients.ec2);
    jest.spyOn(clients.ec2, 'send').mockImplementation(((command: unknown) =>
      command instanceof DescribeInstanceCreditSpecificationsCommand
        ? Promise.resolve({ InstanceCreditSpecifications: [{ InstanceId: command.input.InstanceIds?.[0], CpuCredits: mode }] })
        : send(command as never)) as never);
  }

  it('passes in standard mode and says what the metrics show: credits falling, CPU held at the baseline', async () => {
    const instanceId = await deployLab(standard());
    await putMetrics(instanceId, {
      CPUUtilization: [1, 100, 100, 100, 10.2],
      CPUCreditBalance: [12, 11.4, 5.5, 0.4, 0],
      CPUCreditUsage: [0.1, 9, 9, 6, 1],
    });
    const results = await checkLabBurstable(await labContext(clients, 'LabBurstable'));
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expectDeclaredChecks(results, meta);
    expect(Object.fromEntries(results.map((r) => [r.id, r.detail]))).toMatchObject({
      'credits.mode': 'standard',
      'credits.balance': '12.0 -> 0.0 credits, falling: the CPU spends more than it earns; 25.1 spent',
      'cpu.baseline': '10.2% now, held at the 10% baseline: no credits left (standard mode)',
      'credits.surplus': 'none: standard mode never spends surplus credits, it holds the CPU at the baseline instead',
    });
    expect(results.find((r) => r.id === 'cpu.baseline')?.title).toBe('CPUUtilization against the baseline (10% for t3.micro)');
  });

  it('says an idle instance is earning credits, and how to start the burn', async () => {
    const instanceId = await deployLab(standard());
    await putMetrics(instanceId, { CPUUtilization: [0.5, 0.4], CPUCreditBalance: [1, 2] });
    const results = await checkLabBurstable(await labContext(clients, 'LabBurstable'));
    expect(results.find((r) => r.id === 'credits.balance')?.detail).toMatch(/^1\.0 -> 2\.0 credits, rising/);
    expect(results.find((r) => r.id === 'cpu.baseline')?.detail).toBe('0.4% now, below the 10% baseline: earning credits (start the burn with the StartBurnCommand output)');
  });

  it('fails when the instance runs another credit mode than the lab deployed (moto: standard, lab: unlimited)', async () => {
    const instanceId = await deployLab(unlimited());
    const mode = failing.expectFails(await checkLabBurstable(await labContext(clients, 'LabBurstable')), 'credits.mode');
    expect(mode).toMatchObject({ status: 'fail', title: 'CPU credits unlimited, as deployed', detail: 'standard' });
    expect(mode.hint).toContain(`aws ec2 modify-instance-credit-specification --instance-credit-specification "InstanceId=${instanceId},CpuCredits=unlimited"`);
  });

  it('fails the metric checks while CloudWatch has no data, saying to wait', async () => {
    await deployLab(standard());
    const results = await checkLabBurstable(await labContext(clients, 'LabBurstable'));
    for (const id of ['credits.balance', 'cpu.baseline']) {
      const result = failing.expectFails(results, id);
      expect(result.hint).toContain('wait 10 minutes after launch');
    }
  });

  it('in unlimited mode, prices the surplus credits not yet charged and passes while nothing is charged', async () => {
    const instanceId = await deployLab(unlimited());
    creditsAre('unlimited');
    await putMetrics(instanceId, {
      CPUUtilization: [100, 100],
      CPUCreditBalance: [0, 0],
      CPUSurplusCreditBalance: [9, 18],
      CPUSurplusCreditsCharged: [0, 0],
    });
    const results = await checkLabBurstable(await labContext(clients, 'LabBurstable'));
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expectDeclaredChecks(results, meta);
    expect(results.find((r) => r.id === 'cpu.baseline')?.detail).toBe('100.0% now, above the 10% baseline: bursting, on surplus credits');
    // 18 credits = 18 vCPU-minutes at $0.05 per vCPU-hour = $0.015.
    expect(results.find((r) => r.id === 'credits.surplus')?.detail).toBe(
      '18.0 outstanding ($0.0150 if the instance stopped now), 0.0 charged in the last 3 hours ($0.0000) at $0.0500 per vCPU-hour',
    );
  });

  it('fails when surplus credits are being charged, with the dollars and how to stop', async () => {
    const instanceId = await deployLab(unlimited());
    creditsAre('unlimited');
    await putMetrics(instanceId, { CPUUtilization: [100], CPUCreditBalance: [0], CPUSurplusCreditBalance: [288], CPUSurplusCreditsCharged: [12, 15] });
    const surplus = failing.expectFails(await checkLabBurstable(await labContext(clients, 'LabBurstable')), 'credits.surplus');
    // 27 credits charged x $0.05 / 60 = $0.0225.
    expect(surplus).toMatchObject({ status: 'fail', detail: expect.stringContaining('27.0 charged in the last 3 hours ($0.0225)') });
    expect(surplus.hint).toContain('StopBurnCommand');
    expect(surplus.hint).toContain('npx cdk deploy LabBurstable -c creditMode=standard');
  });

  it('fails a stopped instance and checks nothing else', async () => {
    const instanceId = await deployLab(standard());
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    const results = await checkLabBurstable(await labContext(clients, 'LabBurstable'));
    failing.expectFails(results, 'instance.running');
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
