/** The password policy's fields, shared by the handler, the construct and the check (no imports: synth stays light). */

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

