/** LabIam's template: what the notes' IAM hands-on builds, and nothing a learner would regret. */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { acknowledgements, buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { LAB_PASSWORD_POLICY } from '../../helpers/password-policy';
import { OUTPUTS } from '../../../lib/labs/lab-iam/outputs';
import { CUSTOM_RESOURCE_SERVICE_TIMEOUT } from '../../../lib/constructs/account-setting-function';

function labIam(overrides: Record<string, unknown> = {}) {
  const { stacks } = buildLabApp({ only: ['LabIam'], context: overrides, nag: true }); // synth throws on a nag finding
  return { stack: stacks.LabIam, template: Template.fromStack(stacks.LabIam) };
}

describe('LabIam with the default settings', () => {
  const { stack, template } = labIam();
  const json = template.toJSON();
  const logicalId = (type: string) => Object.keys(template.findResources(type))[0];

  it('has an admin group with AdministratorAccess', () => {
    template.resourceCountIs('AWS::IAM::Group', 1);
    template.hasResourceProperties('AWS::IAM::Group', {
      GroupName: 'admin',
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }],
    });
  });

  it('has the user in that group only, with no policy of its own and no access keys', () => {
    template.resourceCountIs('AWS::IAM::User', 1);
    const [user] = Object.values(template.findResources('AWS::IAM::User')) as { Properties: Record<string, unknown> }[];
    expect(user.Properties.UserName).toBe('dva-learner');
    expect(user.Properties.Groups).toEqual([{ Ref: logicalId('AWS::IAM::Group') }]);
    expect(user.Properties).not.toHaveProperty('Policies');
    expect(user.Properties).not.toHaveProperty('ManagedPolicyArns');
    template.resourceCountIs('AWS::IAM::AccessKey', 0);
    template.resourceCountIs('AWS::IAM::UserToGroupAddition', 0);
    // No AWS::IAM::Policy or ManagedPolicy names the user.
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const policy of Object.values(template.findResources(type)) as { Properties: Record<string, unknown> }[]) {
        expect(policy.Properties.Users).toBeUndefined();
      }
    }
  });

  it('gives the user a console password that must be reset, by dynamic reference only', () => {
    const secretId = logicalId('AWS::SecretsManager::Secret');
    template.hasResourceProperties('AWS::IAM::User', {
      LoginProfile: {
        PasswordResetRequired: true,
        Password: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:password::}}']] },
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
        SecretStringTemplate: '{"username":"dva-learner"}',
        PasswordLength: 32,
        RequireEachIncludedType: true,
      }),
    });
    const secret = template.findResources('AWS::SecretsManager::Secret')[secretId] as { Properties: Record<string, unknown> };
    expect(secret.Properties).not.toHaveProperty('SecretString');
    // Outputs carry the secret's ARN and the command that reads it, never the value.
    const outputs = JSON.stringify(json.Outputs);
    expect(outputs).not.toMatch(/resolve:secretsmanager|SecretString:password/);
  });

  it('sets the account password policy with every field explicit', () => {
    template.resourceCountIs('Custom::AccountPasswordPolicy', 1);
    const [policy] = Object.values(template.findResources('Custom::AccountPasswordPolicy')) as { Properties: Record<string, unknown> }[];
    const { ServiceToken, ServiceTimeout, ...fields } = policy.Properties;
    expect(ServiceToken).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AccountPasswordPolicyHandlerFunction/), 'Arn'] });
    // CloudFormation waits 3 minutes for the handler's answer, not an hour.
    expect(ServiceTimeout).toBe(String(CUSTOM_RESOURCE_SERVICE_TIMEOUT.toSeconds()));
    expect(fields).toEqual(LAB_PASSWORD_POLICY);
  });

  it('creates the user after the password policy, so the password is set under it', () => {
    const users = template.findResources('AWS::IAM::User') as Record<string, { DependsOn?: string[] }>;
    expect(Object.values(users)[0].DependsOn).toEqual([logicalId('Custom::AccountPasswordPolicy')]);
  });

  it('grants each handler exactly the IAM actions it calls', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as {
      Properties: { Policies: { PolicyName: string; PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[] };
    }[];
    expect(roles).toHaveLength(1);
    const byName = Object.fromEntries(roles[0].Properties.Policies.map((p) => [p.PolicyName, p.PolicyDocument.Statement]));
    expect(byName.ManageAccountSetting).toEqual([
      {
        Effect: 'Allow',
        Action: ['iam:DeleteAccountPasswordPolicy', 'iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'],
        Resource: '*',
      },
    ]);
    expect(byName.WriteOwnLogs).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logicalId('AWS::Logs::LogGroup'), 'Arn'] },
      },
    ]);
    expect(roles[0].Properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('runs the handler on the newest Node.js LTS runtime, arm64, with one attempt', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  it('has the outputs the README and `npm run check` rely on', () => {
    expect(Object.keys(json.Outputs).sort()).toEqual(
      ['GroupName', 'InitialPasswordCommand', 'PasswordPolicy', 'PasswordSecretArn', 'SignInUrl', 'UserName'].sort(),
    );
    expect(json.Outputs.SignInUrl.Value).toEqual({
      'Fn::Join': ['', ['https://', { Ref: 'AWS::AccountId' }, '.signin.aws.amazon.com/console']],
    });
    expect(JSON.parse(json.Outputs.PasswordPolicy.Value)).toEqual({ ...LAB_PASSWORD_POLICY, ExpirePasswords: true });
    expect(json.Outputs.InitialPasswordCommand.Value).toEqual({
      'Fn::Join': [
        '',
        [
          'aws secretsmanager get-secret-value --secret-id ',
          { Ref: logicalId('AWS::SecretsManager::Secret') },
          ' --region ',
          { Ref: 'AWS::Region' },
          ' --query SecretString --output text',
        ],
      ],
    });
  });

  it('has no account alias unless asked', () => {
    template.resourceCountIs('Custom::AccountAlias', 0);
    template.templateMatches({ Outputs: Match.not(Match.objectLike({ [OUTPUTS.accountAlias]: Match.anyValue() })) });
  });

  it('acknowledges only the expected cdk-nag rules, each with a reason', () => {
    // cdk-nag's (the Control Tower controls' acknowledgements: test/compliance/guard.test.ts).
    const acks = acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-'));
    expect(acks.map((a) => `${a.path} ${a.id}`).sort()).toEqual([
      'LabIam/AccountPasswordPolicy/Handler/Role AwsSolutions-IAM5[Resource::*]',
      'LabIam/AdminGroup AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      'LabIam/InitialPassword AwsSolutions-SMG4',
    ]);
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(40);
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  it('matches the snapshot (asset hashes normalized)', () => {
    expect(normalizeTemplate(json)).toMatchSnapshot();
  });
});

describe('LabIam with every option', () => {
  const { stack, template } = labIam({
    accountAlias: 'my-dva-lab-2026',
    requireMfa: 'true',
    passwordMaxAgeDays: '0',
    labUserName: 'alice',
    adminGroupName: 'lab-admins',
  });
  const json = template.toJSON();

  it('adds the alias resource and uses the alias in the sign-in URL', () => {
    template.hasResourceProperties('Custom::AccountAlias', { AccountAlias: 'my-dva-lab-2026' });
    expect(json.Outputs.SignInUrl.Value).toBe('https://my-dva-lab-2026.signin.aws.amazon.com/console');
  });

  it('writes the alias it set as an output, which the check reads', () => {
    expect(json.Outputs[OUTPUTS.accountAlias]).toEqual({
      Description: 'The account alias this lab set; destroy puts back the alias that was there before',
      Value: 'my-dva-lab-2026',
    });
  });

  it('gives the alias handler only the alias actions', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.arrayWith([
        {
          PolicyName: 'ManageAccountSetting',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccountAlias', 'iam:DeleteAccountAlias', 'iam:ListAccountAliases'], Resource: '*' }],
          },
        },
      ]),
    });
  });

  it('puts the MFA policy on the admin group, with enrolment scoped to the caller\'s own user', () => {
    // The exact statements are pinned in test/constructs/require-mfa-policy.test.ts.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'BlockMostAccessUnlessSignedInWithMFA',
      Groups: [{ Ref: Object.keys(template.findResources('AWS::IAM::Group'))[0] }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Sid: 'BlockMostAccessUnlessSignedInWithMFA', Effect: 'Deny', Resource: '*' }),
          Match.objectLike({
            Sid: 'OnlyYourOwnUserUntilSignedInWithMFA',
            Effect: 'Deny',
            NotResource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':user/${aws:username}']] },
          }),
          Match.objectLike({ Sid: 'OnlyVirtualMfaDevicesUntilSignedInWithMFA', Effect: 'Deny' }),
        ],
      },
    });
  });

  it('leaves MaxPasswordAge out for passwords that never expire', () => {
    const [policy] = Object.values(template.findResources('Custom::AccountPasswordPolicy')) as { Properties: Record<string, unknown> }[];
    expect(policy.Properties).not.toHaveProperty('MaxPasswordAge');
    expect(JSON.parse(json.Outputs.PasswordPolicy.Value)).toMatchObject({ ExpirePasswords: false, HardExpiry: false });
  });

  it('names the user and group from the settings', () => {
    template.hasResourceProperties('AWS::IAM::User', { UserName: 'alice' });
    template.hasResourceProperties('AWS::IAM::Group', { GroupName: 'lab-admins' });
  });

  it('passes cdk-nag with the same narrow acknowledgements (synth would throw otherwise)', () => {
    expect(acknowledgements(stack).map((a) => a.id).filter((id) => id.startsWith('AwsSolutions-')).sort()).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-SMG4',
    ]);
  });

  it('matches the snapshot (asset hashes normalized)', () => {
    expect(normalizeTemplate(json)).toMatchSnapshot();
  });
});
