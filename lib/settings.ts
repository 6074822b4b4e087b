/**
 * The kit's settings: read once from the CDK context (cdk.json, overridden with
 * `-c key=value`), validated, and handed to the stacks as typed props.
 *
 * Every error names the key, the bad value, what is allowed and how to set it, and
 * is raised while the app is built, before anything reaches CloudFormation.
 */

/** Settings shared by the EC2 labs. */
export interface Ec2Settings {
  /** CIDR allowed to SSH (port 22); undefined means no SSH rule (Session Manager still works). */
  readonly sshCidr?: string;
  /** EC2 instance type, e.g. t3.micro; the AMI's CPU architecture follows it. */
  readonly instanceType: string;
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
}

/** A setting with a bad value. The message is meant to be read by a learner as is. */
export class SettingsError extends Error {
  constructor(
    readonly key: string,
    value: unknown,
    allowed: string,
    example: string,
  ) {
    super(
      `Invalid setting "${key}": ${JSON.stringify(value)}. Allowed: ${allowed}. ` +
        `Set it in cdk.json or on the command line, for example: -c ${key}=${example}`,
    );
    this.name = 'SettingsError';
  }
}

/** Reads a context value; empty strings count as "not set". */
export type ContextReader = (key: string) => unknown;

function text(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

// ---------------------------------------------------------------- CIDR

const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Expands an IPv6 address to 8 groups of 16 bits, or undefined if it is not one. */
function parseIpv6(ip: string): number[] | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(ip) || ip.split('::').length > 2) return undefined;
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const headGroups = parse(head);
  const tailGroups = tail === undefined ? [] : parse(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

const SSH_CIDR_ALLOWED =
  'your own network as an IPv4 or IPv6 CIDR with its network address, such as your public IP as /32 ' +
  '(IPv4 prefix /8 to /32, IPv6 /16 to /128), never the whole internet (0.0.0.0/0, ::/0); ' +
  'leave it empty for no SSH rule and use Session Manager';
const SSH_CIDR_EXAMPLE = '203.0.113.10/32';

/** Validates the SSH source CIDR: a real CIDR, in canonical form, never the world. */
export function parseSshCidr(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const fail = (why = ''): never => {
    throw new SettingsError('sshCidr', raw, `${why}${SSH_CIDR_ALLOWED}`, SSH_CIDR_EXAMPLE);
  };
  const match = /^([^/]+)\/(\d{1,3})$/.exec(raw);
  if (!match) fail('a CIDR needs an address and a prefix length; ');
  const [, address, prefixText] = match!;
  const prefix = Number(prefixText);
  if (prefix === 0) fail('a /0 range opens SSH to the whole internet; ');

  if (IPV4.test(address)) {
    if (prefix > 32) fail('an IPv4 prefix is at most /32; ');
    if (prefix < 8) fail('that range is a large part of the internet; ');
    const value = ipv4ToInt(address);
    const size = 2 ** (32 - prefix);
    if (value % size !== 0) fail(`host bits are set (did you mean ${intToIpv4(value - (value % size))}/${prefix}?); `);
    return raw;
  }
  const groups = parseIpv6(address);
  if (!groups) fail('that is neither an IPv4 nor an IPv6 address; ');
  if (prefix > 128) fail('an IPv6 prefix is at most /128; ');
  if (prefix < 16) fail('that range is a large part of the internet; ');
  const hostBitsSet = groups!.some((g, i) => {
    const firstBit = i * 16;
    if (firstBit + 16 <= prefix) return false;
    const keep = Math.max(0, prefix - firstBit);
    const hostMask = keep === 0 ? 0xffff : 0xffff >> keep;
    return (g & hostMask) !== 0;
  });
  if (hostBitsSet) fail('host bits are set after the prefix; ');
  return raw.toLowerCase();
}

// ---------------------------------------------------------------- instance type

const INSTANCE_TYPE = /^[a-z][a-z0-9]*\d[a-z0-9]*(-[a-z0-9]+)?\.(nano|micro|small|medium|large|xlarge|\d{1,3}xlarge|metal(-\d{2}xl)?)$/;

/** Validates an instance type's shape (family.size), e.g. t3.micro, t4g.small, m7i-flex.large. */
export function parseInstanceType(raw: string | undefined): string {
  const value = raw ?? 't3.micro';
  if (!INSTANCE_TYPE.test(value)) {
    throw new SettingsError(
      'instanceType',
      value,
      'an EC2 instance type written family.size in lower case; the free plan covers t3.micro (x86_64) and t4g.micro (arm64)',
      't4g.micro',
    );
  }
  return value;
}

// ---------------------------------------------------------------- IAM

const IAM_NAME = /^[\w+=,.@-]+$/;
const ACCOUNT_ALIAS = /^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$/;

function parseIamName(key: string, raw: string | undefined, fallback: string, maxLength: number): string {
  const value = raw ?? fallback;
  if (!IAM_NAME.test(value) || value.length > maxLength) {
    throw new SettingsError(
      key,
      value,
      `1 to ${maxLength} characters: letters, digits and + = , . @ _ -`,
      fallback,
    );
  }
  return value;
}

export function parseAccountAlias(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!ACCOUNT_ALIAS.test(raw)) {
    throw new SettingsError(
      'accountAlias',
      raw,
      '3 to 63 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit (it must be unique across AWS)',
      'my-dva-lab-2026',
    );
  }
  return raw;
}

function parseWholeNumber(key: string, raw: string | undefined, fallback: number, min: number, max: number, allowed: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new SettingsError(key, raw, allowed, String(fallback));
  }
  return value;
}

function parseBoolean(key: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new SettingsError(key, raw, 'true or false', String(!fallback));
}

// ---------------------------------------------------------------- budget

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseBudgetEmail(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!EMAIL.test(raw) || raw.length > 50) {
    throw new SettingsError('budgetEmail', raw, 'one e-mail address of at most 50 characters', 'you@example.com');
  }
  return raw;
}

export function parseBudgetLimitUsd(raw: string | undefined): number {
  if (raw === undefined) return 0.01;
  const value = Number(raw);
  if (!/^\d+(\.\d{1,2})?$/.test(raw) || !(value > 0)) {
    throw new SettingsError('budgetLimitUsd', raw, 'a positive amount of US dollars with at most two decimals', '5.00');
  }
  return value;
}

// ---------------------------------------------------------------- all of it

/** Reads and validates every setting. Throws a SettingsError on the first bad one. */
export function readSettings(read: ContextReader): LabSettings {
  return {
    ec2: {
      sshCidr: parseSshCidr(text(read, 'sshCidr')),
      instanceType: parseInstanceType(text(read, 'instanceType')),
    },
    iam: {
      labUserName: parseIamName('labUserName', text(read, 'labUserName'), 'dva-learner', 64),
      adminGroupName: parseIamName('adminGroupName', text(read, 'adminGroupName'), 'admin', 128),
      passwordMaxAgeDays: parseWholeNumber(
        'passwordMaxAgeDays',
        text(read, 'passwordMaxAgeDays'),
        90,
        0,
        1095,
        'a whole number of days from 1 to 1095, or 0 for passwords that never expire',
      ),
      requireMfa: parseBoolean('requireMfa', text(read, 'requireMfa'), false),
      accountAlias: parseAccountAlias(text(read, 'accountAlias')),
    },
    budget: {
      budgetEmail: parseBudgetEmail(text(read, 'budgetEmail')),
      budgetLimitUsd: parseBudgetLimitUsd(text(read, 'budgetLimitUsd')),
    },
  };
}
