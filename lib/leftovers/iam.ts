/**
 * LabIam's user and group, left behind when their stack is gone (a failed delete,
 * or a stack deleted with FORCE_DELETE_STACK). IAM is global: checked once.
 * Groups carry no tags, so the group counts only when it holds the kit's user or
 * nobody at all; a group of the same name that you use yourself is left alone.
 */
import {
  GetGroupCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupsForUserCommand,
  type IAMClient,
  type User,
} from '@aws-sdk/client-iam';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../tags';
import type { Leftover } from './types';

/** Names LabIam gives its user and group (settings labUserName and adminGroupName). */
export interface IamNames {
  readonly userName: string;
  readonly groupName: string;
}

const isNoSuchEntity = (error: unknown) => (error as Error).name === 'NoSuchEntityException' || (error as Error).name === 'NoSuchEntity';

async function getOrUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

export async function findIamLeftovers(iam: IAMClient, names: IamNames): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const user: User | undefined = (await getOrUndefined(() => iam.send(new GetUserCommand({ UserName: names.userName }))))?.User;
  const kitUser = user && (user.Tags ?? []).some((t) => t.Key === PROJECT_TAG_KEY && t.Value === PROJECT_TAG_VALUE) ? user : undefined;

  if (kitUser) {
    const u = names.userName;
    const groups = (await iam.send(new ListGroupsForUserCommand({ UserName: u }))).Groups ?? [];
    const loginProfile = await getOrUndefined(() => iam.send(new GetLoginProfileCommand({ UserName: u })));
    const steps = [
      ...(loginProfile ? [`aws iam delete-login-profile --user-name ${u}`] : []),
      ...groups.map((g) => `aws iam remove-user-from-group --user-name ${u} --group-name ${g.GroupName}`),
      `aws iam delete-user --user-name ${u}`,
    ];
    found.push({
      kind: 'IAM user',
      id: u,
      region: 'global',
      since: kitUser.CreateDate?.toISOString(),
      usdPerHour: 0,
      detail: `tagged ${PROJECT_TAG_KEY}=${PROJECT_TAG_VALUE}${loginProfile ? ', can sign in to the console' : ''}`,
      removeCommand: steps.join(' && '),
      foundBy: 'orphan',
    });
  }

  const group = await getOrUndefined(() => iam.send(new GetGroupCommand({ GroupName: names.groupName })));
  if (group?.Group) {
    const members = group.Users ?? [];
    const holdsKitUser = !!kitUser && members.some((m) => m.UserName === kitUser.UserName);
    if (holdsKitUser || members.length === 0) {
      const g = names.groupName;
      const policies = (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: g }))).AttachedPolicies ?? [];
      found.push({
        kind: 'IAM group',
        id: g,
        region: 'global',
        since: group.Group.CreateDate?.toISOString(),
        usdPerHour: 0,
        detail: `${holdsKitUser ? `holds the kit's user ${kitUser.UserName}` : 'empty'}; policies: ${policies.map((p) => p.PolicyName).join(', ') || 'none'}. Keep it if you made it yourself`,
        removeCommand: [
          ...members.map((m) => `aws iam remove-user-from-group --user-name ${m.UserName} --group-name ${g}`),
          ...policies.map((p) => `aws iam detach-group-policy --group-name ${g} --policy-arn ${p.PolicyArn}`),
          `aws iam delete-group --group-name ${g}`,
        ].join(' && '),
        foundBy: 'orphan',
      });
    }
  }
  return found;
}
