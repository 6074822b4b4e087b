/**
 * The README's table of cdk-nag acknowledgements is made from the apps themselves: one row per
 * rule and reason, every place it is acknowledged, whichever of the apps (settings) has it.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgements, nagAcknowledgementsMarkdownTable } from '../../lib/compliance/acknowledgements';

/** Two stacks, each with an instance role acknowledged the same way; `withAlias` adds one more. */
function app(withAlias: boolean) {
  const root = new App();
  for (const name of ['LabOne', 'LabTwo']) {
    const stack = new Stack(root, name);
    Validations.of(new Construct(new Construct(stack, 'Server'), 'Role')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'The minimal policy for Session Manager.',
    });
  }
  const first = root.node.findChild('LabOne') as Stack;
  // Not cdk-nag's: left out of the table.
  Validations.of(first).acknowledge({ id: 'W3010', reason: 'Literal AZs.' });
  if (withAlias) Validations.of(new Construct(first, 'Alias')).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'No ARN | only "*".' });
  // A rule the table has no words for: its id alone.
  Validations.of(first).acknowledge({ id: 'AwsSolutions-XYZ1', reason: 'A future rule.' });
  return root;
}

describe('nagAcknowledgementsMarkdownTable', () => {
  it('one row per rule and reason, every place by stack, what each is about; from every app given, once', () => {
    expect(nagAcknowledgementsMarkdownTable([app(false), app(true)]).split('\n')).toEqual([
      '| Rule | Where | Why it stays |',
      '|---|---|---|',
      '| AwsSolutions-XYZ1 | LabOne (the stack) | A future rule. |',
      '| AwsSolutions-IAM4 (AWS managed policy, `AmazonSSMManagedInstanceCore`) | LabOne `Server/Role`; LabTwo `Server/Role` | The minimal policy for Session Manager. |',
      '| AwsSolutions-IAM5 (wildcard permission, `*`) | LabOne `Alias` | No ARN \\| only "*". |',
    ]);
  });

  it('acknowledgements() reads the rule id apart from its namespace, with the path and reason', () => {
    const root = new App();
    Validations.of(new Stack(root, 'Lab')).acknowledge({ id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: 'why' });
    expect(acknowledgements(root)).toEqual([{ path: 'Lab', id: 'lambda_inside_vpc_check', namespace: 'cdk-validator-cfnguard', reason: 'why' }]);
  });
});
