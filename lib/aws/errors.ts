/**
 * AWS errors turned into one line a learner can act on. Some stop everything (no
 * credentials, a profile or region that does not exist, AWS unreachable); others
 * stop one lab or one region (access denied, throttled). Either way the command could
 * not look, which is exit code 3, never "not done".
 */
import * as dns from 'node:dns/promises';
import { knownProfiles } from './profiles';

export type ProblemKind =
  | 'no-credentials'
  | 'profile-not-found'
  | 'expired-session'
  | 'bad-credentials'
  | 'no-region'
  | 'malformed-region'
  | 'unknown-region'
  | 'unreachable'
  | 'access-denied'
  | 'throttled';

/** Kinds that no other lab or region can get past. */
const STOPS_EVERYTHING: ReadonlySet<ProblemKind> = new Set(['no-credentials', 'profile-not-found', 'expired-session', 'bad-credentials', 'no-region', 'malformed-region', 'unknown-region', 'unreachable']);

/** The command could not look (exit code 3); `message` is the line to print. */
export class CouldNotCheck extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'CouldNotCheck';
  }

  /** Whether every other call would fail the same way. */
  get stopsEverything(): boolean {
    return STOPS_EVERYTHING.has(this.kind);
  }
}

/** What the command was talking to when the error came. */
export interface AwsWhere {
  readonly region?: string;
  readonly profile?: string;
  readonly env: NodeJS.ProcessEnv;
}

/** How a host name is looked up (tests pass their own). */
export type Lookup = (host: string) => Promise<unknown>;
const systemLookup: Lookup = (host) => dns.lookup(host);

/** A host every AWS partition user can resolve when the network works. */
const ALWAYS_RESOLVES = 'sts.amazonaws.com';
/** How region codes are spelled: us-east-1, eu-central-2, ap-southeast-5, us-gov-west-1, cn-north-1. */
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

const name = (error: unknown) => (error instanceof Error ? error.name : '');
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** Throws when the region is not spelled like a region; called before any client is made. */
export function assertRegionName(region: string | undefined): void {
  if (region !== undefined && !REGION_PATTERN.test(region)) {
    throw new CouldNotCheck('malformed-region', `--region "${region}" is not a region name: regions look like us-east-1 or eu-west-3 (list them with aws ec2 describe-regions).`);
  }
}

/** Throws when a named profile is in neither shared file: the SDK would only say "could not load credentials". */
export function assertProfileExists(profile: string | undefined, env: NodeJS.ProcessEnv): void {
  if (profile === undefined) return;
  const known = knownProfiles(env);
  if (!known.includes(profile)) throw profileNotFound(profile, known);
}

function profileNotFound(profile: string, known: readonly string[]): CouldNotCheck {
  return new CouldNotCheck(
    'profile-not-found',
    `AWS profile "${profile}" not found in ~/.aws/config or ~/.aws/credentials (${known.length ? `profiles there: ${known.join(', ')}` : 'no profile there'}). ` +
      `Create it with aws configure --profile ${profile} (or aws configure sso --profile ${profile}).`,
  );
}

/**
 * The problem behind an SDK error, or undefined when the error is about one resource
 * (a NotFound, a validation error) and the caller handles it.
 */
export async function couldNotCheck(error: unknown, where: AwsWhere, lookup: Lookup = systemLookup): Promise<CouldNotCheck | undefined> {
  if (error instanceof CouldNotCheck) return error;
  const n = name(error);
  const m = message(error);
  const profileMissing = /Could not resolve credentials using profile: \[([^\]]+)\]|Profile (\S+) (?:could not be found|not found)/.exec(m);
  if (profileMissing) return profileNotFound(profileMissing[1] ?? profileMissing[2], knownProfiles(where.env));
  if (n === 'CredentialsProviderError' || /Could not load credentials/i.test(m)) {
    return new CouldNotCheck('no-credentials', 'No AWS credentials found. Run `aws configure` (or `aws sso login --profile <name>` and pass --profile <name>), then try again.');
  }
  if (/Region is missing/i.test(m)) {
    return new CouldNotCheck('no-region', 'No AWS region set. Pass --region <region> (for example --region us-east-1) or set AWS_REGION.');
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired'].includes(n) || /SSO session .* expired|token is expired/i.test(m)) {
    return new CouldNotCheck('expired-session', 'Your AWS session has expired. Sign in again (for example `aws sso login`), then try again.');
  }
  if (['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AuthFailure'].includes(n)) {
    return new CouldNotCheck('bad-credentials', `AWS rejected your credentials (${n}). Check them with \`aws sts get-caller-identity\`.`);
  }
  if (/AccessDenied|UnauthorizedOperation|AccessDeniedException|UnauthorizedException/.test(n)) {
    return new CouldNotCheck('access-denied', `access denied (${m}): use credentials allowed to read the labs, such as the admin user of LabIam`);
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(n)) {
    return new CouldNotCheck('throttled', `AWS throttled the requests even after retries (${n}): try again in a minute`);
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ECONNRESET') {
    const endpoint = where.env.AWS_ENDPOINT_URL;
    if (endpoint) return new CouldNotCheck('unreachable', `Cannot reach AWS_ENDPOINT_URL=${endpoint} (${code}).`);
    const host = (error as { hostname?: string }).hostname;
    // The region's endpoint has no address, but AWS does: the region does not exist.
    if (code === 'ENOTFOUND' && where.region && (host === undefined || host.includes(where.region))) {
      const networkWorks = await lookup(ALWAYS_RESOLVES).then(() => true, () => false);
      if (networkWorks) {
        return new CouldNotCheck('unknown-region', `Region "${where.region}" is unknown: AWS has no endpoint there. Check the name (aws ec2 describe-regions lists yours).`);
      }
    }
    return new CouldNotCheck('unreachable', `Cannot reach AWS (${code}${host ? ` for ${host}` : ''}): check your network connection or proxy.`);
  }
  return undefined;
}
