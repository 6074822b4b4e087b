/**
 * THE table of settings: every key the kit reads, its default, the labs that use it,
 * what it allows, an example and its parser. `readSettings`, the error messages and
 * the README's settings table all come from here; cdk.json carries no defaults.
 */
import { parseBudgetEmail, parseBudgetLimitUsd, BUDGET_LIMIT_MAX_USD } from './budget';
import {
  parseAccountAlias,
  parseBoolean,
  parseGroupName,
  parsePasswordMaxAgeDays,
  parseUserName,
  IAM_GROUP_NAME_MAX,
  IAM_USER_NAME_MAX,
  PASSWORD_MAX_AGE_LIMIT,
} from './iam';
import { parseCreditMode, parseInstanceType, parseKeyFormat } from './instance';
import { parseSshCidr } from './network';
import { parseTtl, TTL_MAX_MINUTES, TTL_MIN_MINUTES } from './ttl';

/** The EC2 labs of today's catalogue (and those issue 14 adds). */
const EC2_LABS = ['LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb', 'LabNlb', 'LabAlbRouting', 'LabAmi', 'LabSpot', 'LabBurstable'] as const;

/** One setting. `T` is what its parser makes of a text; `D` its default text, or undefined for "not set". */
export interface SettingSpec<T, D extends string | undefined = string | undefined> {
  /** What it is for, one line. */
  readonly description: string;
  /** The default, written as a user would write it; parsed by `parse` like any value. */
  readonly default: D;
  /** What "not set" means, for the README (settings without a default). */
  readonly whenUnset?: string;
  /** Lab ids that read it, or every lab. */
  readonly usedBy: readonly string[] | 'every lab';
  /** What is allowed, in a learner's words (the message's "Allowed:"). */
  readonly allowed: string;
  /** A valid value for `-c key=example`. */
  readonly example: string;
  /** Text (trimmed, non-empty) to value; throws through `refuse()` when bad. */
  readonly parse: (text: string) => T;
}

function spec<T, D extends string | undefined>(s: SettingSpec<T, D>): SettingSpec<T, D> {
  return s;
}

/** The defaults the kit has always had; a teacher may still set any key in cdk.json. */
export const SETTINGS = {
  sshCidr: spec({
    description: 'The one network allowed to SSH (port 22) to the lab instances',
    default: undefined,
    whenUnset: 'no SSH rule; Session Manager still works',
    usedBy: EC2_LABS,
    allowed:
      'one public network as IPv4 or IPv6 CIDR with its network address, such as your public IP with /32 ' +
      '(IPv4 /8 to /32, IPv6 /16 to /128); never the whole internet (0.0.0.0/0, ::/0) nor a private range; ' +
      'leave it empty for no SSH rule',
    example: '203.0.113.10/32',
    parse: parseSshCidr,
  }),
  instanceType: spec({
    description: "The lab instances' EC2 type; the AMI's CPU architecture follows it",
    default: 't3.micro',
    usedBy: EC2_LABS,
    allowed:
      'an EC2 instance type written family.size in lower case that CDK knows (no Mac types: they need a Dedicated Host); ' +
      'the free plan of new accounts covers t3.micro (x86_64) and t4g.micro (arm64)',
    example: 't4g.micro',
    parse: parseInstanceType,
  }),
  creditMode: spec({
    description: 'CPU credits of burstable (T) instances: standard slows down when credits run out, unlimited bills for the surplus',
    default: 'standard',
    usedBy: ['LabBurstable'],
    allowed: 'standard or unlimited; unlimited only with a burstable instanceType (t2, t3, t3a, t4g)',
    example: 'unlimited',
    parse: parseCreditMode,
  }),
  keyFormat: spec({
    description: "The file format of the labs' SSH private key",
    default: 'pem',
    usedBy: EC2_LABS,
    allowed: 'pem (OpenSSH: Linux, macOS, Windows ssh) or ppk (PuTTY)',
    example: 'ppk',
    parse: parseKeyFormat,
  }),
  ttl: spec({
    description: 'How long a lab lives before it deletes itself',
    default: undefined,
    whenUnset: "each lab's own (off for LabIam and LabBudget)",
    usedBy: 'every lab',
    allowed:
      `a duration of whole days, hours and minutes from ${TTL_MIN_MINUTES}m to ${TTL_MAX_MINUTES / 1440}d ` +
      '(such as 90m, 4h, 2d, 1h30m), or off to keep the lab until you destroy it',
    example: '4h',
    parse: parseTtl,
  }),
  budgetEmail: spec({
    description: 'The address the budget alerts go to (required to deploy LabBudget)',
    default: undefined,
    whenUnset: 'LabBudget synthesizes but refuses to deploy',
    usedBy: ['LabBudget'],
    allowed: 'one e-mail address, such as you@example.com',
    example: 'you@example.com',
    parse: parseBudgetEmail,
  }),
  budgetLimitUsd: spec({
    description: "The monthly budget's limit, in US dollars",
    default: '0.01',
    usedBy: ['LabBudget'],
    allowed: `a plain amount of US dollars from 0.01 to ${BUDGET_LIMIT_MAX_USD}, at most two decimals, no $ sign`,
    example: '5.00',
    parse: parseBudgetLimitUsd,
  }),
  labUserName: spec({
    description: "The IAM user LabIam creates",
    default: 'dva-learner',
    usedBy: ['LabIam'],
    allowed: `an IAM user name: 1 to ${IAM_USER_NAME_MAX} characters, letters, digits and + = , . @ _ -`,
    example: 'dva-learner',
    parse: parseUserName,
  }),
  adminGroupName: spec({
    description: 'The IAM group with AdministratorAccess that LabIam creates',
    default: 'admin',
    usedBy: ['LabIam'],
    allowed: `an IAM group name: 1 to ${IAM_GROUP_NAME_MAX} characters, letters, digits and + = , . @ _ -`,
    example: 'dva-admin',
    parse: parseGroupName,
  }),
  passwordMaxAgeDays: spec({
    description: "Days before an IAM password expires (the account's password policy)",
    default: '90',
    usedBy: ['LabIam'],
    allowed: `a whole number of days from 1 to ${PASSWORD_MAX_AGE_LIMIT}, or 0 for passwords that never expire`,
    example: '90',
    parse: parsePasswordMaxAgeDays,
  }),
  requireMfa: spec({
    description: "Deny the group everything but MFA set-up until its users sign in with MFA",
    default: 'false',
    usedBy: ['LabIam'],
    allowed: 'true or false',
    example: 'true',
    parse: parseBoolean,
  }),
  accountAlias: spec({
    description: "The account alias in the sign-in URL (account-wide; restored on destroy)",
    default: undefined,
    whenUnset: 'the alias is left alone',
    usedBy: ['LabIam'],
    allowed:
      '3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, ' +
      'no two hyphens in a row (IAM\'s rule); unique across AWS',
    example: 'my-dva-lab-2026',
    parse: parseAccountAlias,
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** What a setting gives the labs: its parsed value, or undefined when unset without a default. */
export type SettingValue<S> = S extends SettingSpec<infer T, infer D> ? (D extends string ? T : T | undefined) : never;
export type SettingValues = { readonly [K in SettingKey]: SettingValue<(typeof SETTINGS)[K]> };
