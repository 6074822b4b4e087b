/**
 * cdk-nag (AwsSolutions) runs as a validation plugin during synth: an unacknowledged
 * finding makes synth throw. Nothing of the account labs may outlive `cdk destroy`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import { buildLabs } from './lab-app-fixture';

const VARIANTS: Record<string, Record<string, unknown>> = {
  'the cdk.json defaults': {},
  'every option': { budgetEmail: 'learner@example.com', accountAlias: 'my-dva-lab-2026', requireMfa: 'true', passwordMaxAgeDays: '0' },
};

describe.each(Object.entries(VARIANTS))('account labs with %s', (_name, context) => {
  const { app, stacks } = buildLabs(context);

  it('have no unacknowledged cdk-nag finding', () => {
    const assembly = app.synth();
    const reportFile = path.join(assembly.directory, 'validation-report.json');
    const report = fs.existsSync(reportFile)
      ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { pluginReports: { pluginName: string; violations: { violatingConstructs: { constructPath: string }[] }[] }[] })
      : { pluginReports: [] };
    const ours = report.pluginReports
      .filter((r) => r.pluginName !== 'Construct Annotations')
      .flatMap((r) => r.violations)
      .filter((v) => v.violatingConstructs.some((c) => /^Lab(Iam|Budget)\//.test(c.constructPath)));
    expect(ours).toEqual([]);
  });

  it.each(['LabIam', 'LabBudget'] as const)('%s retains nothing and every Lambda has a log group deleted with the stack', (id) => {
    const template = Template.fromStack(stacks[id]).toJSON() as {
      Resources: Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: Record<string, unknown> }>;
    };
    const resources = Object.entries(template.Resources);
    for (const [logicalId, resource] of resources) {
      expect({ logicalId, DeletionPolicy: resource.DeletionPolicy ?? 'Delete' }).toEqual({ logicalId, DeletionPolicy: 'Delete' });
      expect({ logicalId, UpdateReplacePolicy: resource.UpdateReplacePolicy ?? 'Delete' }).toEqual({ logicalId, UpdateReplacePolicy: 'Delete' });
    }
    expect(resources.filter(([, r]) => r.Type === 'Custom::LogRetention')).toEqual([]);
    for (const [logicalId, fn] of resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      const ref = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      expect({ logicalId, logGroup: ref && template.Resources[ref]?.Type }).toEqual({ logicalId, logGroup: 'AWS::Logs::LogGroup' });
      expect(template.Resources[ref!].DeletionPolicy).toBe('Delete');
      expect(template.Resources[ref!].Properties?.RetentionInDays).toBe(7);
    }
  });
});

it('cdk-nag is live: an unacknowledged AdministratorAccess group in LabIam fails synth', () => {
  const { app, stacks } = buildLabs();
  new iam.Group(stacks.LabIam, 'UnacknowledgedAdmins', {
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  expect(() => app.synth()).toThrow(/AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/AdministratorAccess\]/);
});
