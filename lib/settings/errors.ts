/**
 * The one error a bad setting raises, and how a value is shown in it.
 */

/** Longest value echoed back in a message; a pasted file or a 20 KB value is cut. */
export const SHOWN_VALUE_MAX = 60;

/**
 * A value as the message shows it: JSON-quoted (so spaces, quotes and control
 * characters are visible and cannot reach the terminal raw), and cut when long.
 */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : safeJson(value);
  if (text.length <= SHOWN_VALUE_MAX) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, SHOWN_VALUE_MAX - 20))}… (${text.length} characters)`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** What is wrong with a value and, when the kit can guess, what was meant. */
export interface SettingProblem {
  /** Why the value is refused, in a learner's words. */
  readonly why: string;
  /** A corrected value the learner probably meant (shown as "did you mean …?"). */
  readonly suggestion?: string;
}

/** A setting with a bad value. The message is meant to be read by a learner as is. */
export class SettingsError extends Error {
  /** The value as shown in the message (quoted, cut when long). */
  readonly shownValue: string;

  constructor(
    /** The setting's key, as typed after `-c`. */
    readonly key: string,
    value: unknown,
    /** What the setting allows. */
    readonly allowed: string,
    /** A valid value, shown as `-c key=example`. */
    readonly example: string,
    /** Why this value is refused and what was probably meant. */
    readonly problem?: SettingProblem,
    /** The key the example sets, when it is not `key` (a misspelt key). */
    exampleKey: string = key,
  ) {
    const shown = showValue(value);
    const why = problem ? `: ${problem.why}` : '';
    const stop = /[.?!]$/.test(why) ? '' : '.';
    const meant = problem?.suggestion !== undefined ? ` Did you mean ${key}=${problem.suggestion}?` : '';
    super(
      `Invalid setting "${key}": ${shown}${why}${stop}${meant}\n` +
        `  Allowed: ${allowed}.\n` +
        `  Example: -c ${exampleKey}=${example} on the command line (or "${exampleKey}" in cdk.json's "context").`,
    );
    this.name = 'SettingsError';
    this.shownValue = shown;
  }
}

/** Thrown by a parser: the caller adds the key, allowed text and example. */
export class Refused extends Error {
  constructor(readonly problem: SettingProblem) {
    super(problem.why);
  }
}

/** Refuses a value from inside a parser. */
export function refuse(why: string, suggestion?: string): never {
  throw new Refused({ why, suggestion });
}
