import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSettings, SettingsError } from '../lib/settings';
import { CDK_JSON_CONTEXT } from './helpers/lab-app';

/** Settings as the app reads them: cdk.json, then `-c key=value` on top (always strings). */
function settingsWith(overrides: Record<string, string>) {
  const context: Record<string, unknown> = { ...CDK_JSON_CONTEXT, ...overrides };
  return readSettings((key) => context[key]);
}

function errorOf(overrides: Record<string, string>): SettingsError {
  try {
    settingsWith(overrides);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(overrides)}`);
}

describe('settings', () => {
  it('reads the cdk.json defaults: no SSH rule, t3.micro, budget of 0.01 USD, no e-mail yet', () => {
    expect(settingsWith({})).toEqual({
      ec2: { sshCidr: undefined, instanceType: 't3.micro' },
      iam: {
        labUserName: 'dva-learner',
        adminGroupName: 'admin',
        passwordMaxAgeDays: 90,
        requireMfa: false,
        accountAlias: undefined,
      },
      budget: { budgetEmail: undefined, budgetLimitUsd: 0.01 },
    });
  });

  it.each([
    ['203.0.113.10/32', '203.0.113.10/32'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0:0:0:0:1/128', '2001:db8:0:0:0:0:0:1/128'],
  ])('accepts sshCidr %s', (raw, expected) => {
    expect(settingsWith({ sshCidr: raw }).ec2.sshCidr).toBe(expected);
  });

  it.each([
    ['0.0.0.0/0', /whole internet/],
    ['::/0', /whole internet/],
    ['0.0.0.0/1', /large part of the internet/],
    ['203.0.113.10', /address and a prefix length/],
    ['203.0.113.10/33', /at most \/32/],
    ['203.0.113.10/24', /did you mean 203\.0\.113\.0\/24/],
    ['300.1.1.1/32', /neither an IPv4 nor an IPv6/],
    ['2001:db8::1/64', /host bits/],
    ['2001:db8:::1/128', /neither an IPv4 nor an IPv6/],
    ['my-laptop', /address and a prefix length/],
  ])('refuses sshCidr %s', (raw, why) => {
    const error = errorOf({ sshCidr: raw });
    expect(error.key).toBe('sshCidr');
    expect(error.message).toMatch(why);
    expect(error.message).toContain(`"sshCidr": ${JSON.stringify(raw)}`);
    expect(error.message).toContain('never the whole internet');
    expect(error.message).toContain('-c sshCidr=203.0.113.10/32');
  });

  it.each(['t3.micro', 't4g.micro', 't2.micro', 'm7i-flex.large', 'c6gn.16xlarge', 'm5.metal', 'u7i-12tb.224xlarge'])(
    'accepts instanceType %s',
    (type) => {
      expect(settingsWith({ instanceType: type }).ec2.instanceType).toBe(type);
    },
  );

  it.each(['t3-micro', 'T3.micro', 't3.huge', 'micro', 't3.micro '.repeat(2)])('refuses instanceType %j', (type) => {
    const error = errorOf({ instanceType: type });
    expect(error.message).toContain('Invalid setting "instanceType"');
    expect(error.message).toContain('family.size');
    expect(error.message).toContain('-c instanceType=t4g.micro');
  });

  it.each([
    ['labUserName', 'has space', /letters, digits and \+ = , \. @ _ -/, '-c labUserName=dva-learner'],
    ['adminGroupName', 'a/b', /letters, digits/, '-c adminGroupName=admin'],
    ['passwordMaxAgeDays', '-1', /0 for passwords that never expire/, '-c passwordMaxAgeDays=90'],
    ['passwordMaxAgeDays', '1096', /1 to 1095/, '-c passwordMaxAgeDays=90'],
    ['requireMfa', 'yes', /true or false/, '-c requireMfa=true'],
    ['accountAlias', 'My_Alias', /lowercase letters, digits and hyphens/, '-c accountAlias=my-dva-lab-2026'],
    ['accountAlias', '-abc', /starting and ending with a letter or digit/, '-c accountAlias='],
    ['accountAlias', 'ab', /3 to 63 characters/, '-c accountAlias='],
    ['budgetEmail', 'not-an-email', /one e-mail address/, '-c budgetEmail=you@example.com'],
    ['budgetLimitUsd', '0', /positive amount/, '-c budgetLimitUsd=5.00'],
    ['budgetLimitUsd', '1.234', /at most two decimals/, '-c budgetLimitUsd=5.00'],
    ['budgetLimitUsd', 'ten', /positive amount/, '-c budgetLimitUsd=5.00'],
    ['labUserName', 'x'.repeat(65), /1 to 64 characters/, '-c labUserName=dva-learner'],
    ['adminGroupName', 'admins!', /1 to 128 characters/, '-c adminGroupName=admin'],
    ['passwordMaxAgeDays', '30.5', /a whole number of days/, '-c passwordMaxAgeDays=90'],
    ['accountAlias', 'a'.repeat(64), /3 to 63 characters/, '-c accountAlias=my-dva-lab-2026'],
    ['budgetLimitUsd', '0.001', /at most two decimals/, '-c budgetLimitUsd=5.00'],
    ['budgetLimitUsd', '-5', /a positive amount/, '-c budgetLimitUsd=5.00'],
  ])('refuses %s=%j', (key, value, allowed, example) => {
    const error = errorOf({ [key]: value });
    expect(error.key).toBe(key);
    expect(error.message).toContain(`Invalid setting "${key}": ${JSON.stringify(value)}`);
    expect(error.message).toMatch(allowed);
    expect(error.message).toContain(example);
  });

  it('reads valid values as -c key=value gives them (strings)', () => {
    const { iam, budget } = settingsWith({
      labUserName: 'alice',
      adminGroupName: 'lab-admins',
      passwordMaxAgeDays: '0',
      requireMfa: 'true',
      accountAlias: 'my-dva-lab-2026',
      budgetEmail: 'you@example.com',
      budgetLimitUsd: '5.25',
    });
    expect(iam).toEqual({ labUserName: 'alice', adminGroupName: 'lab-admins', passwordMaxAgeDays: 0, requireMfa: true, accountAlias: 'my-dva-lab-2026' });
    expect(budget).toEqual({ budgetEmail: 'you@example.com', budgetLimitUsd: 5.25 });
  });

  it('accepts the alias limits: 3 and 63 characters', () => {
    expect(settingsWith({ accountAlias: 'abc' }).iam.accountAlias).toBe('abc');
    expect(settingsWith({ accountAlias: 'a'.repeat(63) }).iam.accountAlias).toBe('a'.repeat(63));
  });

  it('treats an empty value as not set', () => {
    expect(settingsWith({ sshCidr: '', accountAlias: ' ', budgetEmail: '' })).toMatchObject({
      ec2: { sshCidr: undefined },
      iam: { accountAlias: undefined },
      budget: { budgetEmail: undefined },
    });
  });
});

describe('the CDK app with a bad setting', () => {
  it('stops before synthesizing anything, with the message and without a stack trace', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-setting-'));
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'bin/app.ts'], {
      cwd: path.join(__dirname, '..'),
      encoding: 'utf8',
      // What the CDK CLI hands the app for `npx cdk synth -c sshCidr=0.0.0.0/0`.
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, sshCidr: '0.0.0.0/0' }) },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid setting "sshCidr": "0.0.0.0/0"');
    expect(result.stderr).toContain('-c sshCidr=203.0.113.10/32');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
