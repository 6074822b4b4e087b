import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountSettingFunction, CUSTOM_RESOURCE_SERVICE_TIMEOUT } from './account-setting-function';
import { recordParameters } from '../handlers/account-setting-names';
import { PASSWORD_POLICY_FIELDS, type PasswordPolicySettings } from '../handlers/password-policy-fields';

/** Props of {@link AccountPasswordPolicy}. Defaults satisfy CIS and Security Hub IAM.7, IAM.11-16. */
export interface AccountPasswordPolicyProps {
  /** @default 14 */
  readonly minimumPasswordLength?: number;
  /** @default true */
  readonly requireSymbols?: boolean;
  /** @default true */
  readonly requireNumbers?: boolean;
  /** @default true */
  readonly requireUppercaseCharacters?: boolean;
  /** @default true */
  readonly requireLowercaseCharacters?: boolean;
  /** @default true */
  readonly allowUsersToChangePassword?: boolean;
  /** Days before a password expires; 0 means never. @default 90 */
  readonly maxPasswordAgeDays?: number;
  /** Previous passwords a user may not reuse, 1-24; 0 means reuse allowed. @default 24 */
  readonly passwordReusePrevention?: number;
  /** Expired passwords can only be reset by an administrator. @default false */
  readonly hardExpiry?: boolean;
  /**
   * The region of the account-wide record of the policy before the labs (an SSM parameter).
   * The same for every lab in the account, whatever region it is deployed in.
   * @default 'us-east-1'
   */
  readonly recordRegion?: string;
}

/**
 * The account's IAM password policy (Custom::AccountPasswordPolicy). The policy in force before
 * the first lab that sets it is kept in an account-wide record, and put back, field for field,
 * when the last such lab in the account is destroyed (with no policy before, the policy is
 * deleted). See lib/handlers/account-password-policy.ts.
 */
export class AccountPasswordPolicy extends Construct {
  /** The policy this resource applies, as UpdateAccountPasswordPolicy takes it. */
  readonly policy: PasswordPolicySettings;
  readonly handler: AccountSettingFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    super(scope, id);
    const maxAge = props.maxPasswordAgeDays ?? 90;
    const reuse = props.passwordReusePrevention ?? 24;
    this.policy = {
      MinimumPasswordLength: props.minimumPasswordLength ?? 14,
      RequireSymbols: props.requireSymbols ?? true,
      RequireNumbers: props.requireNumbers ?? true,
      RequireUppercaseCharacters: props.requireUppercaseCharacters ?? true,
      RequireLowercaseCharacters: props.requireLowercaseCharacters ?? true,
      AllowUsersToChangePassword: props.allowUsersToChangePassword ?? true,
      // The API takes 1-1095 / 1-24 and expresses "never" / "no limit" by omission.
      ...(maxAge > 0 ? { MaxPasswordAge: maxAge } : {}),
      ...(reuse > 0 ? { PasswordReusePrevention: reuse } : {}),
      HardExpiry: props.hardExpiry ?? false,
    };
    validatePolicy(this.policy);

    this.handler = new AccountSettingFunction(this, 'Handler', {
      handlerFile: 'account-password-policy.ts',
      iamActions: ['iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
      whyAllResources: 'The account password policy is not a resource with an ARN: IAM only accepts "*" for these three actions.',
      record: recordParameters('password-policy'),
      recordRegion: props.recordRegion,
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::AccountPasswordPolicy',
      properties: Object.fromEntries(PASSWORD_POLICY_FIELDS.filter((f) => f in this.policy).map((f) => [f, this.policy[f]])),
      serviceTimeout: CUSTOM_RESOURCE_SERVICE_TIMEOUT,
      // Destroy restores the policy from before; retaining would leave the lab's policy behind.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * The policy as GetAccountPasswordPolicy reports it once applied (adds ExpirePasswords),
   * for the `check` command to compare with.
   */
  get expectedPolicy(): Record<string, number | boolean> {
    return { ...this.policy, ExpirePasswords: this.policy.MaxPasswordAge !== undefined };
  }
}

function validatePolicy(policy: PasswordPolicySettings): void {
  const inRange = (name: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new Error(`AccountPasswordPolicy: ${name} must be a whole number from ${min} to ${max}, got ${value}`);
    }
  };
  inRange('minimumPasswordLength', policy.MinimumPasswordLength, 6, 128);
  inRange('maxPasswordAgeDays', policy.MaxPasswordAge, 1, 1095);
  inRange('passwordReusePrevention', policy.PasswordReusePrevention, 1, 24);
}
