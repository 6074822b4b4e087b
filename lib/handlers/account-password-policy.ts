/**
 * Custom::AccountPasswordPolicy — the account's IAM password policy, an account-wide
 * singleton that may exist before the lab (CloudFormation has no resource type for it).
 *
 * What was in force before is kept in the account-wide record (account-setting-record.ts),
 * not in the stack: Create and Update join the record's holders and apply the lab's policy;
 * Delete leaves, and the last holder to leave puts back exactly the recorded policy (or
 * deletes the policy if there was none) and removes the record. A Delete always answers
 * SUCCESS unless AWS itself could not be reached (then the record stays, and running
 * `cdk destroy` again finishes the job).
 *
 * AWS actions called: iam:GetAccountPasswordPolicy, iam:UpdateAccountPasswordPolicy,
 * iam:DeleteAccountPasswordPolicy; ssm:GetParameter, ssm:PutParameter, ssm:DeleteParameter,
 * ssm:AddTagsToResource on the record and its lock.
 */
import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
  type UpdateAccountPasswordPolicyCommandInput,
} from '@aws-sdk/client-iam';
export { PASSWORD_POLICY_FIELDS, type PasswordPolicySettings } from './password-policy-fields';
import { lambdaClients, type AccountClients, type HandlerScope } from './account-clients';
import { AccountSettingRecord, LOCK_TTL_MS, holderOf, isNamed, objectOf, recordParameters, withoutHolder } from './account-setting-record';
import type { PasswordPolicySettings } from './password-policy-fields';
import { lambdaHandler, type CustomResourceEvent, type CustomResourceResult, type HandlerOptions } from './cfn-response';

/** The account-wide record of the password policy and its lock. */
export const PASSWORD_POLICY_RECORD = recordParameters('password-policy');
/** The physical id of every Custom::AccountPasswordPolicy: it names the record (which holds no secret). */
export const PASSWORD_POLICY_PHYSICAL_ID = `AccountPasswordPolicy;record=${PASSWORD_POLICY_RECORD.record}`;

/** The account-wide record: the policy before the first holder (null: none), and each holder's policy. */
export interface PasswordPolicyRecord {
  readonly before: PasswordPolicySettings | null;
  /** Holder (stack ARN # logical id) to the policy it applies; the last one is the latest. */
  readonly holders: Readonly<Record<string, PasswordPolicySettings>>;
}

/** The policy in force, or undefined when the account has none. */
export async function readPasswordPolicy(iam: IAMClient, signal?: AbortSignal): Promise<PasswordPolicySettings | undefined> {
  try {
    const { PasswordPolicy: p } = await iam.send(new GetAccountPasswordPolicyCommand({}), { abortSignal: signal });
    if (!p) return undefined;
    // The API's own defaults stand in for fields it leaves out.
    return withoutUndefined({
      MinimumPasswordLength: p.MinimumPasswordLength ?? 6,
      RequireSymbols: p.RequireSymbols ?? false,
      RequireNumbers: p.RequireNumbers ?? false,
      RequireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
      RequireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
      AllowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
      MaxPasswordAge: p.ExpirePasswords !== false && p.MaxPasswordAge ? p.MaxPasswordAge : undefined,
      PasswordReusePrevention: p.PasswordReusePrevention ? p.PasswordReusePrevention : undefined,
      HardExpiry: p.HardExpiry ?? false,
    });
  } catch (error) {
    if (isNamed(error, 'NoSuchEntityException')) return undefined;
    throw error;
  }
}

/** Applies a policy, sending every field it has (so no weak API default sneaks in). */
export async function applyPasswordPolicy(iam: IAMClient, policy: PasswordPolicySettings, signal?: AbortSignal): Promise<void> {
  const input: UpdateAccountPasswordPolicyCommandInput = { ...policy };
  await iam.send(new UpdateAccountPasswordPolicyCommand(input), { abortSignal: signal });
}

/** Puts back what was there: the recorded policy, or no policy at all. */
export async function restorePasswordPolicy(iam: IAMClient, before: PasswordPolicySettings | null, signal?: AbortSignal): Promise<void> {
  if (before) return applyPasswordPolicy(iam, before, signal);
  try {
    await iam.send(new DeleteAccountPasswordPolicyCommand({}), { abortSignal: signal });
  } catch (error) {
    // Someone already removed it: the account is as it was before the lab.
    if (!isNamed(error, 'NoSuchEntityException')) throw error;
  }
}

/** Reads the SSM record back; throws on anything but the shape {@link PasswordPolicyRecord}. */
export function parsePasswordPolicyRecord(value: unknown): PasswordPolicyRecord {
  const record = objectOf(value, 'the record');
  const holders = objectOf(record.holders, 'holders');
  return {
    before: record.before === null ? null : parsePolicyRecord(objectOf(record.before, 'before')),
    holders: Object.fromEntries(Object.entries(holders).map(([holder, policy]) => [holder, parsePolicyRecord(objectOf(policy, holder))])),
  };
}

const LEGACY_PREFIX = 'AccountPasswordPolicy;before=';

/**
 * The "before" a stack deployed by an earlier version of the kit carries in its physical id
 * (`AccountPasswordPolicy;before={...}` or `...;before=none`), or undefined for any other id,
 * readable or not. Never throws: a Delete must not fail on an id it cannot read.
 */
export function parseLegacyPhysicalId(physicalId: string | undefined): { before: PasswordPolicySettings | null } | undefined {
  if (!physicalId?.startsWith(LEGACY_PREFIX)) return undefined;
  const text = physicalId.slice(LEGACY_PREFIX.length);
  if (text === 'none') return { before: null };
  try {
    return { before: parsePolicyRecord(objectOf(JSON.parse(text), 'the physical id')) };
  } catch {
    return undefined;
  }
}

/**
 * A stack of the earlier kit recorded its "before" in its physical id, before any SSM record
 * existed: that is older than the record's, so it is the true original.
 */
function withLegacyBefore(record: PasswordPolicyRecord, holder: string, physicalId: string | undefined): PasswordPolicyRecord {
  const legacy = parseLegacyPhysicalId(physicalId);
  if (!legacy || holder in record.holders) return record;
  return { ...record, before: legacy.before };
}

/** Create and Update: record what was there (if no other holder did), join the holders, apply. */
async function holdPasswordPolicy(scope: HandlerScope, store: AccountSettingRecord<PasswordPolicyRecord>, event: CustomResourceEvent, desired: PasswordPolicySettings) {
  const { iam } = scope.clients;
  const holder = holderOf(event);
  const read = await store.read();
  if (read.kind === 'unreadable') {
    throw new Error(
      `The record ${store.parameters.record} (us-east-1 unless set otherwise) cannot be read (${read.problem}), so the lab cannot know ` +
        `which password policy to restore later and changes nothing. Check the policy in the IAM console, then delete the record ` +
        `(aws ssm delete-parameter --name ${store.parameters.record} --region <its region>) and deploy again.`,
    );
  }
  const existing =
    read.kind === 'present'
      ? withLegacyBefore(read.record, holder, event.PhysicalResourceId)
      : { before: parseLegacyPhysicalId(event.PhysicalResourceId)?.before ?? (await readPasswordPolicy(iam, scope.signal)) ?? null, holders: {} };
  const others = withoutHolder(existing.holders, holder);
  // Recorded before the change: if the answer is lost after it, the Delete that follows still finds this holder.
  await store.write({ before: existing.before, holders: { ...others, [holder]: desired } });
  await applyPasswordPolicy(iam, desired, scope.signal);
}

/** Delete: leave the holders; the last to leave restores "before" and removes the record. */
async function leavePasswordPolicy(scope: HandlerScope, store: AccountSettingRecord<PasswordPolicyRecord>, event: CustomResourceEvent) {
  const { iam } = scope.clients;
  const holder = holderOf(event);
  const read = await store.read();
  if (read.kind === 'unreadable') {
    // Nothing says what to restore: leave the policy in force, and nothing of the kit behind.
    console.error(`The record ${store.parameters.record} cannot be read (${read.problem}): the password policy is left as it is; the record is removed.`);
    await store.remove();
    const legacy = parseLegacyPhysicalId(event.PhysicalResourceId);
    if (legacy) await restorePasswordPolicy(iam, legacy.before, scope.signal);
    return;
  }
  if (read.kind === 'absent') {
    const legacy = parseLegacyPhysicalId(event.PhysicalResourceId);
    if (legacy) await restorePasswordPolicy(iam, legacy.before, scope.signal);
    else console.log('No record: this resource never changed the password policy (a Create that failed first), or has already left.');
    return;
  }
  const record = withLegacyBefore(read.record, holder, event.PhysicalResourceId);
  if (!(holder in record.holders)) {
    console.log('Not a holder of the record: this resource never changed the password policy, or has already left.');
    if (record !== read.record) await store.write(record);
    return;
  }
  const others = withoutHolder(record.holders, holder);
  const remaining = Object.values(others);
  if (remaining.length > 0) {
    // Another lab (another region or stack) still holds the setting: its policy stays in force.
    await applyPasswordPolicy(iam, remaining[remaining.length - 1], scope.signal);
    await store.write({ before: record.before, holders: others });
  } else {
    await restorePasswordPolicy(iam, record.before, scope.signal);
    await store.remove();
  }
}

/** The whole lifecycle, as CloudFormation drives it. */
export async function onPasswordPolicyEvent(scope: HandlerScope, event: CustomResourceEvent): Promise<CustomResourceResult> {
  // Refused before anything is touched.
  const desired = event.RequestType === 'Delete' ? undefined : parsePolicyProperties(event.ResourceProperties);
  const store = new AccountSettingRecord(scope.clients.ssm, PASSWORD_POLICY_RECORD, parsePasswordPolicyRecord, scope.signal, scope.lockRetryMs);
  await store.withLock(event.RequestId, LOCK_TTL_MS, () =>
    desired ? holdPasswordPolicy(scope, store, event, desired) : leavePasswordPolicy(scope, store, event),
  );
  // Never a new id on Update: CloudFormation would then send a Delete for the old one, and the holder would leave.
  return { physicalResourceId: event.PhysicalResourceId ?? PASSWORD_POLICY_PHYSICAL_ID };
}

/** The Lambda handler, with the clients it uses (tests pass clients for moto). */
export function passwordPolicyHandler(clients: () => AccountClients, options: Partial<HandlerOptions> = {}) {
  return lambdaHandler((event, signal) => onPasswordPolicyEvent({ clients: clients(), signal }, event), {
    failedPhysicalId: (event) => event.PhysicalResourceId ?? PASSWORD_POLICY_PHYSICAL_ID,
    ...options,
  });
}

/** Lambda entry point. */
export const handler = passwordPolicyHandler(lambdaClients);

/**
 * Reads the desired policy from the resource properties, which CloudFormation passes as
 * strings ("14", "true"). A missing MaxPasswordAge / PasswordReusePrevention means "none".
 */
export function parsePolicyProperties(props: Readonly<Record<string, unknown>>): PasswordPolicySettings {
  return parsePolicyRecord(props);
}

function parsePolicyRecord(props: Readonly<Record<string, unknown>>): PasswordPolicySettings {
  const bool = (name: string): boolean => {
    const v = props[name];
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw new Error(`Password policy field ${name} must be true or false, got ${JSON.stringify(v)}`);
  };
  const int = (name: string, min: number, max: number, optional: boolean): number | undefined => {
    const v = props[name];
    if (optional && (v === undefined || v === '')) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`Password policy field ${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
    return n;
  };
  return withoutUndefined({
    MinimumPasswordLength: int('MinimumPasswordLength', 6, 128, false)!,
    RequireSymbols: bool('RequireSymbols'),
    RequireNumbers: bool('RequireNumbers'),
    RequireUppercaseCharacters: bool('RequireUppercaseCharacters'),
    RequireLowercaseCharacters: bool('RequireLowercaseCharacters'),
    AllowUsersToChangePassword: bool('AllowUsersToChangePassword'),
    MaxPasswordAge: int('MaxPasswordAge', 1, 1095, true),
    PasswordReusePrevention: int('PasswordReusePrevention', 1, 24, true),
    HardExpiry: bool('HardExpiry'),
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

