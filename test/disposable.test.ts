/** Every lab is disposable: `cdk destroy` removes all of it, helper Lambdas' log groups included. */
import { Template } from 'aws-cdk-lib/assertions';
import { buildLabApp } from './helpers/lab-app';

const { stacks } = buildLabApp({ context: { accountAlias: 'my-dva-lab', requireMfa: 'true', budgetEmail: 'you@example.com' } });

describe.each(Object.entries(stacks))('%s is disposable', (_id, stack) => {
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: Record<string, unknown> }>;

  it('retains nothing on delete', () => {
    const retained = Object.entries(resources)
      .filter(([, r]) => ['Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(r.DeletionPolicy ?? '') || r.UpdateReplacePolicy === 'Retain')
      .map(([id]) => id);
    expect(retained).toEqual([]);
  });

  it("gives every Lambda function a log group of its own that is deleted with the stack", () => {
    for (const [id, fn] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      const logGroupRef = JSON.stringify((fn.Properties?.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup);
      const logGroupId = Object.keys(resources).find(
        (k) => resources[k].Type === 'AWS::Logs::LogGroup' && logGroupRef?.includes(`"${k}"`),
      );
      expect({ id, logGroupId: logGroupId ?? 'none' }).toEqual({ id, logGroupId: expect.stringMatching(/./) });
      expect(logGroupId && resources[logGroupId].DeletionPolicy).toBe('Delete');
      expect(logGroupId && resources[logGroupId].Properties?.RetentionInDays).toBe(7);
    }
    // CDK's log-retention helper would be one more Lambda, with a log group of its own.
    expect(Object.values(resources).filter((r) => r.Type === 'Custom::LogRetention')).toEqual([]);
  });
});
