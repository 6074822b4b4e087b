import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountPasswordPolicy, type AccountPasswordPolicyProps } from '../../lib/constructs/account-password-policy';
import { asCfnProperties } from '../handlers/cfn-events';
import { LAB_PASSWORD_POLICY } from '../handlers/password-policy';
import { parsePolicyProperties } from '../../lib/handlers/account-password-policy';

function build(props?: AccountPasswordPolicyProps) {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const policy = new AccountPasswordPolicy(stack, 'Policy', props);
  return { policy, template: Template.fromStack(stack) };
}

describe('AccountPasswordPolicy', () => {
  it('a custom resource CloudFormation waits 3 minutes for at most, deleted (restored) with the stack', () => {
    const { template } = build();
    const resources = template.findResources('Custom::AccountPasswordPolicy');
    expect(Object.values(resources)).toHaveLength(1);
    const [resource] = Object.values(resources);
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(resource.Properties.ServiceTimeout).toBe('180'); // CloudFormation's ServiceTimeout, in seconds
    const props = { ...resource.Properties };
    delete props.ServiceToken;
    delete props.ServiceTimeout;
    expect(props).toEqual(LAB_PASSWORD_POLICY);
  });

  it('sends what the handler reads back as the same policy', () => {
    const { template, policy } = build({ maxPasswordAgeDays: 0, passwordReusePrevention: 0 });
    const [resource] = Object.values(template.findResources('Custom::AccountPasswordPolicy'));
    expect(parsePolicyProperties(asCfnProperties(resource.Properties))).toEqual(policy.policy);
    expect(policy.policy).not.toHaveProperty('MaxPasswordAge');
    expect(policy.policy).not.toHaveProperty('PasswordReusePrevention');
    expect(policy.expectedPolicy).toMatchObject({ ExpirePasswords: false });
  });

  it('its handler keeps the record of the password policy, in us-east-1 unless told otherwise', () => {
    expect(build().policy.handler.recordRegion).toBe('us-east-1');
    const { template } = build({ recordRegion: 'eu-west-1' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { ACCOUNT_SETTING_RECORD_REGION: 'eu-west-1' } } });
    expect(JSON.stringify(template.toJSON())).toContain(':parameter/dva-labs/account-settings/password-policy/record');
    expect(JSON.stringify(template.toJSON())).not.toContain('account-alias');
  });

  it.each([
    [{ minimumPasswordLength: 5 }, 'minimumPasswordLength must be a whole number from 6 to 128, got 5'],
    [{ maxPasswordAgeDays: 1096 }, 'maxPasswordAgeDays must be a whole number from 1 to 1095, got 1096'],
    [{ passwordReusePrevention: 25 }, 'passwordReusePrevention must be a whole number from 1 to 24, got 25'],
  ])('refuses %j at synth', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
