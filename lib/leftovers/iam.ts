/**
 * What LabIam leaves when its stack is gone (a failed delete, or FORCE_DELETE_STACK), found
 * by what it really is, whatever names `-c labUserName=... adminGroupName=...` gave it:
 * - IAM users tagged Project=aws-dva-labs (IAM users carry the stack's tags);
 * - their groups (IAM groups carry no tags: a group counts as the kit's when the kit's
 *   user is in it; an empty group of any name is left alone, it may be yours);
 * - the account-setting records `/dva-labs/account-settings/*` (SSM, us-east-1), which only
 *   stay when a LabIam delete failed: they hold the password policy and alias to restore.
 * IAM is global: scanned once.
 */
import {
  GetLoginProfileCommand,
  ListAttachedGroupPoliciesCommand,
  ListUserTagsCommand,
  paginateListGroupsForUser,
  paginateListUsers,
  type Group,
  type IAMClient,
  type User,
} from '@aws-sdk/client-iam';
import { paginateDescribeParameters, type SSMClient } from '@aws-sdk/client-ssm';
import { RECORD_PARAMETER_ROOT } from '../handlers/account-setting-names';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import { removeCommand } from './kinds';
import type { Leftover } from './types';

const isNoSuchEntity = (error: unknown) => ['NoSuchEntityException', 'NoSuchEntity'].includes((error as Error)?.name);

async function orUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/** Users tagged by the kit (ListUsers carries no tags: each user's tags are read). */
async function kitUsers(iam: IAMClient): Promise<User[]> {
  const users: User[] = [];
  for await (const page of paginateListUsers({ client: iam }, {})) {
    for (const user of page.Users ?? []) {
      // A user deleted between the two calls is no leftover.
      const tags = (await orUndefined(() => iam.send(new ListUserTagsCommand({ UserName: user.UserName }))))?.Tags;
      if ((tags ?? []).some((t) => t.Key === PROJECT_TAG_KEY && t.Value === PROJECT_TAG_VALUE)) users.push(user);
    }
  }
  return users;
}

export async function findIamLeftovers(iam: IAMClient): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const groups = new Map<string, { group: Group; members: string[] }>();
  for (const user of await kitUsers(iam)) {
    const u = user.UserName!;
    const userGroups: Group[] = [];
    for await (const page of paginateListGroupsForUser({ client: iam }, { UserName: u })) userGroups.push(...(page.Groups ?? []));
    const loginProfile = await orUndefined(() => iam.send(new GetLoginProfileCommand({ UserName: u })));
    for (const group of userGroups) {
      const entry = groups.get(group.GroupName!) ?? { group, members: [] };
      entry.members.push(u);
      groups.set(group.GroupName!, entry);
    }
    found.push({
      kind: 'IAM user',
      id: u,
      region: 'global',
      since: user.CreateDate?.toISOString(),
      usdPerHour: 0,
      detail: `tagged ${PROJECT_TAG_KEY}=${PROJECT_TAG_VALUE}${loginProfile ? ', can sign in to the console' : ''}`,
      removeCommand: [
        ...(loginProfile ? [`aws iam delete-login-profile --user-name ${u}`] : []),
        ...userGroups.map((g) => `aws iam remove-user-from-group --user-name ${u} --group-name ${g.GroupName}`),
        removeCommand('iam:user', u, 'global'),
      ].join(' && '),
      foundBy: 'orphan',
    });
  }
  for (const [g, { group, members }] of groups) {
    const policies = (await orUndefined(() => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: g }))))?.AttachedPolicies ?? [];
    found.push({
      kind: 'IAM group',
      id: g,
      region: 'global',
      since: group.CreateDate?.toISOString(),
      usdPerHour: 0,
      detail: `holds the kit's user ${members.join(', ')}; policies: ${policies.map((p) => p.PolicyName).join(', ') || 'none'}. Keep it if you made it yourself`,
      removeCommand: [
        ...policies.map((p) => `aws iam detach-group-policy --group-name ${g} --policy-arn ${p.PolicyArn}`),
        removeCommand('iam:group', g, 'global'),
      ].join(' && '),
      foundBy: 'orphan',
    });
  }
  return found;
}

/** The account-setting records and locks left by a LabIam delete that failed. */
export async function findAccountSettingRecords(ssm: SSMClient, recordRegion: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const pages = paginateDescribeParameters({ client: ssm }, { ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [`${RECORD_PARAMETER_ROOT}/`] }] });
  for await (const page of pages) {
    for (const parameter of page.Parameters ?? []) {
      found.push({
        kind: 'SSM parameter',
        id: parameter.Name!,
        region: recordRegion,
        since: parameter.LastModifiedDate?.toISOString(),
        usdPerHour: 0,
        detail:
          'account-setting record of LabIam (the password policy or alias to restore): it stays only when a LabIam delete failed. ' +
          'Deploy and destroy LabIam again to restore your setting, or delete it if the setting is as you want it',
        removeCommand: removeCommand('ssm:parameter', parameter.Name!, recordRegion),
        foundBy: 'orphan',
      });
    }
  }
  return found;
}
