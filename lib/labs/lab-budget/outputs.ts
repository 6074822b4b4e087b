/** The ids of LabBudget's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  budgetName: 'BudgetName',
  budgetLimitUsd: 'BudgetLimitUsd',
} as const;
