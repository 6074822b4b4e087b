import * as budgets from 'aws-cdk-lib/aws-budgets';
import { Annotations, CfnOutput, CfnParameter, CfnRule, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { BudgetSettings } from '../../settings';
import { BUDGET_NAME, BUDGET_REGION, MISSING_EMAIL_FIX } from './meta';
import { OUTPUTS } from './outputs';

/** Props of {@link LabBudgetStack}. The region is always BUDGET_REGION, whatever `env` says. */
export interface LabBudgetStackProps extends StackProps {
  readonly settings: BudgetSettings;
}

/**
 * Notes: "AWS Management Console" (budget). A monthly COST budget, 0.01 USD by default so
 * the first cent spent triggers the alert, e-mailing when actual or forecasted spend
 * exceeds the limit.
 *
 * Without `budgetEmail` the stack still synthesizes (so does every other lab), but its
 * template asks for a `BudgetEmail` parameter, and a template rule refuses an empty one:
 * CloudFormation evaluates rules when the change set is created, before any resource,
 * and shows the rule's message, which names the fix.
 */
export class LabBudgetStack extends Stack {
  constructor(scope: Construct, id: string, props: LabBudgetStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: BUDGET_REGION } });
    const { budgetEmail, budgetLimitUsd } = props.settings;

    // With the e-mail known at synth time it goes into the template as is. A parameter with a
    // default would not do: on later deploys the CDK CLI re-uses the parameter's previous
    // value, so a changed -c budgetEmail would be silently ignored.
    const email = budgetEmail ?? this.askForEmail();

    const budget = new budgets.CfnBudget(this, 'MonthlyCostBudget', {
      budget: {
        budgetName: BUDGET_NAME,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: budgetLimitUsd, unit: 'USD' },
      },
      notificationsWithSubscribers: (['ACTUAL', 'FORECASTED'] as const).map((notificationType) => ({
        notification: {
          notificationType,
          comparisonOperator: 'GREATER_THAN',
          thresholdType: 'PERCENTAGE',
          threshold: 100,
        },
        subscribers: [{ subscriptionType: 'EMAIL', address: email }],
      })),
    });

    new CfnOutput(this, OUTPUTS.budgetName, { value: budget.ref });
    new CfnOutput(this, OUTPUTS.budgetLimitUsd, { value: budgetLimitUsd.toFixed(2) });
  }

  /** A required parameter, a rule that refuses it empty, and a warning at synth time. */
  private askForEmail(): string {
    const parameter = new CfnParameter(this, 'BudgetEmail', {
      type: 'String',
      default: '',
      description: `E-mail address for the budget alerts. Set it with: ${MISSING_EMAIL_FIX}`,
      allowedPattern: '^$|^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
      constraintDescription: 'must be an e-mail address, such as you@example.com',
    });
    new CfnRule(this, 'BudgetEmailRequired', {
      assertions: [
        {
          assert: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')),
          assertDescription: `LabBudget needs an e-mail address for its alerts. Deploy it with: ${MISSING_EMAIL_FIX}`,
        },
      ],
    });
    Annotations.of(this).addWarningV2(
      'aws-dva-labs:budgetEmailMissing',
      `budgetEmail is not set: deploying LabBudget will be refused before anything is created. Deploy it with: ${MISSING_EMAIL_FIX}`,
    );
    return parameter.valueAsString;
  }
}
