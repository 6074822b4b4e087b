import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateTagsCommand,
  DescribeAddressesCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabElasticIp } from '../../../lib/labs/lab-elastic-ip/check';
import { meta } from '../../../lib/labs/lab-elastic-ip/meta';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../../../lib/tags';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases, partialMock } from '../../helpers/failing-checks';
import {
  al2023AmiId,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  destroyClients,
  instanceSections,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  templateWhenNeeded,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabElasticIp as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabElasticIp');

describeWithMoto('check LabElasticIp (moto)', () => {
  const failing = failingCases(meta);
  const run = async () => checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
  let clients: CheckClients;
  async function emptyMoto() {
    await resetMoto();
    clients = motoCheckClients();
  }

  /** `associate`: on the lab's instance (true), on another instance ('other'), or nowhere (false). */
  async function buildLabElasticIp(associate: boolean | 'other' = true): Promise<{ instanceId: string; allocationId: string; publicIp: string }> {
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'eip-lab', []);
    const launch = async () =>
      runLabInstance(clients.ec2, { subnetId: network.subnetIds[0], securityGroupIds: [groupId], imageId: await al2023AmiId(clients.ssm, template()) });
    const instanceId = await launch();
    const address = await clients.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await clients.ec2.send(
      new CreateTagsCommand({ Resources: [address.AllocationId!], Tags: [{ Key: PROJECT_TAG_KEY, Value: PROJECT_TAG_VALUE }] }),
    );
    if (associate) {
      const target = associate === 'other' ? await launch() : instanceId;
      await clients.ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: target }));
    }
    await deployLabStack(clients.cloudFormation, 'LabElasticIp', template(), [
      { type: 'AWS::EC2::Instance', ref: instanceId },
      { type: 'AWS::EC2::EIP', ref: address.PublicIp!, attributes: { PublicIp: address.PublicIp!, AllocationId: address.AllocationId! } },
      await labKeyPair(clients, 'LabElasticIpKeyPair'),
    ], instanceSections(template()));
    return { instanceId, allocationId: address.AllocationId!, publicIp: address.PublicIp! };
  }

  // These tests change nothing in the account: one deployed lab, checked by each.
  describe('on the lab as deployed', () => {
    let lab: Awaited<ReturnType<typeof buildLabElasticIp>>;
    beforeAll(async () => {
      await emptyMoto();
      lab = await buildLabElasticIp();
    });
    afterAll(() => destroyClients(clients));

    it('passes with the address on the instance', async () => {
      const results = await checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
      expectDeclaredChecks(results, meta);
      expect(results.map((r) => [r.id, r.status])).toEqual([
        ['instance.running', 'pass'],
        ['instance.cpu-credits', 'pass'],
        ['eip.associated', 'pass'],
        ['eip.public-ip', 'pass'],
        ['eip.idle', 'pass'],
      ]);
    });

    // moto always answers "standard": only that call is mocked.
    it('fails unlimited CPU credits on a lab deployed with standard', async () => {
      const { instanceId } = lab;
      const mock = partialMock(clients.ec2, [DescribeInstancesCommand, DescribeAddressesCommand]);
      mock.on(DescribeInstanceCreditSpecificationsCommand).resolves({ InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: 'unlimited' }] });
      try {
        expect(failing.expectFails(await run(), 'instance.cpu-credits').detail).toBe(`${instanceId} unlimited`);
      } finally {
        mock.restore();
      }
    });
  });

  describe('on a lab built or changed otherwise', () => {
    beforeEach(emptyMoto);
    afterEach(() => destroyClients(clients));

    it('flags an unassociated address with its cost and the release command', async () => {
      const { instanceId, allocationId } = await buildLabElasticIp(false);
      const results = await checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
      expect(failing.expectFails(results, 'eip.associated').hint).toBe(`associate it: aws ec2 associate-address --allocation-id ${allocationId} --instance-id ${instanceId}`);
      const idle = failing.expectFails(results, 'eip.idle');
      // The figures a learner reads, pinned: $0.005 an hour for one public IPv4 address.
      expect(idle.hint).toBe(`1 idle Elastic IP bill $0.0050/h (about $3.65/month): aws ec2 release-address --allocation-id ${allocationId}`);
    });

    it("fails the public-address check when the Elastic IP sits on another instance", async () => {
      const { publicIp, instanceId } = await buildLabElasticIp('other');
      const results = await run();
      expect(failing.expectFails(results, 'eip.associated').detail).toMatch(/^on i-/);
      const own = failing.expectFails(results, 'eip.public-ip');
      expect(own.detail).not.toBe(`instance public IP ${publicIp}`);
      expect(own.hint).toContain(`not on the Elastic IP ${publicIp}`);
      expect(results.find((r) => r.id === 'instance.running')).toMatchObject({ status: 'pass', title: `instance ${instanceId} running` });
    });

    it('fails a stopped instance', async () => {
      const { instanceId } = await buildLabElasticIp();
      await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
      expect(failing.expectFails(await run(), 'instance.running').hint).toBe(`the instance is stopped: start it with aws ec2 start-instances --instance-ids ${instanceId}`);
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
