/**
 * A stack stuck in DELETE_FAILED, with its reason. moto cannot bring a stack into
 * DELETE_FAILED, so this one case mocks DescribeStacks (aws-sdk-client-mock).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { findStacks, isLabStack, NETWORK_STACK } from '../../lib/leftovers/stacks';
import type { RegionClients } from '../../lib/leftovers/types';

const REASON = 'The following resource(s) failed to delete: [AdminGroup]. Cannot delete entity, must remove users from group first.';

describe('findStacks', () => {
  const cloudformation = mockClient(CloudFormationClient);
  afterEach(() => cloudformation.reset());

  it('reports a DELETE_FAILED lab stack with its reason, and the bootstrap stack as expected', async () => {
    const created = new Date('2026-11-20T10:00:00Z');
    cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [
        { StackName: 'LabIam', StackStatus: 'DELETE_FAILED', StackStatusReason: REASON, CreationTime: created },
        { StackName: 'CDKToolkit', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
        { StackName: 'SomeoneElses', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
      ],
    });
    const clients = { cloudformation: new CloudFormationClient({ region: 'eu-west-1' }) } as unknown as RegionClients;
    const scan = await findStacks('eu-west-1', clients);
    expect(scan.leftovers).toEqual([
      expect.objectContaining({
        kind: 'CloudFormation stack',
        id: 'LabIam',
        region: 'eu-west-1',
        since: created.toISOString(),
        detail: `DELETE_FAILED: ${REASON}`,
        removeCommand: expect.stringMatching(/^aws cloudformation delete-stack --region eu-west-1 --stack-name LabIam /),
      }),
    ]);
    expect(scan.expected.map((e) => e.id)).toEqual(['CDKToolkit']);
    expect(scan.labStacks).toEqual(['LabIam']);
  });
});

describe('isLabStack', () => {
  it('knows the labs by id or by the kit description', () => {
    expect(isLabStack({ StackName: 'LabAlb' })).toBe(true);
    expect(isLabStack({ StackName: 'LabRenamed', Description: 'aws-dva-labs: an old lab' })).toBe(true);
    expect(isLabStack({ StackName: 'Laboratory', Description: 'mine' })).toBe(false);
  });
});

describe('the shared network stack', () => {
  it("is the app's network stack id (leftovers cannot import it: that module loads aws-cdk-lib)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LAB_NETWORK_STACK_ID } = require('../../lib/network/lab-network-stack') as typeof import('../../lib/network/lab-network-stack');
    expect(NETWORK_STACK).toBe(LAB_NETWORK_STACK_ID);
  });

  it('is kept on purpose, not a leftover, unless its delete failed', async () => {
    const cloudformation = mockClient(CloudFormationClient);
    cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'LabNetwork', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    const clients = { cloudformation: new CloudFormationClient({ region: 'eu-west-1' }) } as unknown as RegionClients;
    const kept = await findStacks('eu-west-1', clients);
    expect(kept.leftovers).toEqual([]);
    expect(kept.expected).toEqual([
      {
        kind: 'shared network stack',
        id: 'LabNetwork',
        region: 'eu-west-1',
        note: 'kept on purpose, free (a VPC with public subnets, no NAT gateway): the EC2 labs share it.',
        removeCommand: 'npx cdk destroy LabNetwork (after the EC2 labs)',
      },
    ]);
    cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'LabNetwork', StackStatus: 'DELETE_FAILED', StackStatusReason: 'subnet in use', CreationTime: new Date() }] });
    const failed = await findStacks('eu-west-1', clients);
    expect(failed.leftovers.map((l) => [l.id, l.detail])).toEqual([['LabNetwork', 'DELETE_FAILED: subnet in use']]);
    cloudformation.restore();
  });
});
