import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { readUserDataScript } from '../../../lib/constructs/lab-instance';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, ingressOf } from '../../helpers/assertions';

const build = (context: Record<string, unknown> = {}) => buildLabApp({ only: ['LabBurstable'], context }).stacks.LabBurstable;

describe('LabBurstable: a T instance and its CPU credits (notes: Burstable Instances (T2), T2 Unlimited)', () => {
  const stack = build();
  const template = Template.fromStack(stack);

  it('is one safe AL2023 t3.micro with STANDARD credits by default', () => {
    expectSafeInstances(template, 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't3.micro',
      CreditSpecification: { CPUCredits: 'standard' },
      Tags: Match.arrayWith([{ Key: 'Name', Value: 'BurstableInstance' }]),
    });
    template.hasOutput('CreditMode', { Value: 'standard' });
  });

  it('installs the cpu-burn unit from userdata/cpu-burn.sh at first boot', () => {
    const [instance] = Object.values(template.findResources('AWS::EC2::Instance'));
    const userData = Buffer.from(instance.Properties.UserData['Fn::Base64'], 'utf8').toString();
    expect(userData).toBe(readUserDataScript('cpu-burn.sh'));
    expect(userData).toContain('cpu-burn.service');
  });

  it('starts and stops the burn through Session Manager (AWS-RunShellScript), no SSH needed', () => {
    for (const [output, action] of [['StartBurnCommand', 'start'], ['StopBurnCommand', 'stop']]) {
      const command = JSON.stringify(template.findOutputs(output));
      expect(command).toContain('aws ssm send-command');
      expect(command).toContain('--document-name AWS-RunShellScript');
      expect(command).toContain(`commands=[\\"systemctl ${action} cpu-burn\\"]`);
      expect(command).toContain('"Ref":"BurstableInstance');
    }
  });

  it("states the type's baseline and credits: t3.micro 10% per vCPU, 12 credits an hour, 288 at most, no launch credits", () => {
    template.hasOutput('Baseline', {
      Value: '10% per vCPU x 2 vCPUs: earns 12 credits an hour, holds at most 288; starts at 0 (T3, T3a and T4g get no launch credits)',
    });
  });

  it('opens only SSH, and only with sshCidr', () => {
    expect(ingressOf(template, 'SecurityGroup')).toEqual([]);
    expectNoSshFromWorld(template);
  });

  it('has no refusal with a burstable type', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('instanceType'));
    expect(template.findParameters('BurstableInstanceType')).toEqual({});
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});

describe('LabBurstable settings', () => {
  it('-c creditMode=unlimited makes the instance unlimited', () => {
    const template = Template.fromStack(build({ creditMode: 'unlimited' }));
    template.hasResourceProperties('AWS::EC2::Instance', { CreditSpecification: { CPUCredits: 'unlimited' } });
    template.hasOutput('CreditMode', { Value: 'unlimited' });
  });

  it('follows a t4g type with the arm64 AMI and its own baseline', () => {
    const template = Template.fromStack(build({ instanceType: 't4g.small' }));
    expectSafeInstances(template, 1, 'arm64');
    template.hasOutput('Baseline', { Value: Match.stringLikeRegexp('^20% per vCPU x 2 vCPUs: earns 24 credits an hour, holds at most 576') });
  });

  it('refuses a type that is not burstable: a warning at synth, and CloudFormation refuses the deploy before creating anything', () => {
    const { stacks } = buildLabApp({ only: ['LabBurstable', 'LabEc2'], context: { instanceType: 'm7g.medium' } });
    const warnings = Annotations.fromStack(stacks.LabBurstable).findWarning('*', Match.stringLikeRegexp('instanceType'));
    expect(warnings).toHaveLength(1);
    const message = String(warnings[0].entry.data);
    expect(message).toContain('Invalid setting "instanceType": "m7g.medium"');
    expect(message).toContain('t2, t3, t3a or t4g');
    expect(message).toContain('-c instanceType=t3.micro');
    expect(message).toContain('refused before anything is created');
    // The parameter's default breaks its own pattern: CloudFormation stops at validation.
    const parameter = Template.fromStack(stacks.LabBurstable).findParameters('BurstableInstanceType').BurstableInstanceType;
    expect(parameter.Default).toBe('m7g.medium');
    expect(new RegExp(parameter.AllowedPattern).test(parameter.Default)).toBe(false);
    expect(parameter.ConstraintDescription).toContain('npx cdk deploy LabBurstable -c instanceType=t3.micro');
    for (const good of ['t3.micro', 't4g.small', 't2.micro', 't3a.nano']) expect(new RegExp(parameter.AllowedPattern).test(good)).toBe(true);
    // The other labs take any type and synthesize clean.
    Annotations.fromStack(stacks.LabEc2).hasNoWarning('*', Match.stringLikeRegexp('instanceType'));
  });
});
