/**
 * The exit codes of every command of the kit (check, cost, leftovers, diagram): one
 * meaning each, so that a script can tell "not done" from "could not look".
 */
export const EXIT = {
  /** Everything asked for is fine: every check passed, nothing is left. */
  ok: 0,
  /** The answer is "no": a check failed or a lab is not deployed; leftovers were found. */
  notDone: 1,
  /** The command line is wrong: unknown option or lab, a bad value, a bad -c setting. */
  usage: 2,
  /**
   * The command could not look: no credentials, profile not found, access denied,
   * throttled, unknown or malformed region, AWS unreachable.
   */
  couldNotCheck: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` shows them; `notDone` says what "no" means for that command. */
export function exitCodesHelp(notDone: string): string {
  return [
    'Exit codes:',
    `  ${EXIT.ok}  ok`,
    `  ${EXIT.notDone}  ${notDone}`,
    `  ${EXIT.usage}  usage error (unknown option or lab, bad value)`,
    `  ${EXIT.couldNotCheck}  could not check: no credentials, profile not found, access denied, throttled,`,
    '     unknown or malformed region, AWS unreachable',
  ].join('\n');
}
