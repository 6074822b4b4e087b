import type { IamSettings } from '../../settings';

/** The ids of LabIam's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  signInUrl: 'SignInUrl',
  userName: 'UserName',
  groupName: 'GroupName',
  passwordSecretArn: 'PasswordSecretArn',
  initialPasswordCommand: 'InitialPasswordCommand',
  passwordPolicy: 'PasswordPolicy',
  /** Only when `accountAlias` is set. (Not `AccountAlias`: that is the id of the alias's custom resource.) */
  accountAlias: 'Alias',
} as const;

/** The outputs the stack writes with these settings. */
export function outputIds(settings: IamSettings): string[] {
  return Object.values(OUTPUTS).filter((id) => id !== OUTPUTS.accountAlias || settings.accountAlias !== undefined);
}
