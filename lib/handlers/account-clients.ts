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
}

export const REQUEST_TIMEOUTS = { connectionTimeout: 3000, requestTimeout: 5000, throwOnRequestTimeout: true } as const;
export const MAX_ATTEMPTS = 3;

/** The clients as the Lambda runs them (credentials and IAM's region from the Lambda's environment). */
export function lambdaClients(): AccountClients {
  return {
    iam: new IAMClient({ requestHandler: REQUEST_TIMEOUTS, maxAttempts: MAX_ATTEMPTS }),
    ssm: new SSMClient({
      region: process.env[RECORD_REGION_ENV] || DEFAULT_RECORD_REGION,
      requestHandler: REQUEST_TIMEOUTS,
      maxAttempts: MAX_ATTEMPTS,
    }),
  };
}
