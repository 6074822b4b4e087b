/**
 * The password policy handler over the real wire, against moto (IAM and SSM): whatever
 * CloudFormation sends, in whatever order, the policy in force before the first lab is the
 * policy in force after the last one, field by field, and the account-wide record is gone.
 */
import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  ListAccountAliasesCommand,
  UpdateAccountPasswordPolicyCommand,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand, DescribeParametersCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { MAX_ATTEMPTS, REQUEST_TIMEOUTS, lambdaClients, type AccountClients } from '../../lib/handlers/account-clients';
import { AccountSettingRecord, LOCK_RETRY_MS, RECORD_REGION_ENV } from '../../lib/handlers/account-setting-record';
import {
  PASSWORD_POLICY_PHYSICAL_ID,
  PASSWORD_POLICY_RECORD,
  onPasswordPolicyEvent,
  parsePasswordPolicyRecord,
  passwordPolicyHandler,
  type PasswordPolicySettings,
} from '../../lib/handlers/account-password-policy';
import { describeWithMoto, motoClientConfig, motoEndpoint, resetMoto } from '../moto/moto';
import { createEvent, deleteEvent, lambdaContext, updateEvent, type EventSource } from './cfn-events';
import { LAB_PASSWORD_POLICY } from './password-policy';
import { captureConsole, failingQueryServer, motoClients, parameterValue, responseServer, silentServer } from './servers';

const TYPE = 'Custom::AccountPasswordPolicy';

/** A learner's own, weaker policy, different from the lab's in every field. */
const LEARNER_POLICY = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: false,
  RequireUppercaseCharacters: false,
  RequireLowercaseCharacters: false,
  AllowUsersToChangePassword: false,
  MaxPasswordAge: 30,
  PasswordReusePrevention: 5,
  HardExpiry: true,
};
/** The learner's policy as GetAccountPasswordPolicy reports it: every field, exactly. */
const LEARNER_POLICY_IN_FORCE: PasswordPolicy = { ...LEARNER_POLICY, ExpirePasswords: true };
const LAB_POLICY_IN_FORCE: PasswordPolicy = { ...LAB_PASSWORD_POLICY, ExpirePasswords: true };

/** A second lab's policy (another region, other settings): passwords never expire. */
const NEVER_EXPIRES: PasswordPolicySettings = (({ MaxPasswordAge: _m, ...rest }) => rest)(LAB_PASSWORD_POLICY);
const EU: EventSource = { region: 'eu-west-1', stackName: 'LabIam' };

/** The pace of retries on a held lock in these tests (the Lambda's: LOCK_RETRY_MS, 0.4-0.8 s). */
const TEST_LOCK_RETRY_MS = 50;

/** Waits until `done` holds, checking every 10 ms, for 10 s at most. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** When the handler tried to take this lock (a PutParameter that creates it only if absent), read off its SSM client. */
function lockAttempts(ssm: SSMClient, lockName: string): () => number[] {
  const at: number[] = [];
  const send = ssm.send.bind(ssm) as (command: unknown, options?: unknown) => Promise<unknown>;
  jest.spyOn(ssm, 'send').mockImplementation(((command: unknown, options?: unknown) => {
    if (command instanceof PutParameterCommand && command.input.Name === lockName && command.input.Overwrite === false) at.push(Date.now());
    return send(command, options);
  }) as never);
  return () => at;
}

/** The environment a Lambda runs the handler in (its region and credentials), with every AWS endpoint at `endpoint`. */
async function inLambdaEnvironment<T>(endpoint: string, work: () => Promise<T>): Promise<T> {
  const variables = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    [RECORD_REGION_ENV]: undefined,
  };
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(variables);
  try {
    return await work();
  } finally {
    set(saved);
  }
}

describeWithMoto('Custom::AccountPasswordPolicy handler (moto)', () => {
  let clients: AccountClients;
  let iam: IAMClient;
  const scope = () => ({ clients, lockRetryMs: TEST_LOCK_RETRY_MS });
  const recordValue = () => parameterValue(clients.ssm, PASSWORD_POLICY_RECORD.record);
  const lockValue = () => parameterValue(clients.ssm, PASSWORD_POLICY_RECORD.lock);

  async function policyInForce(): Promise<PasswordPolicy | undefined> {
    try {
      return (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    } catch (error) {
      if ((error as Error).name === 'NoSuchEntityException') return undefined;
      throw error;
    }
  }
  const setLearnerPolicy = () => iam.send(new UpdateAccountPasswordPolicyCommand(LEARNER_POLICY));
  const create = (props: object = LAB_PASSWORD_POLICY, source: EventSource = {}) => onPasswordPolicyEvent(scope(), createEvent(TYPE, props, source));
  const del = (physicalId: string, source: EventSource = {}) => onPasswordPolicyEvent(scope(), deleteEvent(TYPE, physicalId, LAB_PASSWORD_POLICY, source));
  /** The account is exactly as before the lab: the learner's policy, no record, no lock. */
  async function expectLearnerAccount() {
    expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE);
    expect(await recordValue()).toBeUndefined();
    expect(await lockValue()).toBeUndefined();
  }

  beforeEach(async () => {
    await resetMoto();
    clients = motoClients();
    iam = clients.iam;
  });
  afterEach(() => jest.restoreAllMocks());

  it('existing policy -> create -> delete: the old policy is back, field for field, and the record is gone', async () => {
    await setLearnerPolicy();
    expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE);

    const created = await create();
    expect(created.physicalResourceId).toBe(PASSWORD_POLICY_PHYSICAL_ID);
    expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE);
    expect(parsePasswordPolicyRecord(JSON.parse((await recordValue())!))).toEqual({
      before: LEARNER_POLICY,
      holders: { [`${createEvent(TYPE, {}).StackId}#Resource`]: LAB_PASSWORD_POLICY },
    });
    expect(await lockValue()).toBeUndefined();

    await del(created.physicalResourceId);
    await expectLearnerAccount();
  });

  it('no policy -> create -> delete: no policy again, no record', async () => {
    const created = await create();
    expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE);
    expect(JSON.parse((await recordValue())!).before).toBeNull();
    await del(created.physicalResourceId);
    expect(await policyInForce()).toBeUndefined();
    expect(await recordValue()).toBeUndefined();
  });

  it('passwords that never expire are applied and undone', async () => {
    await setLearnerPolicy();
    const created = await create(NEVER_EXPIRES);
    const applied = await policyInForce();
    expect(applied?.ExpirePasswords).toBe(false);
    expect(applied?.MaxPasswordAge ?? 0).toBe(0);
    await del(created.physicalResourceId);
    await expectLearnerAccount();
  });

  it('an update applies the new settings, keeps the physical id and the original record', async () => {
    await setLearnerPolicy();
    const created = await create();
    const stricter = { ...LAB_PASSWORD_POLICY, MinimumPasswordLength: 20, MaxPasswordAge: 60 };
    const updated = await onPasswordPolicyEvent(scope(), updateEvent(TYPE, created.physicalResourceId, stricter, LAB_PASSWORD_POLICY));
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(await policyInForce()).toEqual({ ...stricter, ExpirePasswords: true });
    expect(JSON.parse((await recordValue())!).before).toEqual(LEARNER_POLICY);

    await del(updated.physicalResourceId);
    await expectLearnerAccount();
  });

  it('two labs in two regions: the first to leave keeps the other one\'s policy, the last restores the original', async () => {
    await setLearnerPolicy();
    await create(LAB_PASSWORD_POLICY);
    await create(NEVER_EXPIRES, EU);
    expect(Object.keys(JSON.parse((await recordValue())!).holders)).toHaveLength(2);
    expect(JSON.parse((await recordValue())!).before).toEqual(LEARNER_POLICY);

    await del(PASSWORD_POLICY_PHYSICAL_ID, EU);
    expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE);
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    await expectLearnerAccount();
  });

  it('two labs in two regions, destroyed in the order they were deployed: the original comes back', async () => {
    await setLearnerPolicy();
    await create(LAB_PASSWORD_POLICY);
    await create(NEVER_EXPIRES, EU);
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    expect((await policyInForce())?.ExpirePasswords).toBe(false); // the EU lab's, still deployed
    await del(PASSWORD_POLICY_PHYSICAL_ID, EU);
    await expectLearnerAccount();
  });

  it('two regions deployed and destroyed at the same moment: one record with both holders, then the original', async () => {
    await setLearnerPolicy();
    await Promise.all([create(LAB_PASSWORD_POLICY), create(NEVER_EXPIRES, EU)]);
    const record = parsePasswordPolicyRecord(JSON.parse((await recordValue())!));
    expect(record.before).toEqual(LEARNER_POLICY);
    expect(Object.keys(record.holders)).toHaveLength(2);
    await Promise.all([del(PASSWORD_POLICY_PHYSICAL_ID), del(PASSWORD_POLICY_PHYSICAL_ID, EU)]);
    await expectLearnerAccount();
  });

  it('waits for a lock another handler holds, and takes over one whose holder was stopped', async () => {
    await setLearnerPolicy();
    const lock = (expires: number) =>
      clients.ssm.send(new PutParameterCommand({ Name: PASSWORD_POLICY_RECORD.lock, Type: 'String', Overwrite: true, Value: JSON.stringify({ owner: 'other', expires }) }));
    await lock(Date.now() + 60_000);
    const attempts = lockAttempts(clients.ssm, PASSWORD_POLICY_RECORD.lock);
    const pending = create();
    await until(() => attempts().length >= 3, 'three attempts to take the lock');
    expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE); // still waiting
    const [first, second, third] = attempts();
    expect(second - first).toBeGreaterThanOrEqual(TEST_LOCK_RETRY_MS); // it waits between attempts
    expect(third - second).toBeGreaterThanOrEqual(TEST_LOCK_RETRY_MS);
    await clients.ssm.send(new DeleteParameterCommand({ Name: PASSWORD_POLICY_RECORD.lock })); // released
    await pending;
    expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE);

    captureConsole();
    await lock(Date.now() - 1000); // left by a stopped Lambda
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    await expectLearnerAccount();
  });

  it('Create applied, the answer lost, then the rollback Delete with an id CloudFormation made up: the original is back', async () => {
    const output = captureConsole();
    await setLearnerPolicy();
    const cfn = await responseServer([500, 500, 500]);
    try {
      const handler = passwordPolicyHandler(() => clients, { send: { attempts: 3, firstDelayMs: 20 } });
      await expect(handler(createEvent(TYPE, LAB_PASSWORD_POLICY, { responseUrl: cfn.url }), lambdaContext(60_000))).rejects.toThrow('did not receive');
      expect(cfn.received.map((r) => r.body.Status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
      expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE);

      // CloudFormation timed out and rolls back with an id in its own format.
      await handler(deleteEvent(TYPE, 'LabIam-AccountPasswordPolicy-1A2B3C4D5E6F', {}, { responseUrl: cfn.url }), lambdaContext(60_000));
      expect(cfn.received[3].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'LabIam-AccountPasswordPolicy-1A2B3C4D5E6F' });
      await expectLearnerAccount();
      expect(output.text()).not.toContain('secret-signature');
    } finally {
      await cfn.close();
    }
  });

  it('a Delete whose physical id cannot be parsed answers SUCCESS and still restores the original', async () => {
    captureConsole();
    await setLearnerPolicy();
    await create();
    const cfn = await responseServer();
    try {
      const garbled = 'AccountPasswordPolicy;before={"MinimumPasswordLength":';
      await passwordPolicyHandler(() => clients)(deleteEvent(TYPE, garbled, {}, { responseUrl: cfn.url }), lambdaContext(60_000));
      expect(cfn.received[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: garbled });
      await expectLearnerAccount();
    } finally {
      await cfn.close();
    }
  });

  it('an unreadable record: Delete answers SUCCESS and removes it; Create refuses and changes nothing', async () => {
    const output = captureConsole();
    await setLearnerPolicy();
    await create();
    await clients.ssm.send(new PutParameterCommand({ Name: PASSWORD_POLICY_RECORD.record, Type: 'String', Overwrite: true, Value: '{"before": 8,' }));
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    expect(await recordValue()).toBeUndefined();
    expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE); // nothing says what to restore
    expect(output.text()).toContain('cannot be read');

    await iam.send(new UpdateAccountPasswordPolicyCommand(LEARNER_POLICY));
    await clients.ssm.send(new PutParameterCommand({ Name: PASSWORD_POLICY_RECORD.record, Type: 'String', Value: '[]' }));
    await expect(create()).rejects.toThrow(/record \/dva-labs\/account-settings\/password-policy\/record .*cannot be read .*changes nothing/);
    expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE);
    expect(await lockValue()).toBeUndefined();
  });

  it('the rollback Delete after a refused Create changes nothing and leaves no record', async () => {
    await setLearnerPolicy();
    await expect(create({ ...LAB_PASSWORD_POLICY, RequireSymbols: 'yes' })).rejects.toThrow('RequireSymbols must be true or false, got "yes"');
    expect(await recordValue()).toBeUndefined();
    captureConsole();
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    await expectLearnerAccount();
  });

  it('a Delete sent twice (a retried destroy) changes nothing the second time', async () => {
    await setLearnerPolicy();
    await create();
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ ...LEARNER_POLICY, MinimumPasswordLength: 10 })); // the learner's, after destroy
    captureConsole();
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    expect(await policyInForce()).toEqual({ ...LEARNER_POLICY_IN_FORCE, MinimumPasswordLength: 10 });
  });

  it('a policy changed by hand while the lab is deployed: destroy puts back the original from before the lab', async () => {
    await setLearnerPolicy();
    await create();
    await iam.send(new UpdateAccountPasswordPolicyCommand({ ...LAB_PASSWORD_POLICY, MinimumPasswordLength: 16 }));
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    await expectLearnerAccount();
  });

  it('delete when someone already removed the policy, with none before: still no policy', async () => {
    await create();
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await del(PASSWORD_POLICY_PHYSICAL_ID);
    expect(await policyInForce()).toBeUndefined();
    expect(await recordValue()).toBeUndefined();
  });

  it('a lock another handler holds is retried every 0.4 to 0.8 s unless told otherwise', () => {
    expect(LOCK_RETRY_MS).toBe(400);
    expect(new AccountSettingRecord(clients.ssm, PASSWORD_POLICY_RECORD, parsePasswordPolicyRecord).lockRetryMs).toBe(LOCK_RETRY_MS);
  });

  describe('a stack deployed by the earlier kit (the record in its physical id)', () => {
    const legacyId = `AccountPasswordPolicy;before=${JSON.stringify(LEARNER_POLICY)}`;

    it('its Delete restores what its physical id recorded', async () => {
      await iam.send(new UpdateAccountPasswordPolicyCommand(LAB_PASSWORD_POLICY));
      captureConsole();
      await del(legacyId);
      await expectLearnerAccount();
    });

    it('with a new lab in another region meanwhile: the original still comes back last', async () => {
      await iam.send(new UpdateAccountPasswordPolicyCommand(LAB_PASSWORD_POLICY)); // the old stack's
      await create(NEVER_EXPIRES, EU); // records the old stack's policy as "before"
      captureConsole();
      await del(legacyId);
      expect((await policyInForce())?.ExpirePasswords).toBe(false);
      await del(PASSWORD_POLICY_PHYSICAL_ID, EU);
      await expectLearnerAccount();
    });
  });

  describe('AWS unreachable or refusing', () => {
    it('IAM never answers: FAILED is answered within the deadline, nothing is recorded, the lock is released', async () => {
      const output = captureConsole();
      await setLearnerPolicy();
      // moto's first SSM call loads SSM (seconds): not inside the handler's 1 s here.
      expect(await lockValue()).toBeUndefined();
      const silent = await silentServer();
      const cfn = await responseServer();
      try {
        const outage: AccountClients = {
          iam: new IAMClient({ ...motoClientConfig(), endpoint: silent.url, requestHandler: REQUEST_TIMEOUTS, maxAttempts: 3 }),
          ssm: clients.ssm,
        };
        const started = Date.now();
        // The Lambda's 90 s scaled down (its defaults: test/handlers/cfn-response.test.ts): 2 s left,
        // 0.6 s kept for the answer, 0.4 s to unwind, so the logic is stopped after 1 s, long before
        // IAM's 5 s request timeout.
        await passwordPolicyHandler(() => outage, { answerReserveMs: 600, unwindMs: 400 })(
          createEvent(TYPE, LAB_PASSWORD_POLICY, { responseUrl: cfn.url }),
          lambdaContext(2000),
        );
        expect(cfn.received).toHaveLength(1);
        expect(cfn.received[0].at - started).toBeLessThan(2000);
        expect(cfn.received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: PASSWORD_POLICY_PHYSICAL_ID });
        expect(String(cfn.received[0].body.Reason)).toMatch(/^No answer within 1 s/);
        expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE);
        expect(await recordValue()).toBeUndefined();
        // The lock is released by the logic's own clean-up, which may still be finishing its two
        // SSM calls when the answer goes out (the Lambda's 3 s unwind, 0.4 s here; moto is slow on
        // a loaded machine): wait for it, boundedly. A lock never released fails here.
        const releasedBy = Date.now() + 5000;
        while ((await lockValue()) !== undefined && Date.now() < releasedBy) await new Promise((r) => setTimeout(r, 100));
        expect(await lockValue()).toBeUndefined();
        expect(output.text()).not.toContain('secret-signature');
      } finally {
        await silent.close();
        await cfn.close();
      }
    });

    it('the Lambda\'s clients bound every call: 3 s to connect, 5 s for an answer, 3 attempts; SSM in us-east-1', async () => {
      expect(REQUEST_TIMEOUTS).toEqual({ connectionTimeout: 3000, requestTimeout: 5000, throwOnRequestTimeout: true });
      expect(MAX_ATTEMPTS).toBe(3);
      await inLambdaEnvironment(motoEndpoint(), async () => {
        const lambda = lambdaClients();
        try {
          // One call each (moto answers) settles the clients' configuration.
          await lambda.iam.send(new ListAccountAliasesCommand({}));
          await lambda.ssm.send(new DescribeParametersCommand({}));
          for (const client of [lambda.iam, lambda.ssm]) {
            // Every SDK HTTP handler reports its configuration (NodeHttpHandler here).
            const handler = client.config.requestHandler as unknown as { httpHandlerConfigs(): object };
            expect(handler.httpHandlerConfigs()).toMatchObject(REQUEST_TIMEOUTS);
            expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
          }
          expect(await lambda.ssm.config.region()).toBe('us-east-1');
        } finally {
          lambda.iam.destroy();
          lambda.ssm.destroy();
        }
      });
    });

    it('the Lambda\'s clients give up on an endpoint that never answers, at the request timeout, after 3 attempts', async () => {
      const silent = await silentServer();
      try {
        await inLambdaEnvironment(silent.url, async () => {
          // 5 s per attempt in the Lambda (above); 0.1 s here.
          const lambda = lambdaClients({ ...REQUEST_TIMEOUTS, requestTimeout: 100 });
          try {
            const timedOut = 'a request has exceeded the configured 100 ms requestTimeout';
            // A client without the timeout would wait forever: stopped (and failing) after 5 s.
            const bound = { abortSignal: AbortSignal.timeout(5000) };
            await Promise.all([
              expect(lambda.iam.send(new GetAccountPasswordPolicyCommand({}), bound)).rejects.toThrow(timedOut),
              expect(lambda.ssm.send(new DescribeParametersCommand({}), bound)).rejects.toThrow(timedOut),
            ]);
          } finally {
            lambda.iam.destroy();
            lambda.ssm.destroy();
          }
        });
        expect(silent.requests()).toBe(2 * MAX_ATTEMPTS);
      } finally {
        await silent.close();
      }
    });

    it('IAM throttles the Delete: FAILED with the reason, the record kept; the next destroy restores the original', async () => {
      captureConsole();
      await setLearnerPolicy();
      await create();
      const throttling = await failingQueryServer(400, 'Throttling', 'Rate exceeded');
      const cfn = await responseServer();
      try {
        const throttled: AccountClients = { iam: new IAMClient({ ...motoClientConfig(), endpoint: throttling.url, maxAttempts: 2 }), ssm: clients.ssm };
        await passwordPolicyHandler(() => throttled)(deleteEvent(TYPE, PASSWORD_POLICY_PHYSICAL_ID, {}, { responseUrl: cfn.url }), lambdaContext(60_000));
        expect(cfn.received[0].body).toMatchObject({ Status: 'FAILED', Reason: 'Rate exceeded' });
        expect(throttling.calls()).toBe(2); // the SDK retried it
        expect(await policyInForce()).toEqual(LAB_POLICY_IN_FORCE);
        expect(await recordValue()).toBeDefined();
        expect(await lockValue()).toBeUndefined();

        await del(PASSWORD_POLICY_PHYSICAL_ID);
        await expectLearnerAccount();
      } finally {
        await throttling.close();
        await cfn.close();
      }
    });
  });
});
