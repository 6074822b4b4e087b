/**
 * Where the account-wide records live and how long a lock may be held: shared by the
 * handlers and by the constructs (which grant access to exactly these parameters), with no
 * import, so that synthesizing does not load the AWS SDK.
 */

/** Where every record of the kit lives (one parameter per setting, plus its lock). SSM reserves names that start with "aws" or "ssm". */
export const RECORD_PARAMETER_ROOT = '/dva-labs/account-settings';
/** The region of the records, unless the Lambda's environment names another. */
export const DEFAULT_RECORD_REGION = 'us-east-1';
/** Environment variable the construct sets to the records' region. */
export const RECORD_REGION_ENV = 'ACCOUNT_SETTING_RECORD_REGION';

/**
 * A lock older than this was left by a handler that was stopped: no handler lives longer
 * (the construct's Lambda timeout is below it; a construct test holds it to that).
 */
export const LOCK_TTL_MS = 120_000;

/** The two parameters of one setting. */
export interface RecordParameters {
  readonly record: string;
  readonly lock: string;
}

export function recordParameters(setting: 'password-policy' | 'account-alias'): RecordParameters {
  return { record: `${RECORD_PARAMETER_ROOT}/${setting}/record`, lock: `${RECORD_PARAMETER_ROOT}/${setting}/lock` };
}

