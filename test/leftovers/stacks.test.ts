/**
 * A stack stuck in DELETE_FAILED, with its reason. moto cannot bring a stack into
 * DELETE_FAILED, so this one case mocks DescribeStacks (aws-sdk-client-mock).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { findStacks, isLabStack } from '../../lib/leftovers/stacks';
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
