/**
 * AutoDestroy on a bare stack: the schedule, the role, the outputs, cdk-nag, and that
 * synthesis depends on the injected clock only.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { App, LegacyStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AutoDestroy } from '../../lib/constructs/auto-destroy';
import { acknowledgements, CDK_JSON_CONTEXT, normalizeTemplate } from '../helpers/lab-app';

const NOW = new Date('2026-11-26T15:29:12.345Z');

function build(options: { now?: Date; ttlMinutes?: number; stackName?: string; legacySynthesizer?: boolean; nag?: boolean } = {}) {
  // CloudFormation's validation of the labs' templates runs in test/nag.test.ts; its engine costs seconds per file.
  const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: false });
  const stack = new Stack(app, options.stackName ?? 'LabAlb', {
    synthesizer: options.legacySynthesizer ? new LegacyStackSynthesizer() : undefined,
  });
  const autoDestroy = new AutoDestroy(stack, 'AutoDestroy', { now: options.now ?? NOW, ttlMinutes: options.ttlMinutes ?? 240 });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, autoDestroy };
}

const STACK_ID = { Ref: 'AWS::StackId' };
const DEFAULT_GROUP_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule-group/default']],
};

function onlyResource(template: Template, type: string) {
  const resources = Object.entries(template.findResources(type));
  expect(resources).toHaveLength(1);
  return { logicalId: resources[0][0], resource: resources[0][1] };
}

describe('AutoDestroy', () => {
  const { stack, autoDestroy } = build();
  const template = Template.fromStack(stack);

  it('creates a schedule and its role, nothing else', () => {
    expect(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type).sort()).toEqual([
      'AWS::IAM::Role',
      'AWS::Scheduler::Schedule',
    ]);
  });

  it('schedules DeleteStack on this stack, once, at the deadline in UTC', () => {
    const role = onlyResource(template, 'AWS::IAM::Role');
    expect(onlyResource(template, 'AWS::Scheduler::Schedule').resource.Properties).toEqual({
      Description: 'aws-dva-labs: deletes the stack LabAlb at 2026-11-26 19:30 UTC',
      ScheduleExpression: 'at(2026-11-26T19:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:cloudformation:deleteStack']] },
        RoleArn: { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
        Input: { 'Fn::Join': ['', ['{"StackName":"', STACK_ID, '"}']] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      },
    });
    expect(autoDestroy.deadline).toEqual(new Date('2026-11-26T19:30:00Z'));
  });

  it('lets only the scheduler of this account, in its default group, assume the role', () => {
    expect(onlyResource(template, 'AWS::IAM::Role').resource.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': DEFAULT_GROUP_ARN } },
        },
      ],
    });
  });

  it('lets the role do nothing but delete this one stack', () => {
    const { Properties } = onlyResource(template, 'AWS::IAM::Role').resource;
    expect(Properties.Policies).toEqual([
      {
        PolicyName: 'DeleteThisStack',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'cloudformation:DeleteStack', Resource: STACK_ID }],
        },
      },
    ]);
    expect(Properties.ManagedPolicyArns).toBeUndefined();
    expect(Properties.PermissionsBoundary).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('shows the deadline in UTC and in the learner words', () => {
    expect(template.toJSON().Outputs).toEqual({
      AutoDestroyAt: { Description: 'When this lab deletes itself (UTC)', Value: '2026-11-26T19:30:00Z' },
      AutoDestroyNotice: {
        Description: 'This lab deletes itself: when, and how to extend or turn it off',
        Value:
          'This lab deletes itself at 2026-11-26 19:30 UTC, 4 h after deploy; redeploy to extend (npx cdk deploy LabAlb), or keep it with -c ttl=off',
      },
    });
  });

  it('retains nothing when the stack is deleted', () => {
    for (const [logicalId, resource] of Object.entries(template.toJSON().Resources as Record<string, Record<string, unknown>>)) {
      expect({ logicalId, DeletionPolicy: resource.DeletionPolicy ?? 'Delete', UpdateReplacePolicy: resource.UpdateReplacePolicy ?? 'Delete' }).toEqual({
        logicalId,
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
      });
    }
  });

  it('exposes every resource it creates', () => {
    expect(autoDestroy.role.node.defaultChild).toBeDefined();
    const logicalIds = Object.keys(template.toJSON().Resources).sort();
    expect([stack.getLogicalId(autoDestroy.role.node.defaultChild as iam.CfnRole), stack.getLogicalId(autoDestroy.schedule)].sort()).toEqual(logicalIds);
    expect([autoDestroy.deadlineOutput.logicalId, autoDestroy.noticeOutput.logicalId].map((id) => stack.resolve(id))).toEqual([
      'AutoDestroyAt',
      'AutoDestroyNotice',
    ]);
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});

describe('AutoDestroy deadline', () => {
  afterEach(() => jest.useRealTimers());

  it('moves with the injected clock and the ttl', () => {
    const later = Template.fromStack(build({ now: new Date('2026-11-27T08:00:00Z'), ttlMinutes: 90, stackName: 'LabEc2' }).stack);
    later.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'at(2026-11-27T09:30:00)' });
    later.hasOutput('AutoDestroyAt', { Value: '2026-11-27T09:30:00Z' });
    later.hasOutput('AutoDestroyNotice', {
      Value: 'This lab deletes itself at 2026-11-27 09:30 UTC, 1 h 30 min after deploy; redeploy to extend (npx cdk deploy LabEc2), or keep it with -c ttl=off',
    });
  });

  it('never reads the system clock: the same injected time gives the same template at any real time', () => {
    jest.useFakeTimers({ now: new Date('2020-01-01T00:00:00Z') });
    const first = Template.fromStack(build().stack).toJSON();
    jest.setSystemTime(new Date('2031-06-15T12:34:56Z'));
    const second = Template.fromStack(build().stack).toJSON();
    expect(second).toEqual(first);
  });

  it('refuses a ttl out of bounds before anything is synthesized', () => {
    expect(() => build({ ttlMinutes: 29 })).toThrow(/^ttl: 29 minutes is not allowed/);
    expect(() => build({ ttlMinutes: 7 * 24 * 60 + 1 })).toThrow(/^ttl: 10081 minutes is not allowed/);
  });
});

describe('AutoDestroy checks', () => {
  it('passes cdk-nag AwsSolutions with no acknowledgement', () => {
    const { app, stack } = build({ nag: true });
    expect(() => app.synth()).not.toThrow();
    expect(acknowledgements(stack)).toEqual([]);
  });

  it('is checked by cdk-nag for real: a wildcard role next to it fails the synthesis', () => {
    const { app, stack } = build({ nag: true });
    const wildcard = new iam.Role(stack, 'Wildcard', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
    wildcard.addToPolicy(new iam.PolicyStatement({ actions: ['cloudformation:DeleteStack'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });

  it('warns when the stack would be deleted without the bootstrap CloudFormation execution role', () => {
    // The warning is also printed by the synthesis; keep the test output clean.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const legacy = build({ legacySynthesizer: true }).stack;
    Annotations.fromStack(legacy).hasWarning('/LabAlb/AutoDestroy', Match.stringLikeRegexp('scheduled deletion will fail \\(DELETE_FAILED\\)'));
    expect(printed.mock.calls.join('\n')).toContain('aws-dva-labs:auto-destroy-needs-execution-role');
    printed.mockRestore();
    Annotations.fromStack(build().stack).hasNoWarning('*', Match.stringLikeRegexp('DELETE_FAILED'));
  });
});
