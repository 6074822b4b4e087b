import * as iam from 'aws-cdk-lib/aws-iam';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MFA_ENROLMENT_ACTIONS, RequireMfaPolicy } from '../../lib/constructs/require-mfa-policy';

function policyDocument() {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const group = new iam.Group(stack, 'Admins');
  new RequireMfaPolicy(stack, 'RequireMfa', { groups: [group] });
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  expect(Object.keys(policies)).toHaveLength(1);
  const [policy] = Object.values(policies) as { Properties: { PolicyName: string; Groups: unknown[]; PolicyDocument: { Statement: unknown[] } } }[];
  return policy.Properties;
}

const ownArn = (resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:${resource}`]],
});
const NO_MFA = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };

describe('RequireMfaPolicy', () => {
  it('denies everything but MFA enrolment and the first password change until the session has MFA', () => {
    const { PolicyName, Groups, PolicyDocument } = policyDocument();
    expect(PolicyName).toBe('BlockMostAccessUnlessSignedInWithMFA');
    expect(Groups).toEqual([{ Ref: expect.stringMatching(/^Admins/) }]);
    expect(PolicyDocument.Statement).toEqual([
      {
        Sid: 'BlockMostAccessUnlessSignedInWithMFA',
        Effect: 'Deny',
        NotAction: [
          'iam:ChangePassword',
          'iam:GetAccountPasswordPolicy',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:ListVirtualMFADevices',
          'iam:CreateVirtualMFADevice',
          'iam:EnableMFADevice',
          'iam:GetMFADevice',
          'iam:ResyncMFADevice',
          'sts:GetSessionToken',
        ],
        Resource: '*',
        Condition: NO_MFA,
      },
      {
        // AdministratorAccess allows the enrolment actions on every user: without this
        // statement a password-only session could enable or resync a device on anyone.
        Sid: 'OnlyYourOwnUserUntilSignedInWithMFA',
        Effect: 'Deny',
        Action: [
          'iam:ChangePassword',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:EnableMFADevice',
          'iam:GetMFADevice',
          'iam:ResyncMFADevice',
        ],
        NotResource: ownArn('user/${aws:username}'),
        Condition: NO_MFA,
      },
      {
        Sid: 'OnlyVirtualMfaDevicesUntilSignedInWithMFA',
        Effect: 'Deny',
        Action: 'iam:CreateVirtualMFADevice',
        NotResource: ownArn('mfa/*'),
        Condition: NO_MFA,
      },
    ]);
  });

  it('never exempts deactivating a device or anything outside IAM enrolment from MFA', () => {
    expect(MFA_ENROLMENT_ACTIONS).not.toContain('iam:DeactivateMFADevice');
    expect(MFA_ENROLMENT_ACTIONS.filter((a) => !a.startsWith('iam:'))).toEqual(['sts:GetSessionToken']);
  });
});
