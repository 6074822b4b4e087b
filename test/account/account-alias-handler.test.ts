/**
 * The account alias handler over the real wire, against moto: it never replaces or
 * deletes an alias it did not create.
 */
import { CreateAccountAliasCommand, IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { UNCHANGED_PHYSICAL_ID, onAccountAliasEvent, parseAliasPhysicalId } from '../../lib/handlers/account-alias';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';
import { createEvent, deleteEvent, updateEvent } from './cfn-events';

const TYPE = 'Custom::AccountAlias';

describeWithMoto('Custom::AccountAlias handler (moto)', () => {
  let iam: IAMClient;
  const aliases = async () => (await iam.send(new ListAccountAliasesCommand({}))).AccountAliases ?? [];

  beforeEach(async () => {
    await resetMoto();
    iam = new IAMClient(motoClientConfig());
  });

  it('no alias -> create -> delete: our alias is created, then removed', async () => {
    const created = await onAccountAliasEvent(iam, createEvent(TYPE, { AccountAlias: 'dva-lab-one' }));
    expect(parseAliasPhysicalId(created.physicalResourceId)).toEqual({ ownership: 'created', alias: 'dva-lab-one' });
    expect(await aliases()).toEqual(['dva-lab-one']);

    await onAccountAliasEvent(iam, deleteEvent(TYPE, created.physicalResourceId, { AccountAlias: 'dva-lab-one' }));
    expect(await aliases()).toEqual([]);
  });

  it('a different alias already there: clear error, nothing changed', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    await expect(onAccountAliasEvent(iam, createEvent(TYPE, { AccountAlias: 'dva-lab-one' }))).rejects.toThrow(
      'This account already has the alias "learners-own"; the lab will not replace it with "dva-lab-one". ' +
        'Deploy with -c accountAlias=learners-own to use it, or leave accountAlias empty. Nothing was changed.',
    );
    expect(await aliases()).toEqual(['learners-own']);

    // CloudFormation's rollback then deletes the failed resource: the foreign alias stays.
    await onAccountAliasEvent(iam, deleteEvent(TYPE, UNCHANGED_PHYSICAL_ID, { AccountAlias: 'dva-lab-one' }));
    expect(await aliases()).toEqual(['learners-own']);
  });

  it('the same alias already there is adopted, and never deleted', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    const created = await onAccountAliasEvent(iam, createEvent(TYPE, { AccountAlias: 'learners-own' }));
    expect(parseAliasPhysicalId(created.physicalResourceId)).toEqual({ ownership: 'adopted', alias: 'learners-own' });

    await onAccountAliasEvent(iam, deleteEvent(TYPE, created.physicalResourceId, { AccountAlias: 'learners-own' }));
    expect(await aliases()).toEqual(['learners-own']);
  });

  it('delete leaves a foreign alias put in place after ours', async () => {
    const created = await onAccountAliasEvent(iam, createEvent(TYPE, { AccountAlias: 'dva-lab-one' }));
    // Someone changed the alias by hand in the console meanwhile.
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'changed-by-hand' }));
    const now = await aliases();
    await onAccountAliasEvent(iam, deleteEvent(TYPE, created.physicalResourceId, { AccountAlias: 'dva-lab-one' }));
    expect(await aliases()).toEqual(now);
    expect(now).toContain('changed-by-hand');
  });

  it('an update replaces our own alias; the delete CloudFormation then sends for the old id is a no-op', async () => {
    const created = await onAccountAliasEvent(iam, createEvent(TYPE, { AccountAlias: 'dva-lab-one' }));
    const updated = await onAccountAliasEvent(
      iam,
      updateEvent(TYPE, created.physicalResourceId, { AccountAlias: 'dva-lab-two' }, { AccountAlias: 'dva-lab-one' }),
    );
    expect(parseAliasPhysicalId(updated.physicalResourceId)).toEqual({ ownership: 'created', alias: 'dva-lab-two' });
    expect(await aliases()).toEqual(['dva-lab-two']);

    await onAccountAliasEvent(iam, deleteEvent(TYPE, created.physicalResourceId, { AccountAlias: 'dva-lab-one' }));
    expect(await aliases()).toEqual(['dva-lab-two']);

    await onAccountAliasEvent(iam, deleteEvent(TYPE, updated.physicalResourceId, { AccountAlias: 'dva-lab-two' }));
    expect(await aliases()).toEqual([]);
  });

  it('an update never replaces an adopted alias', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    const adopted = await onAccountAliasEvent(iam, createEvent(TYPE, { AccountAlias: 'learners-own' }));
    await expect(
      onAccountAliasEvent(iam, updateEvent(TYPE, adopted.physicalResourceId, { AccountAlias: 'dva-lab-two' }, { AccountAlias: 'learners-own' })),
    ).rejects.toThrow('already has the alias "learners-own"');
    expect(await aliases()).toEqual(['learners-own']);
  });
});
