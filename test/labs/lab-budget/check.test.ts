import {
  BudgetsClient,
  CreateBudgetCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
} from '@aws-sdk/client-budgets';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabBudget } from '../../../lib/labs/lab-budget/check';
import { BUDGET_NAME, BUDGET_REGION, meta } from '../../../lib/labs/lab-budget/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases, partialMock } from '../../helpers/failing-checks';
import { deployLabStack, destroyClients, labContext, motoCheckClients, templateWhenNeeded } from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabBudget as `cdk synth` writes it (limit from cdk.json): its outputs become the fixture. */
const template = templateWhenNeeded('LabBudget', { budgetEmail: 'learner@example.com' });

describeWithMoto('check LabBudget (moto)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients(BUDGET_REGION);
  });
  afterEach(() => destroyClients(clients));

  // ------------------------------------------------------------ LabBudget
  async function buildLabBudget(timeUnit: 'MONTHLY' | 'ANNUALLY' = 'MONTHLY', amount = '0.01', budgetType: 'COST' | 'USAGE' = 'COST'): Promise<string> {
    const accountId = await labStackAccount();
    await clients.budgets.send(
      new CreateBudgetCommand({
        AccountId: accountId,
        Budget: { BudgetName: BUDGET_NAME, BudgetType: budgetType, TimeUnit: timeUnit, BudgetLimit: { Amount: amount, Unit: 'USD' } },
        // As the stack sets them: an alert on ACTUAL and one on FORECASTED spend.
        NotificationsWithSubscribers: (['ACTUAL', 'FORECASTED'] as const).map((NotificationType) => ({
          Notification: { NotificationType, ComparisonOperator: 'GREATER_THAN' as const, Threshold: 80, ThresholdType: 'PERCENTAGE' as const },
          Subscribers: [{ SubscriptionType: 'EMAIL' as const, Address: 'learner@example.com' }],
        })),
      }),
    );
    return accountId;
  }

  async function labStackAccount(): Promise<string> {
    const budgetClients = motoCheckClients(BUDGET_REGION);
    await deployLabStack(budgetClients.cloudFormation, 'LabBudget', template(), [{ type: 'AWS::Budgets::Budget', ref: BUDGET_NAME }]);
    const stack = (await labContext(budgetClients, 'LabBudget')).stack;
    destroyClients(budgetClients);
    return stack.accountId;
  }

  /**
   * moto has no DescribeSubscribersForNotification: that one call is answered by
   * aws-sdk-client-mock, every other Budgets call goes to moto.
   */
  function subscribersMock(
    budgets: BudgetsClient,
    subscribers: { SubscriptionType: 'EMAIL' | 'SNS'; Address: string }[],
    forecastSubscribers = subscribers,
  ) {
    const mock = partialMock(budgets, [DescribeBudgetCommand, DescribeNotificationsForBudgetCommand]);
    mock.on(DescribeSubscribersForNotificationCommand).callsFake((input: { Notification?: { NotificationType?: string } }) =>
      Promise.resolve({ Subscribers: input.Notification?.NotificationType === 'FORECASTED' ? forecastSubscribers : subscribers }),
    );
    return mock;
  }

  async function runWith(subscribers: Parameters<typeof subscribersMock>[1], forecast?: Parameters<typeof subscribersMock>[2]) {
    const budgetClients = motoCheckClients(BUDGET_REGION);
    const mock = subscribersMock(budgetClients.budgets, subscribers, forecast);
    try {
      return await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    } finally {
      mock.restore();
      destroyClients(budgetClients);
    }
  }

  it('LabBudget passes: monthly budget with the limit and an e-mail on ACTUAL', async () => {
    await buildLabBudget();
    const results = await runWith([{ SubscriptionType: 'EMAIL', Address: 'learner@example.com' }]);
    expectDeclaredChecks(results, meta);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['budget.exists', 'pass'],
      ['budget.cost-type', 'pass'],
      ['budget.limit', 'pass'],
      ['budget.time-unit', 'pass'],
      ['budget.email-alert', 'pass'],
      ['budget.forecast-alert', 'pass'],
    ]);
  });

  it('LabBudget fails a yearly budget, another limit, and no e-mail subscriber', async () => {
    await buildLabBudget('ANNUALLY', '25');
    const results = await runWith([{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:123456789012:t' }]);
    expect(failing.expectFails(results, 'budget.limit').detail).toBe('25 USD');
    expect(failing.expectFails(results, 'budget.time-unit').detail).toBe('ANNUALLY');
    expect(failing.expectFails(results, 'budget.email-alert').hint).toBe(
      'no e-mail is told when actual spend crosses the threshold: npx cdk deploy LabBudget -c budgetEmail=you@example.com',
    );
    expect(failing.expectFails(results, 'budget.forecast-alert').detail).toBe('1 FORECASTED notification(s), no e-mail');
  });

  it('LabBudget fails a budget that tracks usage, not cost', async () => {
    await buildLabBudget('MONTHLY', '0.01', 'USAGE');
    const results = await runWith([{ SubscriptionType: 'EMAIL', Address: 'learner@example.com' }]);
    expect(failing.expectFails(results, 'budget.cost-type').detail).toBe('USAGE');
  });

  it('LabBudget fails the forecast alert alone when only ACTUAL has an e-mail', async () => {
    await buildLabBudget();
    const results = await runWith([{ SubscriptionType: 'EMAIL', Address: 'learner@example.com' }], []);
    expect(results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['budget.forecast-alert']);
    failing.expectFails(results, 'budget.forecast-alert');
  });

  it('LabBudget fails a deleted budget with the deploy command', async () => {
    await labStackAccount();
    const budgetClients = motoCheckClients(BUDGET_REGION);
    const results = await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    destroyClients(budgetClients);
    failing.expectFails(results, 'budget.exists');
    expect(results).toEqual([
      { id: 'budget.exists', title: `budget ${BUDGET_NAME} exists`, status: 'fail', hint: 'the budget was deleted: npx cdk deploy LabBudget creates it again' },
    ]);
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
