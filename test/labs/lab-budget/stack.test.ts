/** LabBudget's template: the notes' 0.01 USD budget, and a deploy refused early without an e-mail. */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BUDGET_NAME, MISSING_EMAIL_FIX } from '../../../lib/labs/lab-budget/meta';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';

const notification = (notificationType: string, address: unknown) => ({
  Notification: { NotificationType: notificationType, ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE', Threshold: 100 },
  Subscribers: [{ SubscriptionType: 'EMAIL', Address: address }],
});

describe('LabBudget with an e-mail address', () => {
  const { stacks } = buildLabApp({ only: ['LabBudget'], context: { budgetEmail: 'learner@example.com' } });
  const stack = stacks.LabBudget;
  const template = Template.fromStack(stack);
  const json = template.toJSON();

  it('is pinned to us-east-1', () => {
    expect(stack.region).toBe('us-east-1');
  });

  it('is a monthly COST budget of 0.01 USD with ACTUAL and FORECASTED alerts above 100 %', () => {
    template.resourceCountIs('AWS::Budgets::Budget', 1);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetName: BUDGET_NAME, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 0.01, Unit: 'USD' } },
      NotificationsWithSubscribers: [notification('ACTUAL', 'learner@example.com'), notification('FORECASTED', 'learner@example.com')],
    });
  });

  it('needs no parameter and no rule', () => {
    expect(json.Parameters ?? {}).not.toHaveProperty('BudgetEmail');
    expect(json.Rules ?? {}).not.toHaveProperty('BudgetEmailRequired');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('budgetEmail'));
  });

  it('outputs the budget name and limit', () => {
    expect(json.Outputs.BudgetName.Value).toEqual({ Ref: Object.keys(template.findResources('AWS::Budgets::Budget'))[0] });
    expect(json.Outputs.BudgetLimitUsd.Value).toBe('0.01');
  });

  it('takes the limit from budgetLimitUsd', () => {
    const other = Template.fromStack(buildLabApp({ only: ['LabBudget'], context: { budgetEmail: 'learner@example.com', budgetLimitUsd: '5.25' } }).stacks.LabBudget);
    other.hasResourceProperties('AWS::Budgets::Budget', { Budget: Match.objectLike({ BudgetLimit: { Amount: 5.25, Unit: 'USD' } }) });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(json)).toMatchSnapshot();
  });
});

describe('LabBudget without an e-mail address (the cdk.json default)', () => {
  const { stacks } = buildLabApp();
  const stack = stacks.LabBudget;
  const template = Template.fromStack(stack);
  const json = template.toJSON();

  it('still synthesizes, and so does every other lab', () => {
    for (const other of Object.values(stacks)) expect(() => Template.fromStack(other)).not.toThrow();
  });

  it('sends the alerts to a BudgetEmail parameter that defaults to empty', () => {
    expect(json.Parameters.BudgetEmail).toMatchObject({ Type: 'String', Default: '' });
    template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [notification('ACTUAL', { Ref: 'BudgetEmail' }), notification('FORECASTED', { Ref: 'BudgetEmail' })],
    });
  });

  it('has a template rule that refuses an empty e-mail with the exact fix', () => {
    expect(json.Rules.BudgetEmailRequired).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'BudgetEmail' }, ''] }] },
          AssertDescription: `LabBudget needs an e-mail address for its alerts. Deploy it with: ${MISSING_EMAIL_FIX}`,
        },
      ],
    });
    expect(MISSING_EMAIL_FIX).toBe('npx cdk deploy LabBudget -c budgetEmail=you@example.com');
  });

  it('accepts only an e-mail address as parameter value', () => {
    const pattern = new RegExp(json.Parameters.BudgetEmail.AllowedPattern);
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('you@example.com')).toBe(true);
    expect(pattern.test('not an address')).toBe(false);
  });

  it('warns at synth time', () => {
    Annotations.fromStack(stack).hasWarning('/LabBudget', Match.stringLikeRegexp('-c budgetEmail=you@example.com'));
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(json)).toMatchSnapshot();
  });
});
