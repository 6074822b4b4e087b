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

/** LabBudget: the monthly cost budget with its limit, and an e-mail alert on actual spend. */
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
  list.pass('budget.exists', `budget ${budgetName} exists`, budget.BudgetType);
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

  const actual: Notification[] = [];
  for await (const page of paginateDescribeNotificationsForBudget({ client: budgets }, { AccountId: accountId, BudgetName: budgetName })) {
    actual.push(...(page.Notifications ?? []).filter((n) => n.NotificationType === 'ACTUAL'));
  }
  const emails: string[] = [];
  for (const notification of actual) {
    for await (const page of paginateDescribeSubscribersForNotification(
      { client: budgets },
      { AccountId: accountId, BudgetName: budgetName, Notification: notification },
    )) {
      emails.push(...(page.Subscribers ?? []).filter((s) => s.SubscriptionType === 'EMAIL').map((s) => s.Address ?? ''));
    }
  }
  list.expect(
    emails.length > 0,
    'budget.email-alert',
    'e-mail alert on actual spend',
    emails.length ? `${emails.length} e-mail subscriber(s)` : `${actual.length} ACTUAL notification(s), no e-mail`,
    `no e-mail is told when actual spend crosses the threshold: npx cdk deploy ${lab} -c budgetEmail=you@example.com`,
  );
  return list.results;
}
