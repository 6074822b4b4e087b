/**
 * Custom::AccountAlias — the account alias of the sign-in URL, an account-wide singleton
 * (one alias per account) that may exist before the lab.
 *
 * The physical resource id says whether this resource owns the alias:
 *   AccountAlias;created;<alias>   the account had no alias (or our previous one): we created it
 *   AccountAlias;adopted;<alias>   the account already had exactly this alias: we use it, never delete it
 *   AccountAlias;unchanged         a failed Create: nothing was changed
 * A different alias already in place is never replaced: the request fails with a message
 * that names both aliases, and CloudFormation rolls back cleanly.
 * Delete removes the alias only if we created it and it is still the one in place.
 *
 * IAM actions called: iam:ListAccountAliases, iam:CreateAccountAlias, iam:DeleteAccountAlias.
 */
import {
  CreateAccountAliasCommand,
  DeleteAccountAliasCommand,
  IAMClient,
  ListAccountAliasesCommand,
} from '@aws-sdk/client-iam';
import {
  lambdaHandler,
  stringProperty,
  type CustomResourceEvent,
  type CustomResourceResult,
} from './cfn-response';

const PREFIX = 'AccountAlias';
export const UNCHANGED_PHYSICAL_ID = `${PREFIX};unchanged`;

/** Who owns the alias a physical id names. */
export interface AliasRecord {
  readonly ownership: 'created' | 'adopted';
  readonly alias: string;
}

export function aliasPhysicalId(record: AliasRecord): string {
  return `${PREFIX};${record.ownership};${record.alias}`;
}

export function parseAliasPhysicalId(physicalId: string | undefined): AliasRecord | undefined {
  const match = /^AccountAlias;(created|adopted);([a-z0-9-]+)$/.exec(physicalId ?? '');
  return match ? { ownership: match[1] as AliasRecord['ownership'], alias: match[2] } : undefined;
}

/** The account's alias, or undefined (an account has at most one). */
export async function currentAlias(iam: IAMClient): Promise<string | undefined> {
  const { AccountAliases } = await iam.send(new ListAccountAliasesCommand({}));
  return AccountAliases?.[0];
}

/**
 * Create and Update: make `desired` the account alias.
 * @param owned the alias this resource created earlier (Update), which it may replace
 */
export async function applyAlias(iam: IAMClient, desired: string, owned?: string): Promise<CustomResourceResult> {
  const current = await currentAlias(iam);
  if (current === desired) {
    // Ours from an earlier deploy, or the learner's own: adopted, so that destroy keeps it.
    const ownership = owned === desired ? 'created' : 'adopted';
    return { physicalResourceId: aliasPhysicalId({ ownership, alias: desired }) };
  }
  if (current !== undefined && current !== owned) {
    throw new Error(
      `This account already has the alias "${current}"; the lab will not replace it with "${desired}". ` +
        `Deploy with -c accountAlias=${current} to use it, or leave accountAlias empty. Nothing was changed.`,
    );
  }
  if (current !== undefined) {
    // Our own previous alias: replace it, and put it back if the new one is refused.
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: current }));
    try {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: desired }));
    } catch (error) {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: current }));
      throw explainCreateError(error, desired);
    }
  } else {
    try {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: desired }));
    } catch (error) {
      throw explainCreateError(error, desired);
    }
  }
  return { physicalResourceId: aliasPhysicalId({ ownership: 'created', alias: desired }) };
}

/** Delete: remove the alias only if we created it and it is still in place. */
export async function deleteAlias(iam: IAMClient, physicalId: string | undefined): Promise<CustomResourceResult> {
  const record = parseAliasPhysicalId(physicalId);
  const id = physicalId ?? UNCHANGED_PHYSICAL_ID;
  if (record?.ownership !== 'created') return { physicalResourceId: id };
  if ((await currentAlias(iam)) === record.alias) {
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: record.alias }));
  }
  return { physicalResourceId: id };
}

/** The whole lifecycle, as CloudFormation drives it. */
export async function onAccountAliasEvent(iam: IAMClient, event: CustomResourceEvent): Promise<CustomResourceResult> {
  switch (event.RequestType) {
    case 'Create':
      return applyAlias(iam, stringProperty(event.ResourceProperties, 'AccountAlias'));
    case 'Update': {
      const previous = parseAliasPhysicalId(event.PhysicalResourceId);
      const owned = previous?.ownership === 'created' ? previous.alias : undefined;
      // A new physical id makes CloudFormation send a Delete for the old one; deleteAlias
      // then finds the old alias gone and does nothing.
      return applyAlias(iam, stringProperty(event.ResourceProperties, 'AccountAlias'), owned);
    }
    case 'Delete':
      return deleteAlias(iam, event.PhysicalResourceId);
  }
}

/** Aliases are unique across AWS: say so when someone else has taken it. */
function explainCreateError(error: unknown, desired: string): Error {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'EntityAlreadyExistsException') {
    return new Error(`The alias "${desired}" is taken (aliases are unique across all AWS accounts): choose another with -c accountAlias=...`);
  }
  return new Error(`Could not create the account alias "${desired}": ${message}`);
}

/** Lambda entry point. */
export const handler = lambdaHandler(
  (event) => onAccountAliasEvent(new IAMClient({}), event),
  (event) => (event.RequestType === 'Create' ? UNCHANGED_PHYSICAL_ID : (event.PhysicalResourceId ?? UNCHANGED_PHYSICAL_ID)),
);
