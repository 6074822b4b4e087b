import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Annotations, Aws, CfnOutput, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  autoDestroyNotice,
  DEADLINE_OUTPUT_KEY,
  deadlineAfter,
  formatDeadlineIso,
  formatDeadlineUtc,
  NOTICE_OUTPUT_KEY,
  scheduleAtExpression,
} from '../ttl';

export interface AutoDestroyProps {
  /**
   * When the app runs, from the app's clock (tests inject a fixed one), so that a
   * synthesis never reads the system clock itself.
   */
  readonly now: Date;
  /** Minutes from `now` to the deletion, 30 to 10080 (see lib/ttl.ts). */
  readonly ttlMinutes: number;
}

/**
 * Deletes the stack it is in at a deadline: a one-time EventBridge Scheduler schedule
 * calls CloudFormation's DeleteStack on this stack, through a role that only the
 * scheduler of this account may assume and that may do nothing else.
 *
 * CloudFormation then deletes every resource with the role the stack was deployed with
 * (the CDK bootstrap's CloudFormation execution role), not with this role. A redeploy
 * computes a new deadline and moves the schedule; `cdk destroy` removes the schedule and
 * the role with the rest of the stack.
 */
export class AutoDestroy extends Construct {
  /** The deadline, a whole minute in UTC. */
  public readonly deadline: Date;
  /** The role the scheduler assumes to call DeleteStack. */
  public readonly role: iam.Role;
  /** The one-time schedule. */
  public readonly schedule: scheduler.CfnSchedule;
  /** Output with the deadline, machine-readable (read by `npm run check`). */
  public readonly deadlineOutput: CfnOutput;
  /** Output with the deadline in the learner's words. */
  public readonly noticeOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: AutoDestroyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadline = deadlineAfter(props.now, props.ttlMinutes);

    // Without a CloudFormation execution role, CloudFormation would delete the stack's
    // resources with the caller's session: this role's, which may only call DeleteStack.
    if (!(stack.synthesizer instanceof DefaultStackSynthesizer)) {
      Annotations.of(this).addWarningV2(
        'aws-dva-labs:auto-destroy-needs-execution-role',
        'This stack is not deployed with the CDK bootstrap CloudFormation execution role: ' +
          'the scheduled deletion will fail (DELETE_FAILED) unless you deploy with --role-arn.',
      );
    }

    // The scheduler's confused-deputy guard: only schedules of this account, in its
    // default schedule group (Scheduler documents the group ARN, not the schedule's, as
    // the aws:SourceArn it sets).
    const scheduleGroupArn = stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' });
    this.role = new iam.Role(this, 'Role', {
      description: `Lets EventBridge Scheduler delete the stack ${stack.stackName} at its deadline, and nothing else`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': scheduleGroupArn },
        },
      }),
      inlinePolicies: {
        DeleteThisStack: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['cloudformation:DeleteStack'], resources: [Aws.STACK_ID] })],
        }),
      },
    });

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `aws-dva-labs: deletes the stack ${stack.stackName} at ${formatDeadlineUtc(this.deadline)}`,
      scheduleExpression: scheduleAtExpression(this.deadline),
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      // ActionAfterCompletion is not a property of AWS::Scheduler::Schedule: the schedule
      // stays (NONE) until CloudFormation deletes it with the stack it just deleted.
      target: {
        arn: `arn:${Aws.PARTITION}:scheduler:::aws-sdk:cloudformation:deleteStack`,
        roleArn: this.role.roleArn,
        // The stack's ARN, not its name: never a later stack of the same name.
        input: stack.toJsonString({ StackName: Aws.STACK_ID }),
        // Retry as long as the scheduler allows (a day): DeleteStack fails while the stack
        // is being updated, and a lab that should be gone must go once it can.
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 24 * 60 * 60 },
      },
    });

    this.deadlineOutput = new CfnOutput(this, 'DeadlineOutput', {
      description: 'When this lab deletes itself (UTC)',
      value: formatDeadlineIso(this.deadline),
    });
    this.deadlineOutput.overrideLogicalId(DEADLINE_OUTPUT_KEY);
    this.noticeOutput = new CfnOutput(this, 'NoticeOutput', {
      description: 'This lab deletes itself: when, and how to extend or turn it off',
      value: autoDestroyNotice(this.deadline, props.ttlMinutes, stack.stackName),
    });
    this.noticeOutput.overrideLogicalId(NOTICE_OUTPUT_KEY);
  }
}
