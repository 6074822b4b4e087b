/**
 * Test helpers for SDK-side code that runs against moto over the wire.
 *
 *   describeWithMoto('password policy handler', () => {
 *     beforeEach(resetMoto);
 *     it('...', async () => { const iam = new IAMClient(motoClientConfig()); ... });
 *   });
 *
 * On the server with the AWS managed policies, a reset is slow (moto builds every IAM backend
 * again, managed policies included, ~1.2 s, and ~1 s more at the first calls after it), while a
 * new account costs one IAM backend (~0.1 s, see servers.py). So there {@link resetMoto} moves
 * the tests to a new, empty account instead, which every client of {@link motoClientConfig}
 * names in the `x-moto-account-id` header; {@link motoAccountId} says which.
 */
import { randomInt } from 'node:crypto';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** The account moto uses for a request that names none (MOTO_DEFAULT_ACCOUNT_ID in moto). */
export const MOTO_DEFAULT_ACCOUNT_ID = '123456789012';

/**
 * The account the tests act in on the server with AWS managed policies: a new one at each
 * {@link resetMoto}. Undefined outside a `describeWithMoto(..., { awsManagedPolicies: true })` block.
 */
let managedPolicyAccount: string | undefined;

/** An account id no test of this worker's servers has used (random: files of a worker share its servers). */
function newAccountId(): string {
  let id: string;
  do id = String(randomInt(100_000_000_000, 1_000_000_000_000));
  while (id === MOTO_DEFAULT_ACCOUNT_ID);
  return id;
}

/**
 * Sends every request in one moto account. A header, not credentials: with credentials moto
 * looks the key up in every account, and builds each one's IAM backends (managed policies
 * included) as it goes, which costs more than the reset this replaces.
 */
class MotoAccountHandler extends NodeHttpHandler {
  constructor(private readonly accountId: string) {
    super();
  }

  override handle(...[request, options]: Parameters<NodeHttpHandler['handle']>) {
    request.headers['x-moto-account-id'] = this.accountId;
    return super.handle(request, options);
  }
}

/**
 * The moto endpoint of this Jest worker (see global-setup.ts): its plain server, or inside a
 * `describeWithMoto(..., { awsManagedPolicies: true })` block the one with AWS managed policies.
 */
export function motoEndpoint(): string {
  // Inside such a block the tests have an account of their own on that server.
  return serverEndpoint(managedPolicyAccount !== undefined);
}

/** This worker's plain server, or its server with the AWS managed policies. */
function serverEndpoint(awsManagedPolicies: boolean): string {
  const variable = awsManagedPolicies ? 'MOTO_MANAGED_POLICY_ENDPOINTS' : 'MOTO_ENDPOINTS';
  const endpoints = (process.env[variable] ?? '').split(',').filter(Boolean);
  if (endpoints.length === 0) throw new Error(process.env.MOTO_UNAVAILABLE ?? 'moto is not running');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return endpoints[(worker - 1) % endpoints.length];
}

/**
 * The account that the clients of {@link motoClientConfig} act in, for fixtures that embed one
 * (ARNs, a stack's outputs): moto's default account, or inside a
 * `describeWithMoto(..., { awsManagedPolicies: true })` block the test's own (see {@link resetMoto}).
 */
export function motoAccountId(): string {
  return managedPolicyAccount ?? MOTO_DEFAULT_ACCOUNT_ID;
}

/**
 * SDK v3 client configuration pointing at this worker's moto server. Inside an
 * `awsManagedPolicies` block it also names the test's account: make clients after
 * {@link resetMoto}, a client made before keeps the account it was made for.
 */
export function motoClientConfig(region = 'us-east-1') {
  const config = { endpoint: motoEndpoint(), region, credentials: CREDENTIALS, maxAttempts: 1 };
  return managedPolicyAccount ? { ...config, requestHandler: new MotoAccountHandler(managedPolicyAccount) } : config;
}

/**
 * Environment for a child process (a CLI under test) that should talk to moto. Not inside an
 * `awsManagedPolicies` block: a child process cannot send the account header (see {@link resetMoto}).
 */
export function motoProcessEnv(region = 'us-east-1'): NodeJS.ProcessEnv {
  if (managedPolicyAccount) {
    throw new Error(
      'motoProcessEnv inside describeWithMoto(..., { awsManagedPolicies: true }): a child process cannot name the ' +
        "test's moto account; run the CLI in-process with motoClientConfig, or spawn it from a block on the plain server",
    );
  }
  return {
    ...process.env,
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_MAX_ATTEMPTS: '1',
  };
}

/**
 * Gives the next test an empty account: forgets every resource of this worker's plain server
 * (~5 ms), or inside an `awsManagedPolicies` block moves to a new account of that server.
 */
export async function resetMoto(): Promise<void> {
  if (managedPolicyAccount) {
    managedPolicyAccount = newAccountId();
    return;
  }
  const res = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}

/** How long a test file waits for its moto server to answer (it starts while Jest does, see global-setup.ts). */
const MOTO_START_TIMEOUT_MS = 120_000;
const answering = new Map<string, Promise<void>>();

/**
 * Resolves once this worker's server (plain, or with the AWS managed policies) answers. Its port
 * accepts connections from the start (global-setup.ts): one call waits until moto has started.
 */
export function waitForMoto(awsManagedPolicies = false): Promise<void> {
  const endpoint = serverEndpoint(awsManagedPolicies);
  let ready = answering.get(endpoint);
  if (!ready) {
    ready = fetch(`${endpoint}/moto-api/config`, { signal: AbortSignal.timeout(MOTO_START_TIMEOUT_MS) }).then(
      async (res) => {
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`moto on ${endpoint} answered HTTP ${res.status}`);
      },
      (error: unknown) => {
        const why = (error as Error & { cause?: unknown }).cause ?? error;
        throw new Error(`moto on ${endpoint} did not answer (${String(why)}): see test/moto/servers.py`);
      },
    );
    answering.set(endpoint, ready);
  }
  return ready;
}

/** Options of {@link describeWithMoto}. */
export interface MotoOptions {
  /**
   * Run against a moto server with the AWS managed policies loaded, for tests that attach
   * one (`arn:aws:iam::aws:policy/AdministratorAccess`); without, moto answers NoSuchEntity.
   * There each {@link resetMoto} moves to a new account (~0.1 s at its first call, instead of
   * ~5 ms for a reset of the plain server): ask only when needed, and take the account of
   * fixtures from {@link motoAccountId}.
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
      // moto starts while Jest does: a test's first call must not meet it half-started (under a
      // handler's own short timeout, say).
      beforeAll(() => waitForMoto(options.awsManagedPolicies), MOTO_START_TIMEOUT_MS);
      if (options.awsManagedPolicies) {
        // Hooks, not a flag set here: describe bodies all run before any test does.
        beforeAll(() => {
          managedPolicyAccount = newAccountId();
        });
        afterAll(() => {
          managedPolicyAccount = undefined;
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
