/**
 * The auto-destroy schedule as a lab synthesizes it, created through the EventBridge
 * Scheduler API (moto) and read back: what the scheduler will hold is what the template
 * says, and the deadline in the stack's output is the schedule's own time.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateScheduleCommand, GetScheduleCommand, SchedulerClient, type CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { Template } from 'aws-cdk-lib/assertions';
import { DEADLINE_OUTPUT_KEY, parseDeadline, scheduleAtExpression } from '../../lib/ttl';
import { buildLabApp } from '../helpers/lab-app';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';

type Json = unknown;

/** Resolves the few intrinsics the schedule uses; anything else fails loudly. */
function resolve(value: Json, refs: Readonly<Record<string, string>>, attributes: Readonly<Record<string, string>>): Json {
  if (Array.isArray(value)) return value.map((v) => resolve(v, refs, attributes));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, Json>;
  if ('Ref' in object) {
    const ref = refs[object.Ref as string];
    if (ref === undefined) throw new Error(`no value for Ref ${String(object.Ref)}`);
    return ref;
  }
  if ('Fn::GetAtt' in object) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    const resolved = attributes[`${id}.${attribute}`];
    if (resolved === undefined) throw new Error(`no value for Fn::GetAtt ${id}.${attribute}`);
    return resolved;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, Json[]];
    return parts.map((p) => resolve(p, refs, attributes)).join(separator);
  }
  const fn = Object.keys(object).find((k) => k.startsWith('Fn::'));
  if (fn) throw new Error(`unexpected ${fn} in the schedule`);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolve(v, refs, attributes)]));
}

describeWithMoto('the auto-destroy schedule in the Scheduler API (moto)', () => {
  beforeEach(resetMoto);

  it('is created as synthesized and read back: DeleteStack of this stack, at the deadline the outputs show', async () => {
    const { stacks } = buildLabApp({ only: ['LabAlb'] });
    const template = Template.fromStack(stacks.LabAlb).toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, Json> }>;
      Outputs: Record<string, { Value: string }>;
    };
    const [[scheduleId, schedule]] = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule');
    const roleId = ((schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn)['Fn::GetAtt'][0];
    expect(template.Resources[roleId].Type).toBe('AWS::IAM::Role');

    const iam = new IAMClient(motoClientConfig());
    const scheduler = new SchedulerClient(motoClientConfig());
    try {
      const { Role } = await iam.send(
        new CreateRoleCommand({ RoleName: 'LabAlb-AutoDestroyRole', AssumeRolePolicyDocument: JSON.stringify(resolve(template.Resources[roleId].Properties.AssumeRolePolicyDocument, { 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1' }, {})) }),
      );
      const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/LabAlb/0a1b2c3d-0000-4000-8000-000000000000';
      const props = resolve(schedule.Properties, { 'AWS::Partition': 'aws', 'AWS::StackId': stackId }, { [`${roleId}.Arn`]: Role!.Arn! }) as Omit<CreateScheduleCommandInput, 'Name'>;
      await scheduler.send(new CreateScheduleCommand({ Name: `LabAlb-${scheduleId}`, ...props }));

      const read = await scheduler.send(new GetScheduleCommand({ Name: `LabAlb-${scheduleId}` }));
      expect(read.ScheduleExpression).toBe('at(2026-11-26T16:00:00)');
      expect(read.ScheduleExpressionTimezone).toBe('UTC');
      expect(read.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(read.Target?.Arn).toBe('arn:aws:scheduler:::aws-sdk:cloudformation:deleteStack');
      expect(JSON.parse(read.Target?.Input ?? '{}')).toEqual({ StackName: stackId });
      expect(read.Target?.RoleArn).toBe(Role!.Arn);
      // The stack's output (what `npm run check` reads) is the schedule's own time.
      const deadline = parseDeadline(template.Outputs[DEADLINE_OUTPUT_KEY].Value);
      expect(scheduleAtExpression(deadline!)).toBe(read.ScheduleExpression);
    } finally {
      iam.destroy();
      scheduler.destroy();
    }
  });
});
