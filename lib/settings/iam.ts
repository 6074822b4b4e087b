/**
 * LabIam's settings, checked against IAM's own API rules (CreateUser, CreateGroup,
 * UpdateAccountPasswordPolicy, CreateAccountAlias) so CloudFormation never refuses them.
 */
import { refuse } from './errors';
import { oneOf } from './text';

/** IAM's name pattern for users and groups: `[\w+=,.@-]+` (ASCII). */
const IAM_NAME = /^[A-Za-z0-9_+=,.@-]+$/;
export const IAM_USER_NAME_MAX = 64;
export const IAM_GROUP_NAME_MAX = 128;

function parseIamName(text: string, maxLength: number): string {
  if (text.length > maxLength) refuse(`${text.length} characters is more than IAM's ${maxLength}`);
  if (/\s/.test(text)) refuse('IAM names have no spaces', text.replace(/\s+/g, '-'));
  if (!IAM_NAME.test(text)) {
    const cleaned = text.normalize('NFKD').replace(/[^A-Za-z0-9_+=,.@-]/g, '');
    refuse(`IAM names allow only letters, digits and + = , . @ _ -`, cleaned === '' ? undefined : cleaned);
  }
  return text;
}

/** `labUserName`: an IAM user name (CreateUser: 1-64 characters of `[\w+=,.@-]`). */
export const parseUserName = (text: string): string => parseIamName(text, IAM_USER_NAME_MAX);
/** `adminGroupName`: an IAM group name (CreateGroup: 1-128 characters of `[\w+=,.@-]`). */
export const parseGroupName = (text: string): string => parseIamName(text, IAM_GROUP_NAME_MAX);

/** IAM's CreateAccountAlias pattern, as published in its API reference. */
export const ACCOUNT_ALIAS_PATTERN = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

export function parseAccountAlias(text: string): string {
  const lower = text.toLowerCase();
  const tidy = lower.replace(/[\s_.]+/g, '-').replace(/[^a-z0-9-]/g, '').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  const suggestion = tidy !== text && ACCOUNT_ALIAS_PATTERN.test(tidy) ? tidy : undefined;
  if (text.length < 3 || text.length > 63) refuse(`${text.length} characters; an alias has 3 to 63`, suggestion);
  if (text !== lower) refuse('an alias is in lower case', suggestion);
  if (/--/.test(text)) refuse('IAM refuses two hyphens in a row', suggestion);
  if (/^-|-$/.test(text)) refuse('an alias starts and ends with a letter or digit', suggestion);
  if (!ACCOUNT_ALIAS_PATTERN.test(text)) refuse('an alias has only lowercase letters, digits and hyphens', suggestion);
  return text;
}

/** `passwordMaxAgeDays`: IAM's MaxPasswordAge is 1 to 1095; 0 is the kit's "never expires". */
export const PASSWORD_MAX_AGE_LIMIT = 1095;

export function parsePasswordMaxAgeDays(text: string): number {
  const lower = text.toLowerCase();
  if (['never', 'none', 'off', 'unlimited', 'infinite'].includes(lower)) refuse('"never" is written 0', '0');
  const withUnit = /^(\d+)\s*(d|day|days)$/.exec(lower);
  if (withUnit) refuse('the number is in days, without a unit', String(Number(withUnit[1])));
  if (/^[+-]?\d+(\.0+)?$/.test(text) && !/^\d+$/.test(text)) {
    const whole = Number(text);
    if (whole < 0) refuse('a number of days is not negative', '0');
    refuse('a whole number of days, written plainly', String(whole));
  }
  if (!/^\d+$/.test(text)) {
    const approx = Number(text);
    refuse('a whole number of days', /^[\d.]+(e\d+)?$/i.test(text) && Number.isFinite(approx) && approx >= 0 && approx <= PASSWORD_MAX_AGE_LIMIT ? String(Math.round(approx)) : undefined);
  }
  if (text.length > 1 && text.startsWith('0')) refuse('a number has no leading zeros', String(Number(text)));
  const days = Number(text);
  if (days > PASSWORD_MAX_AGE_LIMIT) refuse(`IAM allows at most ${PASSWORD_MAX_AGE_LIMIT} days (3 years)`, String(PASSWORD_MAX_AGE_LIMIT));
  return days;
}

/**
 * `requireMfa`: `true` or `false` in any case (cdk.json may hold the JSON boolean).
 * `yes`, `1`, `on` are refused with a suggestion: one spelling, no guessing.
 */
export function parseBoolean(text: string): boolean {
  const word = oneOf(text, ['true', 'false'] as const, {
    yes: 'true', y: 'true', '1': 'true', on: 'true', enabled: 'true', enable: 'true',
    no: 'false', n: 'false', '0': 'false', off: 'false', disabled: 'false', disable: 'false',
  });
  return word === 'true';
}
