/**
 * Time-to-live of a lab that deletes itself (the `ttl` setting and the AutoDestroy
 * construct): the deadline, how it is written in the stack's outputs, how long is
 * left, and the most a lab can cost before it goes.
 *
 * Pure on purpose (no aws-cdk-lib, no clock): the app, `npm run check` and
 * `npm run cost` share it, and every function takes "now" as an argument.
 */

/** Shortest ttl: a deploy of the biggest lab takes minutes, the deadline must not pass during it. */
export const MIN_TTL_MINUTES = 30;
/** Longest ttl: a week. Longer is what `-c ttl=off` is for. */
export const MAX_TTL_MINUTES = 7 * 24 * 60;
/**
 * Default ttl of a lab that bills by the hour: 4 hours, a long study session with
 * breaks. LabAlb ($0.0731/h) forgotten then costs at most about $0.31 instead of $1.75 a day.
 */
export const DEFAULT_TTL_MINUTES = 4 * 60;
/** `npm run check` warns when less than this is left. */
export const WARN_BELOW_MINUTES = 15;
/**
 * What a lab may bill after its ttl: the deadline is rounded up to the minute (< 1 min),
 * the scheduler fires within the minute (< 1 min), and CloudFormation takes a few
 * minutes to delete a load balancer and instances.
 */
export const DELETION_SLACK_MINUTES = 15;

/** Stack output with the deadline, machine-readable: `2026-11-26T19:30:00Z`. */
export const DEADLINE_OUTPUT_KEY = 'AutoDestroyAt';
/** Stack output with the deadline in the learner's words. */
export const NOTICE_OUTPUT_KEY = 'AutoDestroyNotice';

const MINUTE_MS = 60_000;

/**
 * Checks a ttl in minutes; throws an error that names the setting, the value, what is
 * allowed and how to set it. The settings parser validates first; this guards the construct.
 */
export function assertTtlMinutes(ttlMinutes: number): void {
  if (!Number.isInteger(ttlMinutes) || ttlMinutes < MIN_TTL_MINUTES || ttlMinutes > MAX_TTL_MINUTES) {
    throw new Error(
      `ttl: ${ttlMinutes} minutes is not allowed: use whole minutes from ${MIN_TTL_MINUTES} (30m) to ` +
        `${MAX_TTL_MINUTES} (7d), e.g. -c ttl=4h, or -c ttl=off to keep the lab until you destroy it.`,
    );
  }
}

/**
 * The deadline of a lab deployed at `now` with this ttl, rounded up to the next whole
 * minute: the scheduler has a 60-second precision, and a deadline on the minute reads
 * well ("19:30 UTC") and does not change between two synths in the same minute.
 */
export function deadlineAfter(now: Date, ttlMinutes: number): Date {
  assertTtlMinutes(ttlMinutes);
  const time = now.getTime();
  if (Number.isNaN(time)) throw new Error('deadlineAfter: now is an invalid date');
  return new Date(Math.ceil((time + ttlMinutes * MINUTE_MS) / MINUTE_MS) * MINUTE_MS);
}

/** `2026-11-26T19:30:00Z`: what the deadline output holds. */
export function formatDeadlineIso(deadline: Date): string {
  return deadline.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-11-26 19:30 UTC`: the deadline in a sentence. */
export function formatDeadlineUtc(deadline: Date): string {
  const iso = deadline.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `at(2026-11-26T19:30:00)`: EventBridge Scheduler's one-time expression, read in UTC. */
export function scheduleAtExpression(deadline: Date): string {
  return `at(${deadline.toISOString().slice(0, 19)})`;
}

/** A duration in whole minutes as a person says it: `45 min`, `4 h`, `1 h 30 min`, `2 d 3 h`. */
export function formatMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0) throw new Error(`formatMinutes: ${minutes} is not a whole number of minutes`);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 min';
}

/** The sentence of the notice output. */
export function autoDestroyNotice(deadline: Date, ttlMinutes: number, stackName: string): string {
  return (
    `This lab deletes itself at ${formatDeadlineUtc(deadline)}, ${formatMinutes(ttlMinutes)} after deploy; ` +
    `redeploy to extend (npx cdk deploy ${stackName}), or keep it with -c ttl=off`
  );
}

/**
 * Reads the deadline back from the stack output: `undefined` when the stack has no such
 * output (a lab without auto-destroy), an error when the output is not a deadline.
 */
export function parseDeadline(outputValue: string | undefined): Date | undefined {
  if (outputValue === undefined) return undefined;
  const value = outputValue.trim();
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ? new Date(value) : undefined;
  // The round trip rejects dates that parse but do not exist, e.g. 2026-02-30.
  if (!date || Number.isNaN(date.getTime()) || formatDeadlineIso(date) !== value) {
    throw new Error(`${DEADLINE_OUTPUT_KEY}: "${outputValue}" is not a UTC time like 2026-11-26T19:30:00Z`);
  }
  return date;
}

/** How long a lab has left, for `npm run check`. */
export interface TimeLeft {
  /** Whole minutes left, rounded down; negative once the deadline passed. */
  readonly minutes: number;
  /** `ok`; `soon` under WARN_BELOW_MINUTES; `passed` at or after the deadline. */
  readonly status: 'ok' | 'soon' | 'passed';
  /** `in 3 h 58 min`, `in less than a minute`, `5 min ago`. */
  readonly text: string;
}

export function timeLeft(deadline: Date, now: Date): TimeLeft {
  const ms = deadline.getTime() - now.getTime();
  if (Number.isNaN(ms)) throw new Error('timeLeft: invalid date');
  if (ms <= 0) {
    const ago = Math.floor(-ms / MINUTE_MS);
    return { minutes: ago === 0 ? 0 : -ago, status: 'passed', text: ago === 0 ? 'less than a minute ago' : `${formatMinutes(ago)} ago` };
  }
  const minutes = Math.floor(ms / MINUTE_MS);
  return {
    minutes,
    status: ms < WARN_BELOW_MINUTES * MINUTE_MS ? 'soon' : 'ok',
    text: minutes === 0 ? 'in less than a minute' : `in ${formatMinutes(minutes)}`,
  };
}

/**
 * The most a lab can cost before it deletes itself, in US dollars: its hourly cost for
 * the ttl plus DELETION_SLACK_MINUTES. `undefined` when the ttl is `off` (no limit).
 */
export function maxCostBeforeAutoDestroy(usdPerHour: number, ttlMinutes: number | 'off'): number | undefined {
  if (!Number.isFinite(usdPerHour) || usdPerHour < 0) throw new Error(`maxCostBeforeAutoDestroy: ${usdPerHour} is not a cost per hour`);
  if (ttlMinutes === 'off') return undefined;
  assertTtlMinutes(ttlMinutes);
  return (usdPerHour * (ttlMinutes + DELETION_SLACK_MINUTES)) / 60;
}
