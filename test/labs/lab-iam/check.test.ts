import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  DeleteAccountAliasCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  GetLoginProfileCommand,
  RemoveUserFromGroupCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import type { CheckClients } from '../../../lib/check/clients';
import { LABS } from '../../../lib/catalogue';
import { runLabCheck } from '../../../lib/check/run';
import { checkLabIam } from '../../../lib/labs/lab-iam/check';
import { meta } from '../../../lib/labs/lab-iam/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases, partialMock } from '../../helpers/failing-checks';
import { deployLabStack, destroyClients, labContext, motoCheckClients, statusOf, templateWhenNeeded, TEST_HTTP, type SynthesizedTemplate } from '../../helpers/lab-state';
import { LAB_PASSWORD_POLICY } from '../../helpers/password-policy';
import { describeWithMoto, motoAccountId, resetMoto } from '../../moto/moto';

const ALIAS = 'my-dva-lab-2026';
/** LabIam as `cdk synth` writes it, without and with an alias: its outputs become the fixture. */
const template = templateWhenNeeded('LabIam');
const templateWithAlias = templateWhenNeeded('LabIam', { accountAlias: ALIAS });

/** A property of the one resource of this type in the template (the names the stack gives). */
function propertyOf(template: SynthesizedTemplate, type: string, property: string): string {
  const found = Object.values(template.Resources ?? {}).filter((r) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return String(found[0].Properties?.[property]);
}
const userName = () => propertyOf(template(), 'AWS::IAM::User', 'UserName');
const groupName = () => propertyOf(template(), 'AWS::IAM::Group', 'GroupName');

describeWithMoto('check LabIam (moto)', () => {
  const failing = failingCases(meta);
  const run = async () => checkLabIam(await labContext(clients, 'LabIam'));
  /** Every IAM call the check makes besides the account summary, sent on to moto. */
  const IAM_CALLS = [
    GetUserCommand,
    GetLoginProfileCommand,
    ListGroupsForUserCommand,
    ListAttachedUserPoliciesCommand,
    ListUserPoliciesCommand,
    ListAttachedGroupPoliciesCommand,
    GetAccountPasswordPolicyCommand,
    ListAccountAliasesCommand,
  ];
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => destroyClients(clients));

  async function buildLabIam(options: { attachToUser?: boolean; policy?: object; alias?: boolean; resetRequired?: boolean } = {}): Promise<void> {
    const { iam } = clients;
    await iam.send(new CreateGroupCommand({ GroupName: groupName() }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: groupName(), PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateUserCommand({ UserName: userName() }));
    await iam.send(new AddUserToGroupCommand({ GroupName: groupName(), UserName: userName() }));
    // As the stack creates it: a first password the user must change at first sign-in.
    await iam.send(new CreateLoginProfileCommand({ UserName: userName(), Password: 'Initial-Passw0rd!x' }));
    // moto's CreateLoginProfile drops PasswordResetRequired; UpdateLoginProfile keeps it.
    await iam.send(new UpdateLoginProfileCommand({ UserName: userName(), Password: 'Initial-Passw0rd!x', PasswordResetRequired: options.resetRequired ?? true }));
    if (options.attachToUser) {
      await iam.send(new AttachUserPolicyCommand({ UserName: userName(), PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    }
    await iam.send(new UpdateAccountPasswordPolicyCommand({ ...LAB_PASSWORD_POLICY, ...(options.policy ?? {}) }));
    if (options.alias) await iam.send(new CreateAccountAliasCommand({ AccountAlias: ALIAS }));
    await deployLabStack(clients.cloudFormation, 'LabIam', options.alias ? templateWithAlias() : template(), [
      { type: 'AWS::IAM::User', ref: userName() },
      { type: 'AWS::IAM::Group', ref: groupName() },
      { type: 'AWS::SecretsManager::Secret', ref: `arn:aws:secretsmanager:eu-west-1:${motoAccountId()}:secret:LabIamInitialPassword-AbCdEf` },
    ]);
  }

  it('LabIam passes every check moto can answer; root MFA fails with the console steps (moto never reports it on)', async () => {
    await buildLabIam({ alias: true });
    const results = await run();
    expect(results.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual(['iam.root-mfa']);
    expect(failing.expectFails(results, 'iam.root-mfa').hint).toContain('Assign MFA device');
    expectDeclaredChecks(results, meta);
    expect(results.find((r) => r.id === 'iam.alias')).toMatchObject({ status: 'pass', title: `account alias ${ALIAS}` });
    expect(results.map((r) => r.id)).toEqual([
      'iam.root-keys',
      'iam.root-mfa',
      'iam.user',
      'iam.password-reset',
      'iam.user-group',
      'iam.user-policies',
      'iam.group-admin',
      'iam.password-policy',
      'iam.alias',
    ]);
  });

  // moto's account summary always says AccountMFAEnabled 0: only that call is mocked here.
  it('LabIam: root MFA passes when the account summary reports it', async () => {
    await buildLabIam();
    // Every other call the check makes still goes to moto; any call not listed is refused.
    const mock = partialMock(clients.iam, IAM_CALLS);
    mock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
    const results = await checkLabIam(await labContext(clients, 'LabIam'));
    mock.restore();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(statusOf(results, 'iam.root-mfa')).toBe('pass');
  });

  it('LabIam: AccessDenied on the account summary fails the run with a hint, not a stack trace', async () => {
    await buildLabIam();
    const mock = partialMock(clients.iam, IAM_CALLS);
    mock.on(GetAccountSummaryCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:GetAccountSummary'), { name: 'AccessDenied' }));
    const report = await runLabCheck(LABS.LabIam, clients, {
      wait: { maxWaitSeconds: 2, onProgress: () => undefined },
      http: TEST_HTTP,
      where: { region: 'eu-west-1', env: {} },
      now: () => new Date('2026-11-26T12:00:00Z'),
    });
    mock.restore();
    // Access denied is "could not check" (exit 3), not a failed check.
    expect(report).toEqual({
      lab: 'LabIam',
      region: 'eu-west-1',
      outcome: 'could-not-check',
      results: [],
      message:
        'LabIam could not be checked: access denied (User is not authorized to perform: iam:GetAccountSummary): use credentials allowed to read the labs, such as the admin user of LabIam',
    });
  });

  it('LabIam fails a user with a directly attached policy, with the detach command', async () => {
    await buildLabIam({ attachToUser: true });
    const policies = failing.expectFails(await run(), 'iam.user-policies');
    expect(policies.hint).toContain(`aws iam detach-user-policy --user-name ${userName()} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`);
  });

  it('LabIam fails a weaker password policy, naming each changed field', async () => {
    await buildLabIam({ policy: { MinimumPasswordLength: 8, RequireSymbols: false } });
    const policy = failing.expectFails(await run(), 'iam.password-policy');
    expect(policy.hint).toContain('MinimumPasswordLength: 8 (want 14)');
    expect(policy.hint).toContain('RequireSymbols: false (want true)');
  });

  it('LabIam skips the alias when none is set', async () => {
    await buildLabIam();
    expect((await run()).find((r) => r.id === 'iam.alias')).toEqual({ id: 'iam.alias', title: 'account alias', status: 'skip', hint: 'no alias set (accountAlias is opt-in)' });
  });

  // moto always reports 0 root access keys: GetAccountSummary alone is mocked, every other call goes to moto.
  it('LabIam fails root access keys present', async () => {
    await buildLabIam();
    const mock = partialMock(clients.iam, IAM_CALLS);
    mock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 } });
    try {
      const results = await run();
      expect(failing.expectFails(results, 'iam.root-keys').hint).toContain('the root user has access keys');
      expect(results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['iam.root-keys']);
    } finally {
      mock.restore();
    }
  });

  it('LabIam fails a user who need not change the initial password, with the command', async () => {
    await buildLabIam({ resetRequired: false });
    const reset = failing.expectFails(await run(), 'iam.password-reset');
    expect(reset).toMatchObject({ title: `${userName()} must set a new password at first sign-in`, detail: 'no reset required' });
    expect(reset.hint).toContain(`aws iam update-login-profile --user-name ${userName()} --password-reset-required`);
  });

  it('LabIam fails a deleted user, and skips what only a user can have', async () => {
    await buildLabIam();
    await clients.iam.send(new RemoveUserFromGroupCommand({ GroupName: groupName(), UserName: userName() }));
    await clients.iam.send(new DeleteLoginProfileCommand({ UserName: userName() }));
    await clients.iam.send(new DeleteUserCommand({ UserName: userName() }));
    const results = await run();
    expect(failing.expectFails(results, 'iam.user').hint).toBe('the user was deleted: npx cdk deploy LabIam creates it again');
    expect(results.filter((r) => r.status === 'skip').map((r) => r.id)).toEqual(['iam.password-reset', 'iam.user-group', 'iam.user-policies', 'iam.alias']);
  });

  it('LabIam fails a user outside the admin group', async () => {
    await buildLabIam();
    await clients.iam.send(new RemoveUserFromGroupCommand({ GroupName: groupName(), UserName: userName() }));
    const group = failing.expectFails(await run(), 'iam.user-group');
    expect(group).toMatchObject({ detail: 'no group', hint: `add it: aws iam add-user-to-group --user-name ${userName()} --group-name ${groupName()}` });
  });

  it('LabIam fails a group without AdministratorAccess', async () => {
    await buildLabIam();
    await clients.iam.send(new DetachGroupPolicyCommand({ GroupName: groupName(), PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect(failing.expectFails(await run(), 'iam.group-admin').hint).toBe(
      `attach it: aws iam attach-group-policy --group-name ${groupName()} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`,
    );
  });

  it('LabIam fails an alias that is not the deployed one', async () => {
    await buildLabIam({ alias: true });
    await clients.iam.send(new DeleteAccountAliasCommand({ AccountAlias: ALIAS }));
    await clients.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'someone-else-2026' }));
    const alias = failing.expectFails(await run(), 'iam.alias');
    expect(alias).toMatchObject({ title: `account alias ${ALIAS}`, detail: 'someone-else-2026' });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
}, { awsManagedPolicies: true }); // attaches AdministratorAccess
