import {
  BudgetsClient,
  CreateBudgetCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
} from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabBudget } from '../../../lib/labs/lab-budget/check';
import { BUDGET_NAME, BUDGET_REGION, meta } from '../../../lib/labs/lab-budget/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { deployLabStack, destroyClients, labContext, motoCheckClients, synthesizedTemplate } from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabBudget as `cdk synth` writes it (limit from cdk.json): its outputs become the fixture. */
const TEMPLATE = synthesizedTemplate('LabBudget', { budgetEmail: 'learner@example.com' });

describeWithMoto('check LabBudget (moto)', () => {
  let clients: CheckClients;
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients(BUDGET_REGION);
  });
  afterEach(() => destroyClients(clients));

  // ------------------------------------------------------------ LabBudget
  async function buildLabBudget(timeUnit: 'MONTHLY' | 'ANNUALLY' = 'MONTHLY', amount = '0.01'): Promise<string> {
    const accountId = await labStackAccount();
    await clients.budgets.send(
      new CreateBudgetCommand({
        AccountId: accountId,
        Budget: { BudgetName: BUDGET_NAME, BudgetType: 'COST', TimeUnit: timeUnit, BudgetLimit: { Amount: amount, Unit: 'USD' } },
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
    const budgetClients = motoCheckClients(BUDGET_REGION);
    await deployLabStack(budgetClients.cloudFormation, 'LabBudget', TEMPLATE, [{ type: 'AWS::Budgets::Budget', ref: BUDGET_NAME }]);
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
    const budgetClients = motoCheckClients(BUDGET_REGION);
    const mock = subscribersMock(budgetClients.budgets, [{ SubscriptionType: 'EMAIL', Address: 'learner@example.com' }]);
    const results = await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    mock.restore();
    destroyClients(budgetClients);
    expectDeclaredChecks(results, meta);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['budget.exists', 'pass'],
      ['budget.limit', 'pass'],
      ['budget.time-unit', 'pass'],
      ['budget.email-alert', 'pass'],
    ]);
  });

  it('LabBudget fails a yearly budget, another limit, and no e-mail subscriber', async () => {
    await buildLabBudget('ANNUALLY', '25');
    const budgetClients = motoCheckClients(BUDGET_REGION);
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
    const budgetClients = motoCheckClients(BUDGET_REGION);
    const results = await checkLabBudget(await labContext(budgetClients, 'LabBudget'));
    destroyClients(budgetClients);
    expect(results).toEqual([
      { id: 'budget.exists', title: `budget ${BUDGET_NAME} exists`, status: 'fail', hint: 'the budget was deleted: npx cdk deploy LabBudget creates it again' },
    ]);
  });
});
