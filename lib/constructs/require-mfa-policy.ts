import * as iam from 'aws-cdk-lib/aws-iam';
import { Aws } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Props of {@link RequireMfaPolicy}. */
export interface RequireMfaPolicyProps {
  /** The groups whose members must sign in with MFA before they can do anything else. */
  readonly groups: iam.IGroup[];
}

/** With no MFA in the session, these are the only actions left, and only on what the statements below allow. */
export const MFA_ENROLMENT_ACTIONS = [
  // The first sign-in: the initial password must be replaced before anything else.
  'iam:ChangePassword',
  'iam:GetAccountPasswordPolicy',
  // The console's "Assign MFA device" screens on the user's own Security credentials page.
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetMFADevice',
  'iam:ResyncMFADevice',
  // The CLI's way to an MFA session.
  'sts:GetSessionToken',
] as const;

/** The enrolment actions that name a user: allowed only on the caller's own user. */
export const OWN_USER_ACTIONS = [
  'iam:ChangePassword',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:EnableMFADevice',
  'iam:GetMFADevice',
  'iam:ResyncMFADevice',
] as const;

const NO_MFA = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };

/**
 * "Sign in with MFA, or do nothing": AWS's documented policy (IAM User Guide, "AWS: Allows
 * MFA-authenticated IAM users to manage their own MFA device on the Security credentials
 * page"), written as Deny statements because the group's AdministratorAccess already allows
 * everything. Without MFA in the session:
 * - every action but the enrolment ones is denied;
 * - the enrolment actions that name a user are denied on every user but the caller's own
 *   (`user/${aws:username}`): a stolen password cannot enrol a device on someone else;
 * - a virtual MFA device can only be created as an `mfa/` resource, as AWS scopes it.
 * Deactivating a device is not an enrolment action, so it needs an MFA session.
 */
export class RequireMfaPolicy extends Construct {
  readonly policy: iam.Policy;

  constructor(scope: Construct, id: string, props: RequireMfaPolicyProps) {
    super(scope, id);
    const iamArn = (resource: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:${resource}`;
    this.policy = new iam.Policy(this, 'Resource', {
      policyName: 'BlockMostAccessUnlessSignedInWithMFA',
      groups: props.groups,
      statements: [
        new iam.PolicyStatement({
          sid: 'BlockMostAccessUnlessSignedInWithMFA',
          effect: iam.Effect.DENY,
          notActions: [...MFA_ENROLMENT_ACTIONS],
          resources: ['*'],
          conditions: NO_MFA,
        }),
        new iam.PolicyStatement({
          sid: 'OnlyYourOwnUserUntilSignedInWithMFA',
          effect: iam.Effect.DENY,
          actions: [...OWN_USER_ACTIONS],
          // ${aws:username} is a policy variable, filled in by IAM for each request.
          notResources: [iamArn('user/${aws:username}')],
          conditions: NO_MFA,
        }),
        new iam.PolicyStatement({
          sid: 'OnlyVirtualMfaDevicesUntilSignedInWithMFA',
          effect: iam.Effect.DENY,
          actions: ['iam:CreateVirtualMFADevice'],
          notResources: [iamArn('mfa/*')],
          conditions: NO_MFA,
        }),
      ],
    });
  }
}
