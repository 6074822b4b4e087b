/**
 * One way to make AWS SDK clients for every command of the kit. Region and profile
 * come from the command line (or the SDK's own chains: AWS_REGION, AWS_PROFILE, ...);
 * AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>) is honoured by the SDK itself, so
 * nothing here names an endpoint or pins a region: a lab that must live in one region
 * says so in its meta (`pinnedRegion`) and the caller asks for that region.
 */

/** Where the clients point and whose credentials they use. */
export interface AwsTarget {
  /** @default - the SDK's region chain (AWS_REGION, the profile's region) */
  readonly region?: string;
  /** A named profile of ~/.aws/config or ~/.aws/credentials. @default - the SDK's credential chain */
  readonly profile?: string;
  /**
   * Client settings laid over the rest (tests point every client at moto with it).
   * @default - none
   */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** The configuration every client of the kit is built with. */
export function clientConfig(target: AwsTarget): Record<string, unknown> {
  return {
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.overrides ?? {}),
  };
}

/** A client of any SDK v3 service: `awsClient(EC2Client, { region })`. */
export function awsClient<C>(Client: new (config: never) => C, target: AwsTarget): C {
  return new Client(clientConfig(target) as never);
}

/** The region a client resolved, or undefined when no chain gives one. */
export async function resolvedRegion(client: { config: { region: () => Promise<string> } }): Promise<string | undefined> {
  return client.config.region().catch(() => undefined);
}
