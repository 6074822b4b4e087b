/**
 * Turns SDK errors into one line a learner can act on. Credential and region
 * problems stop the whole run; everything else fails the one check that hit it.
 */

/** An error that ends the run with one line and exit code 1 (never a stack trace). */
export class CheckAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckAbort';
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Errors that no check can get past: no credentials, no region, expired or invalid keys. */
export function fatalAwsError(error: unknown): CheckAbort | undefined {
  const name = errorName(error);
  const message = errorMessage(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new CheckAbort(
      'No AWS credentials found. Run `aws configure` (or `aws sso login --profile <name>` and pass --profile <name>), then try again.',
    );
  }
  if (/Region is missing/i.test(message)) {
    return new CheckAbort('No AWS region set. Pass --region <region> (for example --region us-east-1) or set AWS_REGION.');
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'].includes(name)) {
    return new CheckAbort('Your AWS session has expired. Sign in again (for example `aws sso login`), then try again.');
  }
  if (['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AuthFailure'].includes(name)) {
    return new CheckAbort(`AWS rejected your credentials (${name}). Check them with \`aws sts get-caller-identity\`.`);
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ENOTFOUND' || code === 'ECONNREFUSED' || code === 'EAI_AGAIN') {
    return new CheckAbort(`Cannot reach AWS (${code}): check your network connection${process.env.AWS_ENDPOINT_URL ? ` and AWS_ENDPOINT_URL=${process.env.AWS_ENDPOINT_URL}` : ''}.`);
  }
  return undefined;
}

/** The hint of a check that an AWS error stopped. */
export function hintForAwsError(error: unknown): string {
  const name = errorName(error);
  const message = errorMessage(error).split('\n')[0];
  if (/AccessDenied|UnauthorizedOperation|AccessDeniedException/.test(name)) {
    return `access denied (${message}): run the check with credentials allowed to read this lab, such as the admin user of LabIam`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return `AWS throttled the request even after retries (${name}): run the check again in a minute`;
  }
  return `${name || 'error'}: ${message}`;
}
