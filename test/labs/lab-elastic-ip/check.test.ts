import { AllocateAddressCommand, AssociateAddressCommand, CreateTagsCommand } from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabElasticIp } from '../../../lib/labs/lab-elastic-ip/check';
import { meta } from '../../../lib/labs/lab-elastic-ip/meta';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../../../lib/tags';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import {
  al2023AmiId,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  destroyClients,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  synthesizedTemplate,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabElasticIp as `cdk synth` writes it: its outputs become the fixture. */
const TEMPLATE = synthesizedTemplate('LabElasticIp');

describeWithMoto('check LabElasticIp (moto)', () => {
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => destroyClients(clients));

  async function buildLabElasticIp(associate = true): Promise<{ instanceId: string; allocationId: string }> {
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'eip-lab', []);
    const instanceId = await runLabInstance(clients.ec2, {
      subnetId: network.subnetIds[0],
      securityGroupIds: [groupId],
      imageId: await al2023AmiId(clients.ssm, TEMPLATE),
    });
    const address = await clients.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await clients.ec2.send(
      new CreateTagsCommand({ Resources: [address.AllocationId!], Tags: [{ Key: PROJECT_TAG_KEY, Value: PROJECT_TAG_VALUE }] }),
    );
    if (associate) await clients.ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: instanceId }));
    await deployLabStack(clients.cloudFormation, 'LabElasticIp', TEMPLATE, [
      { type: 'AWS::EC2::Instance', ref: instanceId },
      { type: 'AWS::EC2::EIP', ref: address.PublicIp!, attributes: { PublicIp: address.PublicIp!, AllocationId: address.AllocationId! } },
      await labKeyPair(clients, 'LabElasticIpKeyPair'),
    ]);
    return { instanceId, allocationId: address.AllocationId! };
  }

  it('passes with the address on the instance', async () => {
    await buildLabElasticIp();
    const results = await checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
    expectDeclaredChecks(results, meta);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['instance.running', 'pass'],
      ['eip.associated', 'pass'],
      ['eip.public-ip', 'pass'],
      ['eip.idle', 'pass'],
    ]);
  });

  it('flags an unassociated address with its cost and the release command', async () => {
    const { instanceId, allocationId } = await buildLabElasticIp(false);
    const results = await checkLabElasticIp(await labContext(clients, 'LabElasticIp'));
    expect(results.find((r) => r.id === 'eip.associated')?.hint).toContain(`--allocation-id ${allocationId} --instance-id ${instanceId}`);
    const idle = results.find((r) => r.id === 'eip.idle')!;
    expect(idle.status).toBe('fail');
    // The figures a learner reads, pinned: $0.005 an hour for one public IPv4 address.
    expect(idle.hint).toContain('$0.005/h (about $3.65/month)');
    expect(idle.hint).toContain(`aws ec2 release-address --allocation-id ${allocationId}`);
  });
});
