import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  paginateListAccountAliases,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
  type LoginProfile,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import type { LabCheckContext } from '../../check/context';
import { Checklist, type CheckResult } from '../../check/result';
import { PASSWORD_POLICY_FIELDS } from '../../handlers/account-password-policy';
import { OUTPUTS } from './outputs';

type PolicyField = (typeof PASSWORD_POLICY_FIELDS)[number];

const BOOLEAN_FIELDS = new Set<PolicyField>([
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
  'HardExpiry',
]);

/** A field's value with IAM's "absent" spellings made equal: false for flags, undefined for 0 or missing numbers. */
function normalized(policy: Partial<Record<PolicyField, unknown>>, field: PolicyField): unknown {
  const value = policy[field];
  if (BOOLEAN_FIELDS.has(field)) return value === true;
  return value === undefined || value === null || value === 0 ? undefined : Number(value);
}

/** The fields where the account's policy differs from the lab's, as "Field: actual (want expected)". */
export function passwordPolicyDifferences(expected: Partial<Record<PolicyField, unknown>>, actual: PasswordPolicy): string[] {
  return PASSWORD_POLICY_FIELDS.filter((f) => normalized(expected, f) !== normalized(actual, f)).map(
    (f) => `${f}: ${String(normalized(actual, f) ?? 'not set')} (want ${String(normalized(expected, f) ?? 'not set')})`,
  );
}

const ADMINISTRATOR_ACCESS = /^arn:aws[\w-]*:iam::aws:policy\/AdministratorAccess$/;

/**
 * LabIam: the IAM dashboard's security status (root keys gone, root MFA on), the
 * lab user in the admin group with no policy of its own, the group with
 * AdministratorAccess, the password policy, and the alias of the sign-in URL.
 */
export async function checkLabIam(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { iam } = ctx.clients;
  const { outputs, name: lab } = ctx.stack;

  const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
  list.expect(
    summary.AccountAccessKeysPresent === 0,
    'iam.root-keys',
    'root user has no access keys',
    undefined,
    'the root user has access keys: sign in as root, open Security credentials, and delete them (the notes\' first step)',
  );
  list.expect(
    summary.AccountMFAEnabled === 1,
    'iam.root-mfa',
    'root user has MFA',
    undefined,
    'the root user has no MFA device: sign in as root, Security credentials > Assign MFA device (an authenticator app is fine)',
  );

  const userName = outputs[OUTPUTS.userName];
  const groupName = outputs[OUTPUTS.groupName];
  if (!userName || !groupName) {
    list.fail('iam.outputs', `stack outputs ${OUTPUTS.userName} and ${OUTPUTS.groupName}`, `redeploy with npx cdk deploy ${lab}`);
    return list.results;
  }
  let userExists = true;
  try {
    await iam.send(new GetUserCommand({ UserName: userName }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'NoSuchEntityException')) throw error;
    userExists = false;
  }
  list.expect(userExists, 'iam.user', `user ${userName} exists`, undefined, `the user was deleted: npx cdk deploy ${lab} creates it again`);
  if (userExists) {
    await checkPasswordReset(list, ctx, userName);
    const groups: string[] = [];
    for await (const page of paginateListGroupsForUser({ client: iam }, { UserName: userName })) {
      groups.push(...(page.Groups ?? []).map((g) => g.GroupName!));
    }
    list.expect(
      groups.includes(groupName),
      'iam.user-group',
      `user ${userName} in group ${groupName}`,
      groups.join(', ') || 'no group',
      `add it: aws iam add-user-to-group --user-name ${userName} --group-name ${groupName}`,
    );
    const attached: string[] = [];
    for await (const page of paginateListAttachedUserPolicies({ client: iam }, { UserName: userName })) {
      attached.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn!));
    }
    const inline: string[] = [];
    for await (const page of paginateListUserPolicies({ client: iam }, { UserName: userName })) {
      inline.push(...(page.PolicyNames ?? []));
    }
    list.expect(
      attached.length === 0 && inline.length === 0,
      'iam.user-policies',
      `no policy attached to ${userName} directly`,
      [...attached, ...inline.map((n) => `inline ${n}`)].join(', ') || undefined,
      'permissions belong to the group (the notes\' "detach the Attached directly" step): ' +
        [
          ...attached.map((arn) => `aws iam detach-user-policy --user-name ${userName} --policy-arn ${arn}`),
          ...inline.map((n) => `aws iam delete-user-policy --user-name ${userName} --policy-name ${n}`),
        ].join(' ; '),
    );
  } else {
    list.skip('iam.password-reset', `${userName} must set a new password at first sign-in`, 'the user does not exist');
    list.skip('iam.user-group', `user ${userName} in group ${groupName}`, 'the user does not exist');
    list.skip('iam.user-policies', `no policy attached to ${userName} directly`, 'the user does not exist');
  }

  const groupPolicies: string[] = [];
  try {
    for await (const page of paginateListAttachedGroupPolicies({ client: iam }, { GroupName: groupName })) {
      groupPolicies.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn!));
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'NoSuchEntityException')) throw error;
  }
  list.expect(
    groupPolicies.some((arn) => ADMINISTRATOR_ACCESS.test(arn)),
    'iam.group-admin',
    `group ${groupName} has AdministratorAccess`,
    groupPolicies.map((arn) => arn.split('/').pop()).join(', ') || undefined,
    `attach it: aws iam attach-group-policy --group-name ${groupName} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`,
  );

  await checkPasswordPolicy(list, ctx);

  const alias = outputs[OUTPUTS.accountAlias];
  if (alias) {
    const aliases: string[] = [];
    for await (const page of paginateListAccountAliases({ client: iam }, {})) aliases.push(...(page.AccountAliases ?? []));
    list.expect(
      aliases.includes(alias),
      'iam.alias',
      `account alias ${alias}`,
      aliases.join(', ') || 'no alias',
      `the sign-in URL uses another alias: npx cdk deploy ${lab} sets ${alias} again`,
    );
  } else {
    list.skip('iam.alias', 'account alias', 'no alias set (accountAlias is opt-in)');
  }
  return list.results;
}

/** The console password the lab sets is only a first one: the user must choose their own (GetLoginProfile). */
async function checkPasswordReset(list: Checklist, ctx: LabCheckContext, userName: string): Promise<void> {
  const title = `${userName} must set a new password at first sign-in`;
  let profile: LoginProfile | undefined;
  try {
    profile = (await ctx.clients.iam.send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'NoSuchEntityException')) throw error;
  }
  if (!profile) {
    list.fail('iam.password-reset', title, `the user has no console password: npx cdk deploy ${ctx.stack.name} gives it one again`, 'no console password');
    return;
  }
  list.expect(
    profile.PasswordResetRequired === true,
    'iam.password-reset',
    title,
    profile.PasswordResetRequired ? 'PasswordResetRequired' : 'no reset required',
    `the initial password (in Secrets Manager) stays valid: aws iam update-login-profile --user-name ${userName} --password-reset-required`,
  );
}

async function checkPasswordPolicy(list: Checklist, ctx: LabCheckContext): Promise<void> {
  const title = "password policy as the lab's";
  const raw = ctx.stack.outputs[OUTPUTS.passwordPolicy];
  let expected: Partial<Record<PolicyField, unknown>>;
  try {
    expected = JSON.parse(raw ?? '') as Partial<Record<PolicyField, unknown>>;
  } catch {
    list.fail('iam.password-policy', title, `the stack has no readable ${OUTPUTS.passwordPolicy} output: redeploy with npx cdk deploy ${ctx.stack.name}`);
    return;
  }
  let actual: PasswordPolicy | undefined;
  try {
    actual = (await ctx.clients.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'NoSuchEntityException')) throw error;
  }
  if (!actual) {
    list.fail('iam.password-policy', title, `the account has no password policy: npx cdk deploy ${ctx.stack.name} sets it`);
    return;
  }
  const differences = passwordPolicyDifferences(expected, actual);
  list.expect(
    differences.length === 0,
    'iam.password-policy',
    title,
    `minimum length ${actual.MinimumPasswordLength}`,
    `the policy was changed: ${differences.join(', ')}; npx cdk deploy ${ctx.stack.name} sets it back`,
  );
}
