import {
  BudgetsClient,
  CreateBudgetCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
} from '@aws-sdk/client-budgets';
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
import type { CheckClients } from '../../lib/check/clients';
import { checkLabBudget } from '../../lib/check/labs/lab-budget';
import { checkLabIam } from '../../lib/check/labs/lab-iam';
import { findLabCheck } from '../../lib/check/registry';
import { runLabCheck } from '../../lib/check/run';
import { describeWithMoto, resetMoto } from '../moto/moto';
import { deployLabStack, destroyClients, labContext, motoCheckClients, statusOf, TEST_HTTP } from './lab-state';
import { LAB_PASSWORD_POLICY } from '../helpers/password-policy';

describeWithMoto('check LabIam and LabBudget (moto)', () => {
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(() => destroyClients(clients));

  async function buildLabIam(options: { attachToUser?: boolean; policy?: object; alias?: string } = {}): Promise<void> {
    const { iam } = clients;
    await iam.send(new CreateGroupCommand({ GroupName: 'admin' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateUserCommand({ UserName: 'dva-learner' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admin', UserName: 'dva-learner' }));
    if (options.attachToUser) {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'dva-learner', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    }
    await iam.send(new UpdateAccountPasswordPolicyCommand({ ...LAB_PASSWORD_POLICY, ...(options.policy ?? {}) }));
    if (options.alias) await iam.send(new CreateAccountAliasCommand({ AccountAlias: options.alias }));
    await deployLabStack(clients.cloudFormation, 'LabIam', {
      UserName: 'dva-learner',
      GroupName: 'admin',
      PasswordPolicy: JSON.stringify(LAB_PASSWORD_POLICY),
      ...(options.alias ? { AccountAlias: 'my-dva-lab-2026' } : {}),
    });
  }

  it('LabIam passes every check moto can answer; root MFA fails with the console steps (moto never reports it on)', async () => {
    await buildLabIam({ alias: 'my-dva-lab-2026' });
    const results = await checkLabIam(await labContext(clients, 'LabIam'));
    expect(results.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual(['iam.root-mfa']);
    expect(results.find((r) => r.id === 'iam.root-mfa')?.hint).toContain('Assign MFA device');
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
    expect(policies.hint).toContain('aws iam detach-user-policy --user-name dva-learner --policy-arn arn:aws:iam::aws:policy/AdministratorAccess');
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

  // ------------------------------------------------------------ LabBudget
  async function buildLabBudget(timeUnit: 'MONTHLY' | 'ANNUALLY' = 'MONTHLY', amount = '0.01'): Promise<string> {
    const accountId = await labStackAccount();
    await clients.budgets.send(
      new CreateBudgetCommand({
        AccountId: accountId,
        Budget: { BudgetName: 'aws-dva-labs-monthly', BudgetType: 'COST', TimeUnit: timeUnit, BudgetLimit: { Amount: amount, Unit: 'USD' } },
        NotificationsWithSubscribers: [
          {
            Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'learner@example.com' }],
          },
        ],
      }),
    );
    return accountId;
  }

  async function labStackAccount(): Promise<string> {
    const budgetClients = motoCheckClients('us-east-1');
    await deployLabStack(budgetClients.cloudFormation, 'LabBudget', { BudgetName: 'aws-dva-labs-monthly', BudgetLimitUsd: '0.01' });
    const stack = (await labContext(budgetClients, 'LabBudget')).stack;
    destroyClients(budgetClients);
    return stack.accountId;
  }

  /**
   * moto has no DescribeSubscribersForNotification: that one call is answered by
   * aws-sdk-client-mock, every other Budgets call goes to moto.
   */
  function subscribersMock(budgets: BudgetsClient, subscribers: { SubscriptionType: 'EMAIL' | 'SNS'; Address: string }[]) {
    const realSend = budgets.send.bind(budgets) as (command: unknown) => Promise<never>;
    const mock = mockClient(budgets);
    mock.on(DescribeBudgetCommand).callsFake((input) => realSend(new DescribeBudgetCommand(input)));
    mock.on(DescribeNotificationsForBudgetCommand).callsFake((input) => realSend(new DescribeNotificationsForBudgetCommand(input)));
    mock.on(DescribeSubscribersForNotificationCommand).resolves({ Subscribers: subscribers });
    return mock;
  }

  it('LabBudget passes: monthly budget with the limit and an e-mail on ACTUAL', async () => {
    await buildLabBudget();
    const budgetClients = motoCheckClients('us-east-1');
    const mock = subscribersMock(budgetClients.budgets, [{ SubscriptionType: 'EMAIL', Address: 'learner@example.com' }]);
    const results = await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    mock.restore();
    destroyClients(budgetClients);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['budget.exists', 'pass'],
      ['budget.limit', 'pass'],
      ['budget.time-unit', 'pass'],
      ['budget.email-alert', 'pass'],
    ]);
  });

  it('LabBudget fails a yearly budget, another limit, and no e-mail subscriber', async () => {
    await buildLabBudget('ANNUALLY', '25');
    const budgetClients = motoCheckClients('us-east-1');
    const mock = subscribersMock(budgetClients.budgets, [{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:123456789012:t' }]);
    const results = await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    mock.restore();
    destroyClients(budgetClients);
    expect(results.find((r) => r.id === 'budget.limit')).toMatchObject({ status: 'fail', detail: '25 USD' });
    expect(results.find((r) => r.id === 'budget.time-unit')).toMatchObject({ status: 'fail', detail: 'ANNUALLY' });
    expect(results.find((r) => r.id === 'budget.email-alert')?.hint).toContain('-c budgetEmail=');
  });

  it('LabBudget fails a deleted budget with the deploy command', async () => {
    await labStackAccount();
    const budgetClients = motoCheckClients('us-east-1');
    const results = await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    destroyClients(budgetClients);
    expect(results).toEqual([
      { id: 'budget.exists', title: 'budget aws-dva-labs-monthly exists', status: 'fail', hint: 'the budget was deleted: npx cdk deploy LabBudget creates it again' },
    ]);
  });
});
