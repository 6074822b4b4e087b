import type { LabMeta } from '../../lab-module';

/** The budget's name, fixed so that `check` and `leftovers` can find it. */
export const BUDGET_NAME = 'aws-dva-labs-monthly';
/** The Budgets API is served from us-east-1, and some regions lack AWS::Budgets::Budget. */
export const BUDGET_REGION = 'us-east-1';
export const MISSING_EMAIL_FIX = 'npx cdk deploy LabBudget -c budgetEmail=you@example.com';

export const meta = {
  id: 'LabBudget',
  title: 'monthly cost budget with e-mail alerts',
  notesSections: ['AWS Management Console'],
  summary: 'monthly cost budget with e-mail alerts on actual and forecasted spend',
  pinnedRegion: BUDGET_REGION,
  billsByTheHour: false,
  autoDestroyByDefault: false,
  checks: [
    { id: 'budget.exists', title: `budget ${BUDGET_NAME} exists` },
    { id: 'budget.cost-type', title: 'tracks cost (type COST)' },
    { id: 'budget.limit', title: 'limit <budgetLimitUsd> USD' },
    { id: 'budget.time-unit', title: 'monthly period' },
    { id: 'budget.email-alert', title: 'e-mail alert on actual spend' },
    { id: 'budget.forecast-alert', title: 'e-mail alert on forecasted spend' },
  ],
} as const satisfies LabMeta;
