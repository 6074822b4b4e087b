/**
 * Custom::AccountAlias — the account alias of the sign-in URL, an account-wide singleton
 * (one alias per account) that may exist before the lab.
 *
 * Like the password policy, what was there before is kept in the account-wide record
 * (account-setting-record.ts), with the aliases the kit created and the holders:
 * - an alias that was there before (the learner's) is never replaced and never removed:
 *   the same alias is used as it is, a different one stops the deploy with a message;
 * - an alias another holder (LabIam in another region) uses is never replaced under it;
 * - the last holder to leave removes the alias only if the kit created it and it is still
 *   the account's alias (one set by hand meanwhile stays), then removes the record.
 *
 * AWS actions called: iam:ListAccountAliases, iam:CreateAccountAlias, iam:DeleteAccountAlias;
 * ssm:GetParameter, ssm:PutParameter, ssm:DeleteParameter, ssm:AddTagsToResource on the
 * record and its lock.
 */
import {
  CreateAccountAliasCommand,
  DeleteAccountAliasCommand,
  ListAccountAliasesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { lambdaClients, type AccountClients, type HandlerScope } from './account-clients';
import { AccountSettingRecord, LOCK_TTL_MS, holderOf, objectOf, recordParameters, withoutHolder } from './account-setting-record';
import {
  lambdaHandler,
  stringProperty,
  type CustomResourceEvent,
  type CustomResourceResult,
  type HandlerOptions,
} from './cfn-response';

export const ACCOUNT_ALIAS_RECORD = recordParameters('account-alias');
export const ACCOUNT_ALIAS_PHYSICAL_ID = `AccountAlias;record=${ACCOUNT_ALIAS_RECORD.record}`;

/** The account-wide record of the alias. */
export interface AccountAliasRecord {
  /** The alias before the first holder (the learner's own), or null. */
  readonly before: string | null;
  /** Aliases the kit itself created: the only ones it may remove or replace. */
  readonly created: readonly string[];
  /** Holder (stack ARN # logical id) to the alias it wants. */
  readonly holders: Readonly<Record<string, string>>;
}

const ALIAS = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

export function parseAccountAliasRecord(value: unknown): AccountAliasRecord {
  const record = objectOf(value, 'the record');
  const alias = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || !ALIAS.test(v)) throw new Error(`${what} is not an account alias: ${JSON.stringify(v)}`);
    return v;
  };
  if (!Array.isArray(record.created)) throw new Error('created is not a list');
  return {
    before: record.before === null ? null : alias(record.before, 'before'),
    created: record.created.map((a, i) => alias(a, `created[${i}]`)),
    holders: Object.fromEntries(Object.entries(objectOf(record.holders, 'holders')).map(([h, a]) => [h, alias(a, h)])),
  };
}

/**
 * What a stack deployed by an earlier version of the kit says in its physical id:
 * `AccountAlias;created;<alias>` (the kit created it) or `AccountAlias;adopted;<alias>`
 * (the learner's). Undefined for any other id; never throws.
 */
export function parseLegacyPhysicalId(physicalId: string | undefined): { ownership: 'created' | 'adopted'; alias: string } | undefined {
  const match = /^AccountAlias;(created|adopted);([a-z0-9-]+)$/.exec(physicalId ?? '');
  return match ? { ownership: match[1] as 'created' | 'adopted', alias: match[2] } : undefined;
}

/** The account's alias, or undefined (an account has at most one). */
export async function currentAlias(iam: IAMClient, signal?: AbortSignal): Promise<string | undefined> {
  const { AccountAliases } = await iam.send(new ListAccountAliasesCommand({}), { abortSignal: signal });
  return AccountAliases?.[0];
}

/** A record for a first holder: what is there now, or what an earlier kit's physical id says. */
function newRecord(current: string | undefined, physicalId: string | undefined): AccountAliasRecord {
  const legacy = parseLegacyPhysicalId(physicalId);
  if (legacy?.ownership === 'created') return { before: null, created: [legacy.alias], holders: {} };
  return { before: current ?? null, created: [], holders: {} };
}

/** An earlier kit's stack that created its alias before the record existed: the record took it for the learner's. */
function withLegacy(record: AccountAliasRecord, holder: string, physicalId: string | undefined): AccountAliasRecord {
  const legacy = parseLegacyPhysicalId(physicalId);
  if (legacy?.ownership !== 'created' || holder in record.holders || record.before !== legacy.alias) return record;
  return { ...record, before: null, created: [...record.created, legacy.alias] };
}

/** Create and Update: make `desired` the alias, if that replaces nothing the kit does not own. */
async function holdAlias(scope: HandlerScope, store: AccountSettingRecord<AccountAliasRecord>, event: CustomResourceEvent, desired: string) {
  const { iam } = scope.clients;
  const holder = holderOf(event);
  const read = await store.read();
  if (read.kind === 'unreadable') {
    throw new Error(
      `The record ${store.parameters.record} cannot be read (${read.problem}), so the lab cannot know whose alias is in place ` +
        `and changes nothing. Delete the record (aws ssm delete-parameter --name ${store.parameters.record} --region <its region>) and deploy again.`,
    );
  }
  const current = await currentAlias(iam, scope.signal);
  const record = read.kind === 'present' ? withLegacy(read.record, holder, event.PhysicalResourceId) : newRecord(current, event.PhysicalResourceId);
  const mine = record.holders[holder];
  const others = withoutHolder(record.holders, holder);

  if (current !== undefined && current !== desired) {
    const otherHolder = Object.entries(others).find(([, alias]) => alias === current)?.[0];
    if (otherHolder) {
      throw new Error(
        `The alias "${current}" is in use by another lab (${otherHolder.replace(/#.*/, '')}); the lab will not replace it with "${desired}". ` +
          `Deploy with -c accountAlias=${current}, or destroy that lab first. Nothing was changed.`,
      );
    }
    if (current !== mine || !record.created.includes(current)) {
      throw new Error(
        `This account already has the alias "${current}"; the lab will not replace it with "${desired}". ` +
          `Deploy with -c accountAlias=${current} to use it, or leave accountAlias empty. Nothing was changed.`,
      );
    }
  }
  const creates = current !== desired;
  // Recorded before the change: if the answer is lost after it, the Delete that follows still finds this holder and the alias.
  await store.write({
    before: record.before,
    created: creates && !record.created.includes(desired) ? [...record.created, desired] : record.created,
    holders: { ...others, [holder]: desired },
  });
  if (!creates) return;
  if (current !== undefined) {
    // The kit's own previous alias, held by no one else: replace it, and put it back if the new one is refused.
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: current }), { abortSignal: scope.signal });
    try {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: desired }), { abortSignal: scope.signal });
    } catch (error) {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: current }), { abortSignal: scope.signal });
      throw explainCreateError(error, desired);
    }
  } else {
    try {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: desired }), { abortSignal: scope.signal });
    } catch (error) {
      throw explainCreateError(error, desired);
    }
  }
}

/** Removes the alias in place if the kit created it and no learner's alias was there before. */
async function removeIfCreated(iam: IAMClient, record: Pick<AccountAliasRecord, 'before' | 'created'>, signal?: AbortSignal) {
  const current = await currentAlias(iam, signal);
  if (current === undefined) return;
  if (record.before === null && record.created.includes(current)) {
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: current }), { abortSignal: signal });
  } else if (current !== record.before) {
    console.log(`The alias "${current}" was not created by the kit (set by hand meanwhile?): left in place.`);
  }
}

/** Delete: leave the holders; the last one removes the alias the kit created, then the record. */
async function leaveAlias(scope: HandlerScope, store: AccountSettingRecord<AccountAliasRecord>, event: CustomResourceEvent) {
  const { iam } = scope.clients;
  const holder = holderOf(event);
  const legacy = parseLegacyPhysicalId(event.PhysicalResourceId);
  const legacyRecord = { before: null, created: legacy?.ownership === 'created' ? [legacy.alias] : [] };
  const read = await store.read();
  if (read.kind === 'unreadable') {
    console.error(`The record ${store.parameters.record} cannot be read (${read.problem}): the alias is left as it is; the record is removed.`);
    await store.remove();
    if (legacy) await removeIfCreated(iam, legacyRecord, scope.signal);
    return;
  }
  if (read.kind === 'absent') {
    if (legacy) await removeIfCreated(iam, legacyRecord, scope.signal);
    else console.log('No record: this resource never changed the alias (a Create that failed first), or has already left.');
    return;
  }
  const record = withLegacy(read.record, holder, event.PhysicalResourceId);
  if (!(holder in record.holders)) {
    console.log('Not a holder of the record: this resource never changed the alias, or has already left.');
    if (record !== read.record) await store.write(record);
    return;
  }
  const others = withoutHolder(record.holders, holder);
  if (Object.keys(others).length > 0) {
    // Another lab still uses the alias: it stays.
    await store.write({ ...record, holders: others });
    return;
  }
  await removeIfCreated(iam, record, scope.signal);
  await store.remove();
}

/** The whole lifecycle, as CloudFormation drives it. */
export async function onAccountAliasEvent(scope: HandlerScope, event: CustomResourceEvent): Promise<CustomResourceResult> {
  const desired = event.RequestType === 'Delete' ? undefined : stringProperty(event.ResourceProperties, 'AccountAlias');
  const store = new AccountSettingRecord(scope.clients.ssm, ACCOUNT_ALIAS_RECORD, parseAccountAliasRecord, scope.signal, scope.lockRetryMs);
  await store.withLock(event.RequestId, LOCK_TTL_MS, () =>
    desired ? holdAlias(scope, store, event, desired) : leaveAlias(scope, store, event),
  );
  // Never a new id on Update: CloudFormation would then send a Delete for the old one, and the holder would leave.
  return { physicalResourceId: event.PhysicalResourceId ?? ACCOUNT_ALIAS_PHYSICAL_ID };
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

/** The Lambda handler, with the clients it uses (tests pass clients for moto). */
export function accountAliasHandler(clients: () => AccountClients, options: Partial<HandlerOptions> = {}) {
  return lambdaHandler((event, signal) => onAccountAliasEvent({ clients: clients(), signal }, event), {
    failedPhysicalId: (event) => event.PhysicalResourceId ?? ACCOUNT_ALIAS_PHYSICAL_ID,
    ...options,
  });
}

/** Lambda entry point. */
export const handler = accountAliasHandler(lambdaClients);
