/**
 * The AWS clients of the account handlers, each call bounded in time: a connection that does
 * not open in 3 s or a request with no answer in 5 s fails (and is retried by the SDK, 3
 * attempts in all), so that an unreachable endpoint shows up well within the handler's deadline.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DEFAULT_RECORD_REGION, RECORD_REGION_ENV } from './account-setting-record';

/** IAM for the setting itself; SSM, in the records' region, for the account-wide record. */
export interface AccountClients {
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
}

/** The clients and deadline one event is handled with. */
export interface HandlerScope {
  readonly clients: AccountClients;
  /** Fires at the handler's deadline; passed to every AWS call. */
  readonly signal?: AbortSignal;
  /** Wait between two attempts to take a lock another handler holds (tests pass less). @default LOCK_RETRY_MS (400 ms, plus up to as much again) */
  readonly lockRetryMs?: number;
}

/** How long a call may wait for a connection and for an answer before it fails (and is retried). */
export interface RequestTimeouts {
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
  readonly throwOnRequestTimeout: boolean;
}

export const REQUEST_TIMEOUTS = { connectionTimeout: 3000, requestTimeout: 5000, throwOnRequestTimeout: true } as const satisfies RequestTimeouts;
export const MAX_ATTEMPTS = 3;

/**
 * The clients as the Lambda runs them (credentials and IAM's region from the Lambda's environment).
 * @param timeouts @default REQUEST_TIMEOUTS (tests pass shorter ones, so as not to wait 5 s for a silent endpoint)
 */
export function lambdaClients(timeouts: RequestTimeouts = REQUEST_TIMEOUTS): AccountClients {
  return {
    iam: new IAMClient({ requestHandler: timeouts, maxAttempts: MAX_ATTEMPTS }),
    ssm: new SSMClient({
      region: process.env[RECORD_REGION_ENV] || DEFAULT_RECORD_REGION,
      requestHandler: timeouts,
      maxAttempts: MAX_ATTEMPTS,
    }),
  };
}
