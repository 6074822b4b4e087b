/**
 * LabBudget's settings: where the alerts go and the monthly limit.
 */
import { refuse } from './errors';

/**
 * `budgetEmail`: one address, as mail servers accept it (RFC 5321 limits: 64
 * characters before the @, 254 in all; ASCII, a dotted domain). AWS Budgets'
 * API only refuses line breaks, so a bad address would otherwise pass
 * CloudFormation and silently never get an alert.
 */
export function parseBudgetEmail(text: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(text);
  if (angle && angle[1].trim() !== text) refuse('write the address alone, without a name or <>', angle[1].trim());
  const mailto = /^mailto:(.*)$/i.exec(text);
  if (mailto) refuse('write the address alone, without mailto:', mailto[1]);
  if (/[,;]/.test(text) || (text.match(/@/g) ?? []).length > 1 && /\s/.test(text)) refuse('one address only (the lab subscribes one)');
  if (/\s/.test(text)) refuse('an address has no spaces', text.replace(/\s+/g, ''));
  const at = text.lastIndexOf('@');
  if (at < 0) refuse('an address has an @');
  if ((text.match(/@/g) ?? []).length > 1) refuse('an address has exactly one @', text.replace(/@+/g, '@').split('@').length === 2 ? text.replace(/@+/g, '@') : undefined);
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(text)) refuse('AWS sends alerts to ASCII addresses only');
  if (local === '') refuse('the name before the @ is missing');
  if (local.length > 64) refuse('the part before the @ is at most 64 characters');
  if (text.length > 254) refuse('an address is at most 254 characters');
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) || /^\.|\.$|\.\./.test(local)) {
    refuse('the part before the @ has a character or dot that mail servers refuse');
  }
  const trimmedDomain = domain.replace(/\.+$/, '');
  if (trimmedDomain !== domain && trimmedDomain.includes('.')) refuse('the domain ends with a dot', `${local}@${trimmedDomain}`);
  if (domain.includes('..')) refuse('the domain has two dots in a row', `${local}@${domain.replace(/\.{2,}/g, '.')}`);
  const labels = domain.split('.');
  if (labels.length < 2) refuse(`"${domain}" is not a full domain name (it needs a dot, like example.com)`);
  if (labels.some((l) => !/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) {
    refuse('the domain has a part that is empty, too long, or starts or ends with a hyphen');
  }
  if (!/^[A-Za-z]{2,63}$|^xn--[a-z0-9-]+$/i.test(labels[labels.length - 1])) refuse(`"${labels[labels.length - 1]}" is not a top-level domain`);
  return text;
}

/**
 * The highest limit the kit accepts. LabBudget is a learner's guard against
 * forgetting a lab: the labs cost cents an hour, so a limit in the thousands is
 * almost always a slip (5000 for 50.00, or an extra zero). A larger budget is a
 * business decision for the Billing console, not a lab setting.
 */
export const BUDGET_LIMIT_MAX_USD = 1000;

/** `budgetLimitUsd`: a plain amount of US dollars, 0.01 to 1000, at most two decimals. */
export function parseBudgetLimitUsd(text: string): number {
  const bare = text.replace(/^\$\s*|\s*(usd|us\$|\$|dollars?)$/gi, '');
  if (bare !== text) refuse('the amount is in US dollars, written as a plain number', plainAmount(bare));
  if (/^\d+,\d{1,2}$/.test(text)) refuse('decimals are written with a dot', text.replace(',', '.'));
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) refuse('no thousands separators', text.replace(/,/g, ''));
  if (/^\.\d+$/.test(text)) refuse('write the leading zero', `0${text}`);
  if (/^\d+\.$/.test(text)) refuse('a dot needs decimals after it', text.slice(0, -1));
  if (/^-/.test(text)) refuse('a budget is a positive amount');
  if (!/^\d+(\.\d+)?$/.test(text)) refuse('not a plain amount such as 5 or 5.25', plainAmount(text));
  const value = Number(text);
  if (/\.\d{3,}$/.test(text)) {
    const cents = Math.round(value * 100) / 100;
    refuse('at most two decimals (cents)', cents > 0 && cents <= BUDGET_LIMIT_MAX_USD ? cents.toFixed(2) : undefined);
  }
  if (text.length > 1 && /^0\d/.test(text)) refuse('a number has no leading zeros', String(value));
  if (!(value > 0)) refuse('a budget of 0 never alerts', '0.01');
  if (value > BUDGET_LIMIT_MAX_USD) refuse(`more than ${BUDGET_LIMIT_MAX_USD} USD is not a lab guard (a slip?)`);
  return value;
}

function plainAmount(text: string): string | undefined {
  const t = text.replace(/,/g, '.');
  return /^\d+(\.\d{1,2})?$/.test(t) && Number(t) > 0 && Number(t) <= BUDGET_LIMIT_MAX_USD ? t : undefined;
}
