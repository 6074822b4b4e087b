import type { PasswordPolicySettings } from '../../lib/handlers/account-password-policy';

/**
 * The password policy LabIam sets with cdk.json's defaults (CIS / Security Hub IAM.7,
 * IAM.11-16), spelled out by hand, with the IAM API's field names.
 */
export const LAB_PASSWORD_POLICY: PasswordPolicySettings = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
