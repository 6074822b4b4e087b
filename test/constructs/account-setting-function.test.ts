import { App, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountSettingFunction, CUSTOM_RESOURCE_SERVICE_TIMEOUT } from '../../lib/constructs/account-setting-function';
import { control, GUARD_PLUGIN_NAME, type NotHeldControl } from '../../lib/compliance/controls';
import { acknowledgements } from '../helpers/lab-app';
import { LOCK_TTL_MS, RECORD_REGION_ENV, recordParameters } from '../../lib/handlers/account-setting-names';

function build(recordRegion?: string) {
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const fn = new AccountSettingFunction(stack, 'Handler', {
    handlerFile: 'account-alias.ts',
    iamActions: ['iam:ListAccountAliases', 'iam:CreateAccountAlias', 'iam:DeleteAccountAlias'],
    whyAllResources: 'The account alias is not a resource with an ARN: IAM only accepts "*" for these three actions.',
    record: recordParameters('account-alias'),
    recordRegion,
  });
  return { app, stack, fn, get template() { return Template.fromStack(stack); } };
}

const parameterArn = (region: string, name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:${region}:`, { Ref: 'AWS::AccountId' }, `:parameter${name}`]],
});

describe('AccountSettingFunction', () => {
  it('answers well before CloudFormation gives up, and never outlives the record\'s lock', () => {
    const { template } = build();
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const timeout = fn.Properties.Timeout as number;
    expect(timeout).toBe(90);
    expect(timeout * 1000).toBeLessThan(LOCK_TTL_MS);
    expect(fn.Properties.Environment.Variables).toEqual({ [RECORD_REGION_ENV]: 'us-east-1' });
    const invokeConfig = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'))[0];
    expect(invokeConfig.Properties).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    // A queued event plus a whole run end before CloudFormation's own timeout.
    expect(60 + timeout).toBeLessThan(CUSTOM_RESOURCE_SERVICE_TIMEOUT.toSeconds());
    expect(CUSTOM_RESOURCE_SERVICE_TIMEOUT.toSeconds()).toBeLessThanOrEqual(300);
  });

  it('allows exactly the handler\'s IAM actions, and in SSM only its record and lock, by exact name, in the record\'s region', () => {
    const { template, stack, fn } = build();
    const logGroupId = stack.getLogicalId(fn.logGroup.node.defaultChild as CfnElement);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.fromEntries((role.Properties.Policies as { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[]).map((p) => [p.PolicyName, p.PolicyDocument.Statement]));
    expect(Object.keys(policies).sort()).toEqual(['KeepAccountWideRecord', 'ManageAccountSetting', 'WriteOwnLogs']);
    expect(policies.ManageAccountSetting).toEqual([
      { Effect: 'Allow', Action: ['iam:ListAccountAliases', 'iam:CreateAccountAlias', 'iam:DeleteAccountAlias'], Resource: '*' },
    ]);
    expect(policies.KeepAccountWideRecord).toEqual([
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource'],
        Resource: [
          parameterArn('us-east-1', '/dva-labs/account-settings/account-alias/record'),
          parameterArn('us-east-1', '/dva-labs/account-settings/account-alias/lock'),
        ],
      },
    ]);
    expect(policies.WriteOwnLogs).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
    ]);
  });

  it('another record region is granted and passed to the handler', () => {
    const { template } = build('eu-central-1');
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { [RECORD_REGION_ENV]: 'eu-central-1' } } });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.arrayWith([
        Match.objectLike({
          PolicyName: 'KeepAccountWideRecord',
          PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.arrayWith([parameterArn('eu-central-1', '/dva-labs/account-settings/account-alias/record')]) })] },
        }),
      ]),
    });
  });

  it('has its own log group, deleted with the stack', () => {
    const { template } = build();
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: { RetentionInDays: 7 } });
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('LogGroup') } } });
  });

  it('passes cdk-nag AwsSolutions (synthesis throws on any finding) with one acknowledgement, and accepts the Control Tower controls its log group and function do not hold, each with its reason', () => {
    const { app } = build();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    const controlReason = (id: string) => `${id}: ${(control(id) as NotHeldControl).reason}`;
    expect(acknowledgements(app).map(({ path: p, ...ack }) => ({ ...ack, path: p.replace(/^Test\//, '') }))).toEqual([
      { path: 'Handler/LogGroup', id: 'cloudwatch_log_group_retention_period_check', namespace: GUARD_PLUGIN_NAME, reason: controlReason('CT.CLOUDWATCH.PR.2') },
      { path: 'Handler/LogGroup', id: 'cloudwatch_log_group_encrypted_check', namespace: GUARD_PLUGIN_NAME, reason: controlReason('CT.CLOUDWATCH.PR.3') },
      {
        path: 'Handler/Role',
        id: 'AwsSolutions-IAM5[Resource::*]',
        // CDK's namespace of an acknowledgement that names no plugin (cdk-nag's).
        namespace: 'Annotation',
        reason: 'The account alias is not a resource with an ARN: IAM only accepts "*" for these three actions.',
      },
      { path: 'Handler/Function', id: 'lambda_inside_vpc_check', namespace: GUARD_PLUGIN_NAME, reason: controlReason('CT.LAMBDA.PR.3') },
    ]);
  });
});
