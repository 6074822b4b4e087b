/**
 * The password policy handler over the real wire, against moto: what was in force before
 * the lab is what is in force after it, field for field.
 */
import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import {
  NOT_APPLIED_PHYSICAL_ID,
  onPasswordPolicyEvent,
  parseRecord,
  type PasswordPolicySettings,
} from '../../lib/handlers/account-password-policy';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';
import { createEvent, deleteEvent, updateEvent } from './cfn-events';
import { LAB_PASSWORD_POLICY } from '../helpers/password-policy';

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

async function policyInForce(iam: IAMClient): Promise<PasswordPolicy | undefined> {
  try {
    return (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch (error) {
    if ((error as Error).name === 'NoSuchEntityException') return undefined;
    throw error;
  }
}

describeWithMoto('Custom::AccountPasswordPolicy handler (moto)', () => {
  let iam: IAMClient;
  beforeEach(async () => {
    await resetMoto();
    iam = new IAMClient(motoClientConfig());
  });

  it('existing policy -> create -> delete: the old policy is back, field for field', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand(LEARNER_POLICY));
    const before = await policyInForce(iam);
    expect(before).toMatchObject(LEARNER_POLICY);

    const created = await onPasswordPolicyEvent(iam, createEvent(TYPE, LAB_PASSWORD_POLICY));
    expect(await policyInForce(iam)).toEqual({ ...LAB_PASSWORD_POLICY, ExpirePasswords: true });
    expect(parseRecord(created.physicalResourceId)).toEqual({ policy: LEARNER_POLICY });

    await onPasswordPolicyEvent(iam, deleteEvent(TYPE, created.physicalResourceId, LAB_PASSWORD_POLICY));
    expect(await policyInForce(iam)).toEqual(before);
  });

  it('no policy -> create -> delete: no policy again', async () => {
    expect(await policyInForce(iam)).toBeUndefined();
    const created = await onPasswordPolicyEvent(iam, createEvent(TYPE, LAB_PASSWORD_POLICY));
    expect(parseRecord(created.physicalResourceId)).toEqual({ policy: undefined });
    expect(await policyInForce(iam)).toMatchObject(LAB_PASSWORD_POLICY);

    await onPasswordPolicyEvent(iam, deleteEvent(TYPE, created.physicalResourceId, LAB_PASSWORD_POLICY));
    expect(await policyInForce(iam)).toBeUndefined();
  });

  it('passwords that never expire (maxPasswordAgeDays 0) are applied and undone', async () => {
    // No MaxPasswordAge: the API's way of saying "never expires" (it refuses 0).
    const neverExpires: PasswordPolicySettings = { ...LAB_PASSWORD_POLICY };
    delete (neverExpires as { MaxPasswordAge?: number }).MaxPasswordAge;
    await iam.send(new UpdateAccountPasswordPolicyCommand(LEARNER_POLICY));
    const created = await onPasswordPolicyEvent(iam, createEvent(TYPE, neverExpires));
    const applied = await policyInForce(iam);
    expect(applied?.ExpirePasswords).toBe(false);
    expect(applied?.MaxPasswordAge ?? 0).toBe(0);

    await onPasswordPolicyEvent(iam, deleteEvent(TYPE, created.physicalResourceId, neverExpires));
    expect(await policyInForce(iam)).toMatchObject(LEARNER_POLICY);
  });

  it('an update applies the new settings and keeps the original record', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand(LEARNER_POLICY));
    const created = await onPasswordPolicyEvent(iam, createEvent(TYPE, LAB_PASSWORD_POLICY));

    const stricter = { ...LAB_PASSWORD_POLICY, MinimumPasswordLength: 20, MaxPasswordAge: 60 };
    const updated = await onPasswordPolicyEvent(iam, updateEvent(TYPE, created.physicalResourceId, stricter, LAB_PASSWORD_POLICY));
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(await policyInForce(iam)).toMatchObject(stricter);

    const again = await onPasswordPolicyEvent(iam, updateEvent(TYPE, updated.physicalResourceId, LAB_PASSWORD_POLICY, stricter));
    expect(again.physicalResourceId).toBe(created.physicalResourceId);

    await onPasswordPolicyEvent(iam, deleteEvent(TYPE, again.physicalResourceId, LAB_PASSWORD_POLICY));
    expect(await policyInForce(iam)).toMatchObject(LEARNER_POLICY);
  });

  it('the rollback Delete after a failed Create changes nothing', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand(LEARNER_POLICY));
    await onPasswordPolicyEvent(iam, deleteEvent(TYPE, NOT_APPLIED_PHYSICAL_ID, LAB_PASSWORD_POLICY));
    expect(await policyInForce(iam)).toMatchObject(LEARNER_POLICY);
  });

  it('refuses a malformed desired policy before calling IAM', async () => {
    await expect(onPasswordPolicyEvent(iam, createEvent(TYPE, { ...LAB_PASSWORD_POLICY, RequireSymbols: 'yes' }))).rejects.toThrow(
      'RequireSymbols must be true or false',
    );
    expect(await policyInForce(iam)).toBeUndefined();
  });

  it('delete when someone already removed the policy still succeeds', async () => {
    const created = await onPasswordPolicyEvent(iam, createEvent(TYPE, LAB_PASSWORD_POLICY));
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await expect(onPasswordPolicyEvent(iam, deleteEvent(TYPE, created.physicalResourceId, LAB_PASSWORD_POLICY))).resolves.toBeDefined();
  });
});
