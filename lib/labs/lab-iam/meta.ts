import type { LabMeta } from '../../lab-module';

export const meta = {
  id: 'LabIam',
  title: 'admin group, IAM user, password policy, account alias',
  notesSections: ['IAM Introduction', 'IAM Hands-On'],
  summary: 'IAM dashboard all green: root keys, root MFA, user, admin group, password policy, alias',
  billsByTheHour: false,
  autoDestroyByDefault: false,
  checks: [
    { id: 'iam.root-keys', title: 'root user has no access keys' },
    { id: 'iam.root-mfa', title: 'root user has MFA' },
    { id: 'iam.user', title: 'user <labUserName> exists' },
    { id: 'iam.password-reset', title: '<labUserName> must set a new password at first sign-in' },
    { id: 'iam.user-group', title: 'user <labUserName> in group <adminGroupName>' },
    { id: 'iam.user-policies', title: 'no policy attached to <labUserName> directly' },
    { id: 'iam.group-admin', title: 'group <adminGroupName> has AdministratorAccess' },
    { id: 'iam.password-policy', title: "password policy as the lab's" },
    { id: 'iam.alias', title: 'account alias <accountAlias>' },
  ],
} as const satisfies LabMeta;
