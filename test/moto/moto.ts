/**
 * Test helpers for SDK-side code that runs against moto over the wire.
 *
 *   describeWithMoto('password policy handler', () => {
 *     beforeEach(resetMoto);
 *     it('...', async () => { const iam = new IAMClient(motoClientConfig()); ... });
 *   });
 */

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * Whether the tests running now use the server with the AWS managed policies loaded: true
 * inside a `describeWithMoto(..., { awsManagedPolicies: true })` block.
 */
let awsManagedPolicies = false;

/**
 * The moto endpoint of this Jest worker (see global-setup.ts): its plain server, or inside a
 * `describeWithMoto(..., { awsManagedPolicies: true })` block the one with AWS managed policies.
 */
export function motoEndpoint(): string {
  const variable = awsManagedPolicies ? 'MOTO_MANAGED_POLICY_ENDPOINTS' : 'MOTO_ENDPOINTS';
  const endpoints = (process.env[variable] ?? '').split(',').filter(Boolean);
  if (endpoints.length === 0) throw new Error(process.env.MOTO_UNAVAILABLE ?? 'moto is not running');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return endpoints[(worker - 1) % endpoints.length];
}

/** SDK v3 client configuration pointing at this worker's moto server. */
export function motoClientConfig(region = 'us-east-1') {
  return { endpoint: motoEndpoint(), region, credentials: CREDENTIALS, maxAttempts: 1 };
}

/** Environment for a child process (a CLI under test) that should talk to moto. */
export function motoProcessEnv(region = 'us-east-1'): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_MAX_ATTEMPTS: '1',
  };
}

/** Forgets every resource in this worker's moto server. */
export async function resetMoto(): Promise<void> {
  const res = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}

/** Options of {@link describeWithMoto}. */
export interface MotoOptions {
  /**
   * Run against a moto server with the AWS managed policies loaded, for tests that attach
   * one (`arn:aws:iam::aws:policy/AdministratorAccess`); without, moto answers NoSuchEntity.
   * Each reset of that server costs ~0.3 s instead of ~5 ms: ask only when needed.
   * @default false
   */
  readonly awsManagedPolicies?: boolean;
}

/**
 * `describe` for tests that need moto. Without moto the block is skipped with a
 * visible message; with REQUIRE_MOTO=1 (CI) a missing moto fails the run instead.
 */
export function describeWithMoto(name: string, body: () => void, options: MotoOptions = {}): void {
  const unavailable = process.env.MOTO_UNAVAILABLE;
  if (!unavailable) {
    describe(name, () => {
      if (options.awsManagedPolicies) {
        // Hooks, not a flag set here: describe bodies all run before any test does.
        beforeAll(() => {
          awsManagedPolicies = true;
        });
        afterAll(() => {
          awsManagedPolicies = false;
        });
      }
      body();
    });
    return;
  }
  if (process.env.REQUIRE_MOTO === '1') {
    describe(name, () => {
      it('needs moto (REQUIRE_MOTO=1)', () => {
        throw new Error(`${unavailable}; REQUIRE_MOTO=1 makes this a failure`);
      });
    });
    return;
  }
  console.warn(`SKIPPED "${name}": ${unavailable}`);
  describe.skip(name, body);
}
