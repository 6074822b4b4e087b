import {
  DescribeBudgetCommand,
  paginateDescribeNotificationsForBudget,
  paginateDescribeSubscribersForNotification,
  type Budget,
  type Notification,
} from '@aws-sdk/client-budgets';
import type { LabCheckContext } from '../../check/context';
import { Checklist, type CheckResult } from '../../check/result';
import { OUTPUTS } from './outputs';

/** The alerts the lab sets: on what was spent, and on what AWS forecasts for the month. */
const ALERTS = [
  { type: 'ACTUAL', id: 'budget.email-alert', words: 'actual spend' },
  { type: 'FORECASTED', id: 'budget.forecast-alert', words: 'forecasted spend' },
] as const;

/** LabBudget: the monthly cost budget with its limit, and e-mail alerts on actual and forecasted spend. */
export async function checkLabBudget(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { budgets } = ctx.clients;
  const { outputs, name: lab, accountId } = ctx.stack;
  const budgetName = outputs[OUTPUTS.budgetName];
  const limitUsd = Number(outputs[OUTPUTS.budgetLimitUsd]);
  if (!budgetName || !Number.isFinite(limitUsd)) {
    list.fail('budget.outputs', `stack outputs ${OUTPUTS.budgetName} and ${OUTPUTS.budgetLimitUsd}`, `redeploy with npx cdk deploy ${lab}`);
    return list.results;
  }
  let budget: Budget | undefined;
  try {
    budget = (await budgets.send(new DescribeBudgetCommand({ AccountId: accountId, BudgetName: budgetName }))).Budget;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'NotFoundException')) throw error;
  }
  if (!budget) {
    list.fail('budget.exists', `budget ${budgetName} exists`, `the budget was deleted: npx cdk deploy ${lab} creates it again`);
    return list.results;
  }
  list.pass('budget.exists', `budget ${budgetName} exists`);
  list.expect(
    budget.BudgetType === 'COST',
    'budget.cost-type',
    'tracks cost (type COST)',
    budget.BudgetType,
    `the budget tracks ${budget.BudgetType ?? 'nothing'}, not what you pay: npx cdk destroy ${lab} && npx cdk deploy ${lab} makes it a cost budget again`,
  );
  const limit = budget.BudgetLimit;
  list.expect(
    limit?.Unit === 'USD' && Math.abs(Number(limit.Amount) - limitUsd) < 0.005,
    'budget.limit',
    `limit ${limitUsd} USD`,
    `${limit?.Amount ?? '?'} ${limit?.Unit ?? ''}`.trim(),
    `the limit was changed: npx cdk deploy ${lab} sets it back (or -c budgetLimitUsd=<amount> to choose another)`,
  );
  list.expect(
    budget.TimeUnit === 'MONTHLY',
    'budget.time-unit',
    'monthly period',
    budget.TimeUnit,
    `the budget resets ${budget.TimeUnit?.toLowerCase() ?? 'never'}: npx cdk deploy ${lab} sets it back to MONTHLY`,
  );

  const notifications: Notification[] = [];
  for await (const page of paginateDescribeNotificationsForBudget({ client: budgets }, { AccountId: accountId, BudgetName: budgetName })) {
    notifications.push(...(page.Notifications ?? []));
  }
  for (const { type, id, words } of ALERTS) {
    const ofType = notifications.filter((n) => n.NotificationType === type);
    const emails: string[] = [];
    for (const notification of ofType) {
      for await (const page of paginateDescribeSubscribersForNotification(
        { client: budgets },
        { AccountId: accountId, BudgetName: budgetName, Notification: notification },
      )) {
        emails.push(...(page.Subscribers ?? []).filter((s) => s.SubscriptionType === 'EMAIL').map((s) => s.Address ?? ''));
      }
    }
    list.expect(
      emails.length > 0,
      id,
      `e-mail alert on ${words}`,
      emails.length ? `${emails.length} e-mail subscriber(s)` : `${ofType.length} ${type} notification(s), no e-mail`,
      `no e-mail is told when ${words} crosses the threshold: npx cdk deploy ${lab} -c budgetEmail=you@example.com`,
    );
  }
  return list.results;
}
