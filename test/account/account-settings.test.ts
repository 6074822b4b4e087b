/** The settings of LabIam and LabBudget: bad values stop synth with a message a learner can act on. */
import { readSettings, SettingsError } from '../../lib/settings';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK_JSON_CONTEXT = require('../../cdk.json').context as Record<string, unknown>;
const read = (overrides: Record<string, unknown>) => readSettings((key) => ({ ...CDK_JSON_CONTEXT, ...overrides })[key]);

describe('account lab settings', () => {
  it('has the documented defaults in cdk.json', () => {
    const { iam, budget } = read({});
    expect(iam).toEqual({ labUserName: 'dva-learner', adminGroupName: 'admin', passwordMaxAgeDays: 90, requireMfa: false, accountAlias: undefined });
    expect(budget).toEqual({ budgetEmail: undefined, budgetLimitUsd: 0.01 });
  });

  it('reads valid values as -c key=value gives them (strings)', () => {
    const { iam, budget } = read({
      labUserName: 'alice', adminGroupName: 'lab-admins', passwordMaxAgeDays: '0', requireMfa: 'true',
      accountAlias: 'my-dva-lab-2026', budgetEmail: 'you@example.com', budgetLimitUsd: '5.25',
    });
    expect(iam).toEqual({ labUserName: 'alice', adminGroupName: 'lab-admins', passwordMaxAgeDays: 0, requireMfa: true, accountAlias: 'my-dva-lab-2026' });
    expect(budget).toEqual({ budgetEmail: 'you@example.com', budgetLimitUsd: 5.25 });
  });

  it.each([
    ['labUserName', 'has space', '1 to 64 characters: letters, digits and + = , . @ _ -', 'dva-learner'],
    ['labUserName', 'x'.repeat(65), '1 to 64 characters', 'dva-learner'],
    ['adminGroupName', 'admins!', '1 to 128 characters', 'admin'],
    ['passwordMaxAgeDays', '1096', 'a whole number of days from 1 to 1095, or 0 for passwords that never expire', '90'],
    ['passwordMaxAgeDays', '-1', 'a whole number of days', '90'],
    ['passwordMaxAgeDays', '30.5', 'a whole number of days', '90'],
    ['requireMfa', 'yes', 'true or false', 'true'],
    ['accountAlias', 'My-Alias', '3 to 63 characters: lowercase letters, digits and hyphens', 'my-dva-lab-2026'],
    ['accountAlias', '-dva', 'starting and ending with a letter or digit', 'my-dva-lab-2026'],
    ['accountAlias', 'ab', '3 to 63 characters', 'my-dva-lab-2026'],
    ['accountAlias', 'a'.repeat(64), '3 to 63 characters', 'my-dva-lab-2026'],
    ['budgetEmail', 'not-an-address', 'one e-mail address', 'you@example.com'],
    ['budgetLimitUsd', '0', 'a positive amount of US dollars with at most two decimals', '5.00'],
    ['budgetLimitUsd', '0.001', 'at most two decimals', '5.00'],
    ['budgetLimitUsd', '-5', 'a positive amount', '5.00'],
    ['budgetLimitUsd', 'ten', 'a positive amount', '5.00'],
  ])('%s = %j is refused with the key, the value, what is allowed and an example', (key, value, allowed, example) => {
    let error: unknown;
    try {
      read({ [key]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as Error).message;
    expect(message).toContain(`Invalid setting "${key}": ${JSON.stringify(value)}.`);
    expect(message).toContain(allowed);
    expect(message).toContain(`-c ${key}=${example}`);
  });

  it('accepts the alias limits: 3 and 63 characters', () => {
    expect(read({ accountAlias: 'abc' }).iam.accountAlias).toBe('abc');
    expect(read({ accountAlias: 'a'.repeat(63) }).iam.accountAlias).toBe('a'.repeat(63));
  });
});
