/**
 * `ttl`: how long a lab lives before it deletes itself (issue 12's auto-destroy).
 *
 * Written as whole minutes, hours and days (`90m`, `4h`, `2d`, `1h30m`) or `off`.
 * Not set means "the lab's own default", which its metadata decides: the parsed
 * setting is therefore `undefined`, `'off'` or a number of minutes.
 */
import { refuse } from './errors';

/** A lab's time-to-live: a number of minutes, or `off` (never deletes itself). */
export type Ttl = { readonly minutes: number } | 'off';

// The bounds live with the auto-destroy helpers (lib/ttl.ts), which the CLIs share.
export { MIN_TTL_MINUTES as TTL_MIN_MINUTES, MAX_TTL_MINUTES as TTL_MAX_MINUTES } from '../ttl';
import { MAX_TTL_MINUTES as TTL_MAX_MINUTES, MIN_TTL_MINUTES as TTL_MIN_MINUTES } from '../ttl';

const UNIT_MINUTES = { d: 24 * 60, h: 60, m: 1 } as const;

/** The canonical text of a number of minutes: `90m` → `1h30m`, `1440m` → `1d`. */
export function formatTtl(ttl: Ttl): string {
  if (ttl === 'off') return 'off';
  let rest = ttl.minutes;
  let text = '';
  for (const [unit, size] of Object.entries(UNIT_MINUTES)) {
    const n = Math.floor(rest / size);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * size;
  }
  return text || '0m';
}

/** The setting if given, else the lab's default. */
export function ttlOrDefault(setting: Ttl | undefined, labDefault: Ttl): Ttl {
  return setting ?? labDefault;
}

function suggestMinutes(minutes: number): string | undefined {
  return minutes >= TTL_MIN_MINUTES && minutes <= TTL_MAX_MINUTES ? formatTtl({ minutes: Math.round(minutes) }) : undefined;
}

export function parseTtl(text: string): Ttl {
  const lower = text.toLowerCase();
  if (lower === 'off') return 'off';
  if (['0', 'none', 'never', 'false', 'no', 'disable', 'disabled', 'infinite', 'forever', 'unlimited'].includes(lower)) {
    refuse('to keep a lab until you destroy it, write off', 'off');
  }
  if (['on', 'true', 'yes', 'default', 'auto'].includes(lower)) {
    refuse("leave ttl unset (or empty) for the lab's default, or give a duration", '4h');
  }
  if (/^-/.test(lower)) refuse('a duration is not negative');
  if (/\s/.test(text)) refuse('a duration has no spaces', text.replace(/\s+/g, ''));
  if (/\dM/.test(text)) refuse('M could mean months: minutes are a lower-case m', text.replace(/M/g, 'm').toLowerCase());

  const longUnit = /^(\d+)(minutes?|mins?|hours?|hrs?|days?)$/.exec(lower);
  if (longUnit) refuse('units are one letter: m, h or d', `${longUnit[1]}${longUnit[2][0]}`);
  const decimal = /^(\d*\.\d+)([mhd])$/.exec(lower);
  if (decimal) {
    const minutes = Number(decimal[1]) * UNIT_MINUTES[decimal[2] as keyof typeof UNIT_MINUTES];
    refuse('whole numbers only: combine units instead', Number.isInteger(minutes) ? suggestMinutes(minutes) : undefined);
  }
  if (/^\d+$/.test(lower)) {
    const n = Number(lower);
    refuse('a duration needs a unit (m, h or d)', suggestMinutes(n * 60) ? `${n}h` : suggestMinutes(n) ? `${n}m` : undefined);
  }
  const trailing = /^(\d+h)(\d+)$/.exec(lower);
  if (trailing) refuse('every number needs its unit', `${trailing[1]}${trailing[2]}m`);

  const parts = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(lower);
  if (!parts || lower === '') refuse('not a duration such as 90m, 4h, 2d or 1h30m');
  const [, d = '0', h = '0', m = '0'] = parts!;
  const minutes = Number(d) * UNIT_MINUTES.d + Number(h) * UNIT_MINUTES.h + Number(m);
  if (minutes === 0) refuse('a lab cannot live 0 minutes; to keep it, write off', 'off');
  if (minutes < TTL_MIN_MINUTES) refuse(`shorter than ${TTL_MIN_MINUTES} minutes: the lab would go before the lesson ends`, `${TTL_MIN_MINUTES}m`);
  if (minutes > TTL_MAX_MINUTES) refuse(`longer than ${formatTtl({ minutes: TTL_MAX_MINUTES })} (7 days); to keep a lab longer, write off`, 'off');
  return { minutes };
}
