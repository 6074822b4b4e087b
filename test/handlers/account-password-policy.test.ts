/**
 * The password policy handler over the real wire, against moto (IAM and SSM): whatever
 * CloudFormation sends, in whatever order, the policy in force before the first lab is the
 * policy in force after the last one, field by field, and the account-wide record is gone.
 */
import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { REQUEST_TIMEOUTS, type AccountClients } from '../../lib/handlers/account-clients';
import {
  PASSWORD_POLICY_PHYSICAL_ID,
  PASSWORD_POLICY_RECORD,
  onPasswordPolicyEvent,
  parsePasswordPolicyRecord,
  passwordPolicyHandler,
  type PasswordPolicySettings,
} from '../../lib/handlers/account-password-policy';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';
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

describeWithMoto('Custom::AccountPasswordPolicy handler (moto)', () => {
  let clients: AccountClients;
  let iam: IAMClient;
  const scope = () => ({ clients });
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
    const pending = create();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE); // still waiting
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
      const silent = await silentServer();
      const cfn = await responseServer();
      try {
        const outage: AccountClients = {
          iam: new IAMClient({ ...motoClientConfig(), endpoint: silent.url, requestHandler: REQUEST_TIMEOUTS, maxAttempts: 3 }),
          ssm: clients.ssm,
        };
        const started = Date.now();
        // 6 s left: 2 s kept for the answer, 1 s to unwind.
        await passwordPolicyHandler(() => outage, { answerReserveMs: 2000, unwindMs: 1000 })(
          createEvent(TYPE, LAB_PASSWORD_POLICY, { responseUrl: cfn.url }),
          lambdaContext(6000),
        );
        expect(cfn.received).toHaveLength(1);
        expect(cfn.received[0].at - started).toBeLessThan(5000);
        expect(cfn.received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: PASSWORD_POLICY_PHYSICAL_ID });
        expect(String(cfn.received[0].body.Reason)).toMatch(/^No answer within 3 s/);
        expect(await policyInForce()).toEqual(LEARNER_POLICY_IN_FORCE);
        expect(await recordValue()).toBeUndefined();
        // The lock is released by the logic's own clean-up, which may still be finishing its two
        // SSM calls when the answer goes out (the Lambda's 3 s unwind, 1 s here; moto is slow on
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

    it('the IAM client itself gives up on a request with no answer (request timeout)', async () => {
      const silent = await silentServer();
      try {
        const client = new IAMClient({ ...motoClientConfig(), endpoint: silent.url, requestHandler: REQUEST_TIMEOUTS, maxAttempts: 1 });
        const started = Date.now();
        await expect(client.send(new GetAccountPasswordPolicyCommand({}))).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUTS.requestTimeout + 2000);
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
