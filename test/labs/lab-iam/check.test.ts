import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
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
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { CheckClients } from '../../../lib/check/clients';
import { findLabCheck } from '../../../lib/check/registry';
import { runLabCheck } from '../../../lib/check/run';
import { checkLabIam } from '../../../lib/labs/lab-iam/check';
import { meta } from '../../../lib/labs/lab-iam/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { deployLabStack, destroyClients, labContext, motoCheckClients, statusOf, synthesizedTemplate, TEST_HTTP, type SynthesizedTemplate } from '../../helpers/lab-state';
import { LAB_PASSWORD_POLICY } from '../../helpers/password-policy';
import { describeWithMoto, resetMoto } from '../../moto/moto';

const ALIAS = 'my-dva-lab-2026';
/** LabIam as `cdk synth` writes it, without and with an alias: its outputs become the fixture. */
const TEMPLATE = synthesizedTemplate('LabIam');
const TEMPLATE_WITH_ALIAS = synthesizedTemplate('LabIam', { accountAlias: ALIAS });

/** A property of the one resource of this type in the template (the names the stack gives). */
function propertyOf(template: SynthesizedTemplate, type: string, property: string): string {
  const found = Object.values(template.Resources ?? {}).filter((r) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return String(found[0].Properties?.[property]);
}
const USER = propertyOf(TEMPLATE, 'AWS::IAM::User', 'UserName');
const GROUP = propertyOf(TEMPLATE, 'AWS::IAM::Group', 'GroupName');

describeWithMoto('check LabIam (moto)', () => {
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => destroyClients(clients));

  async function buildLabIam(options: { attachToUser?: boolean; policy?: object; alias?: boolean } = {}): Promise<void> {
    const { iam } = clients;
    await iam.send(new CreateGroupCommand({ GroupName: GROUP }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: GROUP, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateUserCommand({ UserName: USER }));
    await iam.send(new AddUserToGroupCommand({ GroupName: GROUP, UserName: USER }));
    if (options.attachToUser) {
      await iam.send(new AttachUserPolicyCommand({ UserName: USER, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    }
    await iam.send(new UpdateAccountPasswordPolicyCommand({ ...LAB_PASSWORD_POLICY, ...(options.policy ?? {}) }));
    if (options.alias) await iam.send(new CreateAccountAliasCommand({ AccountAlias: ALIAS }));
    await deployLabStack(clients.cloudFormation, 'LabIam', options.alias ? TEMPLATE_WITH_ALIAS : TEMPLATE, [
      { type: 'AWS::IAM::User', ref: USER },
      { type: 'AWS::IAM::Group', ref: GROUP },
      { type: 'AWS::SecretsManager::Secret', ref: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:LabIamInitialPassword-AbCdEf` },
    ]);
  }

  it('LabIam passes every check moto can answer; root MFA fails with the console steps (moto never reports it on)', async () => {
    await buildLabIam({ alias: true });
    const results = await checkLabIam(await labContext(clients, 'LabIam'));
    expect(results.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual(['iam.root-mfa']);
    expect(results.find((r) => r.id === 'iam.root-mfa')?.hint).toContain('Assign MFA device');
    expectDeclaredChecks(results, meta);
    expect(results.find((r) => r.id === 'iam.alias')).toMatchObject({ status: 'pass', title: `account alias ${ALIAS}` });
    expect(results.map((r) => r.id)).toEqual([
      'iam.root-keys',
      'iam.root-mfa',
      'iam.user',
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
    const realSend = clients.iam.send.bind(clients.iam) as (command: unknown) => Promise<never>;
    const mock = mockClient(clients.iam);
    // Every other call the check makes still goes to moto.
    for (const Command of [
      GetUserCommand,
      ListGroupsForUserCommand,
      ListAttachedUserPoliciesCommand,
      ListUserPoliciesCommand,
      ListAttachedGroupPoliciesCommand,
      GetAccountPasswordPolicyCommand,
      ListAccountAliasesCommand,
    ]) {
      mock.on(Command as never).callsFake((input: unknown) => realSend(new (Command as new (i: unknown) => unknown)(input)));
    }
    mock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
    const results = await checkLabIam(await labContext(clients, 'LabIam'));
    mock.restore();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(statusOf(results, 'iam.root-mfa')).toBe('pass');
  });

  it('LabIam: AccessDenied on the account summary fails the run with a hint, not a stack trace', async () => {
    await buildLabIam();
    const mock = mockClient(clients.iam);
    mock.on(GetAccountSummaryCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:GetAccountSummary'), { name: 'AccessDenied' }));
    const report = await runLabCheck(findLabCheck('LabIam')!, clients, {
      wait: { maxWaitSeconds: 2, onProgress: () => undefined },
      http: TEST_HTTP,
    });
    mock.restore();
    expect(report.results).toEqual([
      expect.objectContaining({ status: 'fail', hint: expect.stringMatching(/^access denied \(User is not authorized to perform: iam:GetAccountSummary\)/) }),
    ]);
  });

  it('LabIam fails a user with a directly attached policy, with the detach command', async () => {
    await buildLabIam({ attachToUser: true });
    const policies = (await checkLabIam(await labContext(clients, 'LabIam'))).find((r) => r.id === 'iam.user-policies')!;
    expect(policies.status).toBe('fail');
    expect(policies.hint).toContain(`aws iam detach-user-policy --user-name ${USER} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`);
  });

  it('LabIam fails a weaker password policy, naming each changed field', async () => {
    await buildLabIam({ policy: { MinimumPasswordLength: 8, RequireSymbols: false } });
    const policy = (await checkLabIam(await labContext(clients, 'LabIam'))).find((r) => r.id === 'iam.password-policy')!;
    expect(policy.status).toBe('fail');
    expect(policy.hint).toContain('MinimumPasswordLength: 8 (want 14)');
    expect(policy.hint).toContain('RequireSymbols: false (want true)');
  });

  it('LabIam skips the alias when none is set', async () => {
    await buildLabIam();
    expect(statusOf(await checkLabIam(await labContext(clients, 'LabIam')), 'iam.alias')).toBe('skip');
  });
}, { awsManagedPolicies: true }); // attaches AdministratorAccess
