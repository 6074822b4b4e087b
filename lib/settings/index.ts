/**
 * The kit's settings: read once from the CDK context (`-c key=value`, or keys a
 * teacher adds to cdk.json's "context"), validated, and handed to the stacks as
 * typed props. Defaults, rules and examples live in one table (./table.ts).
 *
 * Every error names the key, the bad value (cut when long), what is allowed and an
 * example, and is raised while the app is built, before anything reaches CloudFormation.
 */
import { Refused, SettingsError } from './errors';
import { SETTING_KEYS, SETTINGS, type SettingKey, type SettingValues } from './table';
import { closest, settingText } from './text';
import type { CreditMode, KeyFormat } from './instance';
import type { Ttl } from './ttl';

export { SettingsError, showValue, type SettingProblem } from './errors';
export { SETTINGS, SETTING_KEYS, type SettingKey, type SettingSpec, type SettingValues } from './table';
export { settingsMarkdownTable } from './markdown';
export { formatTtl, ttlOrDefault, TTL_MAX_MINUTES, TTL_MIN_MINUTES, type Ttl } from './ttl';
export type { CreditMode, KeyFormat, InstanceTypeFacts } from './instance';
export { formatIpv6 } from './network';

/** Settings shared by the EC2 labs. */
export interface Ec2Settings {
  /** CIDR allowed to SSH (port 22), canonical; undefined means no SSH rule (Session Manager still works). */
  readonly sshCidr?: string;
  /** EC2 instance type, e.g. t3.micro; the AMI's CPU architecture follows it. */
  readonly instanceType: string;
  /** CPU architecture of `instanceType`, as CDK reads it. */
  readonly architecture: 'arm64' | 'x86_64';
  /** Whether `instanceType` is burstable (T family), as CDK reads it. */
  readonly burstable: boolean;
  /** CPU credits of a burstable instance; only `standard` is possible on other types. */
  readonly creditMode: CreditMode;
  /** File format of the SSH private key the labs store: `pem` (OpenSSH) or `ppk` (PuTTY). */
  readonly keyFormat: KeyFormat;
}

/** Settings of LabIam. */
export interface IamSettings {
  readonly labUserName: string;
  readonly adminGroupName: string;
  /** Days before a password expires; 0 means never. */
  readonly passwordMaxAgeDays: number;
  readonly requireMfa: boolean;
  /** Account alias for the sign-in URL; undefined leaves the alias alone. */
  readonly accountAlias?: string;
}

/** Settings of LabBudget. */
export interface BudgetSettings {
  /** undefined: the stack synthesizes, but its deployment is refused before anything is created. */
  readonly budgetEmail?: string;
  readonly budgetLimitUsd: number;
}

export interface LabSettings {
  readonly ec2: Ec2Settings;
  readonly iam: IamSettings;
  readonly budget: BudgetSettings;
  /** The learner's time-to-live; undefined: each lab's own default (see ttlOrDefault). */
  readonly ttl?: Ttl;
}

/** Reads one context value by key. */
export type ContextReader = (key: string) => unknown;

/**
 * Where settings come from: a reader by key, or the whole context (then unknown keys
 * that look like one of ours, such as `sshCIDR` or `instance_type`, are refused).
 */
export type SettingsSource = ContextReader | Readonly<Record<string, unknown>>;

function readerOf(source: SettingsSource): ContextReader {
  return typeof source === 'function' ? source : (key) => source[key];
}

/** Reads and validates one setting (cheap: only `instanceType` loads aws-cdk-lib). */
export function readSetting<K extends SettingKey>(source: SettingsSource, key: K): SettingValues[K] {
  const spec = SETTINGS[key];
  const raw = readerOf(source)(key);
  try {
    const text = settingText(raw) ?? spec.default;
    return (text === undefined ? undefined : spec.parse(text)) as SettingValues[K];
  } catch (error) {
    if (error instanceof Refused) throw new SettingsError(key, raw, spec.allowed, spec.example, error.problem);
    throw error;
  }
}

/** Context keys that are not settings: CDK's own, feature flags, lookups. */
function isForeignKey(key: string): boolean {
  return /[@:/]/.test(key) || key.startsWith('aws-cdk') || key === 'cli-telemetry' || key === 'acknowledged-issue-numbers';
}

const KEY_ALIASES: Readonly<Record<string, SettingKey>> = {
  cidr: 'sshCidr', sship: 'sshCidr', myip: 'sshCidr', ip: 'sshCidr', sshsource: 'sshCidr',
  type: 'instanceType', instance: 'instanceType', ec2type: 'instanceType',
  email: 'budgetEmail', mail: 'budgetEmail', budgetmail: 'budgetEmail',
  budget: 'budgetLimitUsd', budgetlimit: 'budgetLimitUsd', limit: 'budgetLimitUsd', budgetusd: 'budgetLimitUsd',
  mfa: 'requireMfa', alias: 'accountAlias', username: 'labUserName', user: 'labUserName',
  groupname: 'adminGroupName', group: 'adminGroupName', keypairformat: 'keyFormat', credits: 'creditMode',
  cpucredits: 'creditMode', timetolive: 'ttl', autodestroy: 'ttl', expiry: 'ttl',
  passwordmaxage: 'passwordMaxAgeDays', maxpasswordage: 'passwordMaxAgeDays', passwordage: 'passwordMaxAgeDays',
  budgetemailaddress: 'budgetEmail', accountname: 'accountAlias',
};

/** The key of ours an unknown key was probably meant to be. */
export function meantKey(key: string): SettingKey | undefined {
  if (isForeignKey(key) || (SETTING_KEYS as string[]).includes(key)) return undefined;
  const squashed = key.toLowerCase().replace(/[-_.\s]/g, '');
  const byCase = SETTING_KEYS.find((k) => k.toLowerCase() === squashed);
  if (byCase) return byCase;
  if (KEY_ALIASES[squashed]) return KEY_ALIASES[squashed];
  const lowerKeys = new Map(SETTING_KEYS.map((k) => [k.toLowerCase(), k]));
  const near = closest(squashed, lowerKeys.keys(), Math.max(1, Math.floor(squashed.length / 4)));
  return near ? lowerKeys.get(near) : undefined;
}

function refuseTypos(context: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(context)) {
    const meant = meantKey(key);
    if (!meant) continue;
    const spec = SETTINGS[meant];
    throw new SettingsError(
      key,
      context[key],
      `the kit has no setting "${key}" (names are case-sensitive); its settings are ${SETTING_KEYS.join(', ')}`,
      spec.example,
      { why: `unknown setting; did you mean ${meant}?` },
      meant,
    );
  }
}

/** Reads and validates every setting, in the table's order. Throws a SettingsError on the first bad one. */
export function readSettings(source: SettingsSource): LabSettings {
  if (typeof source !== 'function') refuseTypos(source);
  const values = Object.fromEntries(SETTING_KEYS.map((key) => [key, readSetting(source, key)])) as unknown as SettingValues;
  const { instanceType, creditMode } = values;
  if (creditMode === 'unlimited' && !instanceType.burstable) {
    const spec = SETTINGS.creditMode;
    throw new SettingsError('creditMode', creditMode, spec.allowed, spec.example, {
      why: `${instanceType.name} is not burstable, so it has no CPU credits (choose a t3 or t4g type, or leave creditMode unset)`,
    });
  }
  return {
    ec2: {
      sshCidr: values.sshCidr,
      instanceType: instanceType.name,
      architecture: instanceType.architecture,
      burstable: instanceType.burstable,
      creditMode,
      keyFormat: values.keyFormat,
    },
    iam: {
      labUserName: values.labUserName,
      adminGroupName: values.adminGroupName,
      passwordMaxAgeDays: values.passwordMaxAgeDays,
      requireMfa: values.requireMfa,
      accountAlias: values.accountAlias,
    },
    budget: {
      budgetEmail: values.budgetEmail,
      budgetLimitUsd: values.budgetLimitUsd,
    },
    ttl: values.ttl,
  };
}
