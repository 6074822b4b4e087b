/**
 * Every setting against what a careless user might type (./cases.ts): each refusal
 * names the key, the value (cut when long), why, the exact suggestion, what is
 * allowed and an example; each accepted value reads as the labs need it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as cdkJson from '../../cdk.json';
import {
  readSetting,
  readSettings,
  SETTINGS,
  SETTING_KEYS,
  settingsMarkdownTable,
  SettingsError,
  showValue,
  type SettingKey,
} from '../../lib/settings';
import { ACCEPTED, FOREIGN_KEYS, MISSPELT_KEYS, REFUSED, REFUSED_BY_ALL, type Refusal } from './cases';

/** The SettingsError that `context` (as the app's whole context) raises. */
function refusalOf(context: Record<string, unknown>): SettingsError {
  try {
    readSettings(context);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error(`no error for ${showValue(context)}`);
}

/** The exact parts every refusal message carries. */
function expectMessage(error: SettingsError, key: SettingKey, value: unknown, why: string, suggestion: string | undefined) {
  const spec = SETTINGS[key];
  expect(error.key).toBe(key);
  expect(error.problem?.why).toContain(why);
  expect(error.problem?.suggestion).toBe(suggestion);
  expect(error.message).toContain(`Invalid setting "${key}": ${showValue(value)}: `);
  expect(error.message).toContain(`  Allowed: ${spec.allowed}.`);
  expect(error.message).toContain(`  Example: -c ${key}=${spec.example} `);
  if (suggestion === undefined) expect(error.message).not.toContain('Did you mean');
  else expect(error.message).toContain(`Did you mean ${key}=${suggestion}?`);
  // Short enough to read, no stack trace in the text.
  expect(error.message.length).toBeLessThan(1200);
  expect(error.message).not.toMatch(/^\s+at /m);
}

/** Every refusal case of every setting, flattened for it.each. */
const refusalCases: [SettingKey, unknown, string, string | undefined][] = SETTING_KEYS.flatMap((key) =>
  [...REFUSED[key], ...REFUSED_BY_ALL].map(([value, why, suggestion]: Refusal) => [key, value, why, suggestion] as [SettingKey, unknown, string, string | undefined]),
);
const acceptanceCases: [SettingKey, unknown, unknown][] = SETTING_KEYS.flatMap((key) =>
  ACCEPTED[key].map(([value, expected]) => [key, value, expected] as [SettingKey, unknown, unknown]),
);

describe('a bad value of any setting stops with a message that says what and how', () => {
  it.each(refusalCases)('%s=%j is refused', (key, value, why, suggestion) => {
    expectMessage(refusalOf({ [key]: value }), key, value, why, suggestion);
  });

  it('shows a 20 KB value cut, with its length, not whole', () => {
    const error = refusalOf({ sshCidr: `203.0.113.10/32${'x'.repeat(20 * 1024)}` });
    expect(error.shownValue).toBe(`${JSON.stringify(`203.0.113.10/32${'x'.repeat(25)}`)}… (20495 characters)`);
    expect(error.message.length).toBeLessThan(900);
  });

  it('escapes control characters instead of sending them to the terminal', () => {
    const error = refusalOf({ labUserName: '\u001b[2Jx' });
    expect(error.message).not.toContain('\u001b');
    expect(error.message).toContain('\\u001b[2Jx');
  });
});

describe('a good value reads as the labs need it', () => {
  it.each(acceptanceCases)('%s=%j reads as %j', (key, value, expected) => {
    const read = readSetting({ [key]: value }, key);
    expect(key === 'instanceType' ? (read as { name: string }).name : read).toEqual(expected);
  });
});

describe('defaults: one table, nothing in cdk.json', () => {
  it('reads every default with no context at all', () => {
    expect(readSettings({})).toEqual({
      ec2: { sshCidr: undefined, instanceType: 't3.micro', architecture: 'x86_64', burstable: true, creditMode: 'standard', keyFormat: 'pem' },
      iam: { labUserName: 'dva-learner', adminGroupName: 'admin', passwordMaxAgeDays: 90, requireMfa: false, accountAlias: undefined },
      budget: { budgetEmail: undefined, budgetLimitUsd: 0.01 },
      ttl: undefined,
    });
  });

  it('cdk.json carries no setting (only the app, the feature flags and CLI options)', () => {
    const keys = Object.keys(cdkJson.context);
    expect(keys.filter((k) => (SETTING_KEYS as string[]).includes(k))).toEqual([]);
    expect(keys.filter((k) => !k.startsWith('@'))).toEqual(['cli-telemetry']);
  });

  it.each(SETTING_KEYS)("%s: its example and its default pass its own parser", (key) => {
    const spec = SETTINGS[key];
    expect(() => readSetting({ [key]: spec.example }, key)).not.toThrow();
    if (spec.default !== undefined) expect(readSetting({}, key)).toEqual(readSetting({ [key]: spec.default }, key));
    else expect(spec.whenUnset).toBeTruthy();
  });

  it('a teacher can still set a default in cdk.json: JSON numbers and booleans read like -c strings', () => {
    const fromJson = readSettings({ passwordMaxAgeDays: 30, requireMfa: true, budgetLimitUsd: 2.5 });
    const fromCli = readSettings({ passwordMaxAgeDays: '30', requireMfa: 'true', budgetLimitUsd: '2.50' });
    expect(fromJson).toEqual(fromCli);
    expect(fromJson.iam).toMatchObject({ passwordMaxAgeDays: 30, requireMfa: true });
    expect(fromJson.budget.budgetLimitUsd).toBe(2.5);
  });

  it('the README table has one row per setting, with its default, labs, allowed text and example', () => {
    const table = settingsMarkdownTable();
    const rows = table.split('\n');
    expect(rows).toHaveLength(SETTING_KEYS.length + 2);
    expect(rows[0]).toBe('| Setting | Default | Used by | What and allowed | Example |');
    SETTING_KEYS.forEach((key, i) => {
      const spec = SETTINGS[key];
      expect(rows[i + 2]).toMatch(new RegExp(`^\\| \`${key}\` \\| `));
      expect(rows[i + 2]).toContain(spec.default !== undefined ? `\`${spec.default}\`` : spec.whenUnset!);
      expect(rows[i + 2]).toContain(spec.allowed.replace(/\|/g, '\\|'));
      expect(rows[i + 2]).toContain(`\`-c ${key}=${spec.example}\``);
      expect(rows[i + 2]).toContain(spec.usedBy === 'every lab' ? 'every lab' : spec.usedBy.join(', '));
    });
  });
});

describe('settings that depend on each other', () => {
  it.each(['m5.large', 'c7g.medium', 'm7i-flex.large', 'm5.metal'])('creditMode=unlimited is refused with %s, which has no credits', (type) => {
    const error = refusalOf({ instanceType: type, creditMode: 'unlimited' });
    expect(error.key).toBe('creditMode');
    expect(error.problem?.why).toBe(`${type} is not burstable, so it has no CPU credits (choose a t3 or t4g type, or leave creditMode unset)`);
    expect(error.message).toContain('Invalid setting "creditMode": "unlimited": ');
    expect(error.message).toContain(`Allowed: ${SETTINGS.creditMode.allowed}.`);
    expect(error.message).toContain('-c creditMode=unlimited');
  });

  it.each(['t3.micro', 't4g.small', 't3a.nano', 't2.micro'])('creditMode=unlimited is kept with %s', (type) => {
    expect(readSettings({ instanceType: type, creditMode: 'unlimited' }).ec2).toMatchObject({ instanceType: type, burstable: true, creditMode: 'unlimited' });
  });

  it('creditMode=standard with a non-burstable type is harmless (nothing to set)', () => {
    expect(readSettings({ instanceType: 'm5.large' }).ec2).toMatchObject({ burstable: false, creditMode: 'standard', architecture: 'x86_64' });
  });

  it('the architecture is the one CDK reads, as the lab instance picks its AMI by it', () => {
    expect(readSettings({ instanceType: 't4g.micro' }).ec2.architecture).toBe('arm64');
    expect(readSettings({ instanceType: 'c6gn.large' }).ec2.architecture).toBe('arm64');
    expect(readSettings({ instanceType: 't3.micro' }).ec2.architecture).toBe('x86_64');
  });
});

describe('a key that looks like one of ours is refused, not ignored', () => {
  it.each(MISSPELT_KEYS)('%s → did you mean %s?', (typo, meant) => {
    const error = refusalOf({ [typo]: 'x' });
    expect(error.key).toBe(typo);
    expect(error.problem?.why).toBe(`unknown setting; did you mean ${meant}?`);
    expect(error.message).toContain(`Invalid setting "${typo}": "x": unknown setting; did you mean ${meant}?\n`);
    expect(error.message).toContain(`the kit has no setting "${typo}" (names are case-sensitive)`);
    expect(error.message).toContain(`Example: -c ${meant}=${SETTINGS[meant as SettingKey].example} `);
  });

  it.each(FOREIGN_KEYS)('%s (not ours) is left alone', (key) => {
    expect(() => readSettings({ [key]: 'anything' })).not.toThrow();
  });

  it('a reader by key (no key list) cannot see typos and still reads every setting', () => {
    expect(readSettings((key) => ({ sshCIDR: '1.2.3.4/32', ttl: '4h' })[key]).ttl).toEqual({ minutes: 240 });
  });
});

describe('cost of reading settings', () => {
  it('reading a setting other than instanceType does not load aws-cdk-lib (the SDK-side CLIs stay light)', () => {
    const root = path.join(__dirname, '..', '..');
    const script =
      "const s = require('./lib/settings'); s.readSetting({}, 'labUserName'); s.readSetting({}, 'ttl'); s.settingsMarkdownTable();" +
      "console.log(Object.keys(require.cache).filter((f) => f.includes('aws-cdk-lib')).length)";
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('0');
  });
});
