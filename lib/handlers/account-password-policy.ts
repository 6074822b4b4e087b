/**
 * Custom::AccountPasswordPolicy — the account's IAM password policy, an account-wide
 * singleton that may exist before the lab (CloudFormation has no resource type for it).
 *
 * Create records the policy in force before (or that there was none) in the physical
 * resource id, then applies the lab's policy. Update applies the new settings and keeps
 * the physical id, so the original record survives any number of updates. Delete puts
 * back exactly the recorded policy, or deletes the policy if there was none.
 *
 * IAM actions called: iam:GetAccountPasswordPolicy, iam:UpdateAccountPasswordPolicy,
 * iam:DeleteAccountPasswordPolicy.
 */
import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  NoSuchEntityException,
  UpdateAccountPasswordPolicyCommand,
  type UpdateAccountPasswordPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { lambdaHandler, type CustomResourceEvent, type CustomResourceResult } from './cfn-response';

/**
 * A password policy with every field UpdateAccountPasswordPolicy accepts. The API cannot
 * take 0 for MaxPasswordAge or PasswordReusePrevention: "never expires" and "no reuse
 * prevention" are expressed by leaving the field out.
 */
export interface PasswordPolicySettings {
  readonly MinimumPasswordLength: number;
  readonly RequireSymbols: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireUppercaseCharacters: boolean;
  readonly RequireLowercaseCharacters: boolean;
  readonly AllowUsersToChangePassword: boolean;
  /** 1 to 1095 days; absent: passwords never expire. */
  readonly MaxPasswordAge?: number;
  /** 1 to 24 previous passwords; absent: reuse allowed. */
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry: boolean;
}

/** The order in which fields are listed, in records and in the template. */
export const PASSWORD_POLICY_FIELDS = [
  'MinimumPasswordLength',
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
  'MaxPasswordAge',
  'PasswordReusePrevention',
  'HardExpiry',
] as const;

const PHYSICAL_ID_PREFIX = 'AccountPasswordPolicy;before=';
/** Reported when Create fails: nothing was changed, so the rollback's Delete must do nothing. */
export const NOT_APPLIED_PHYSICAL_ID = 'AccountPasswordPolicy;not-applied';

/** The policy in force, or undefined when the account has none. */
export async function readPasswordPolicy(iam: IAMClient): Promise<PasswordPolicySettings | undefined> {
  try {
    const { PasswordPolicy: p } = await iam.send(new GetAccountPasswordPolicyCommand({}));
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
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

/** Applies a policy, sending every field it has (so no weak API default sneaks in). */
export async function applyPasswordPolicy(iam: IAMClient, policy: PasswordPolicySettings): Promise<void> {
  const input: UpdateAccountPasswordPolicyCommandInput = { ...policy };
  await iam.send(new UpdateAccountPasswordPolicyCommand(input));
}

/** The physical id that carries the record of what was in force before the lab. */
export function recordPhysicalId(before: PasswordPolicySettings | undefined): string {
  const record = before ? JSON.stringify(before, [...PASSWORD_POLICY_FIELDS]) : 'none';
  return `${PHYSICAL_ID_PREFIX}${record}`;
}

/**
 * Reads the record back. `undefined` means "no record" (nothing to restore, e.g. a failed
 * Create); `{ policy: undefined }` means "there was no policy before".
 */
export function parseRecord(physicalId: string | undefined): { policy: PasswordPolicySettings | undefined } | undefined {
  if (!physicalId?.startsWith(PHYSICAL_ID_PREFIX)) return undefined;
  const record = physicalId.slice(PHYSICAL_ID_PREFIX.length);
  if (record === 'none') return { policy: undefined };
  return { policy: parsePolicyRecord(JSON.parse(record) as Record<string, unknown>) };
}

/** Create: remember what was there, then apply the lab's policy. */
export async function createPasswordPolicy(iam: IAMClient, desired: PasswordPolicySettings): Promise<CustomResourceResult> {
  const before = await readPasswordPolicy(iam);
  await applyPasswordPolicy(iam, desired);
  return { physicalResourceId: recordPhysicalId(before) };
}

/** Update: apply the new settings; the physical id (and with it the original record) stays. */
export async function updatePasswordPolicy(
  iam: IAMClient,
  physicalId: string,
  desired: PasswordPolicySettings,
): Promise<CustomResourceResult> {
  if (!parseRecord(physicalId)) throw new Error(`No record of the original password policy in "${physicalId}"`);
  await applyPasswordPolicy(iam, desired);
  return { physicalResourceId: physicalId };
}

/** Delete: put back the recorded policy, field for field, or remove the policy if there was none. */
export async function deletePasswordPolicy(iam: IAMClient, physicalId: string): Promise<CustomResourceResult> {
  const record = parseRecord(physicalId);
  if (!record) return { physicalResourceId: physicalId };
  if (record.policy) {
    await applyPasswordPolicy(iam, record.policy);
  } else {
    try {
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    } catch (error) {
      // Someone already removed it: the account is as it was before the lab.
      if (!(error instanceof NoSuchEntityException)) throw error;
    }
  }
  return { physicalResourceId: physicalId };
}

/** The whole lifecycle, as CloudFormation drives it. */
export async function onPasswordPolicyEvent(iam: IAMClient, event: CustomResourceEvent): Promise<CustomResourceResult> {
  switch (event.RequestType) {
    case 'Create':
      return createPasswordPolicy(iam, parsePolicyProperties(event.ResourceProperties));
    case 'Update':
      return updatePasswordPolicy(iam, event.PhysicalResourceId ?? '', parsePolicyProperties(event.ResourceProperties));
    case 'Delete':
      return deletePasswordPolicy(iam, event.PhysicalResourceId ?? '');
  }
}

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

/** Lambda entry point. IAM is global: the function's own region is fine. */
export const handler = lambdaHandler(
  (event) => onPasswordPolicyEvent(new IAMClient({}), event),
  (event) => (event.RequestType === 'Create' ? NOT_APPLIED_PHYSICAL_ID : (event.PhysicalResourceId ?? NOT_APPLIED_PHYSICAL_ID)),
);
