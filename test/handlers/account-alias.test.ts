/**
 * The account alias handler over the real wire, against moto (IAM and SSM): it never
 * replaces or removes an alias it did not create, and the last lab to leave removes the one
 * it did create, whatever physical id CloudFormation sends.
 */
import { CreateAccountAliasCommand, DeleteAccountAliasCommand, type IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { AccountClients } from '../../lib/handlers/account-clients';
import { ACCOUNT_ALIAS_PHYSICAL_ID, ACCOUNT_ALIAS_RECORD, accountAliasHandler, onAccountAliasEvent } from '../../lib/handlers/account-alias';
import { describeWithMoto, resetMoto } from '../moto/moto';
import { createEvent, deleteEvent, lambdaContext, updateEvent, type EventSource } from './cfn-events';
import { captureConsole, motoClients, parameterValue, responseServer } from './servers';

const TYPE = 'Custom::AccountAlias';
const EU: EventSource = { region: 'eu-west-1' };

describeWithMoto('Custom::AccountAlias handler (moto)', () => {
  let clients: AccountClients;
  let iam: IAMClient;
  const aliases = async () => (await iam.send(new ListAccountAliasesCommand({}))).AccountAliases ?? [];
  const recordValue = () => parameterValue(clients.ssm, ACCOUNT_ALIAS_RECORD.record);
  const create = (alias: string, source: EventSource = {}) => onAccountAliasEvent({ clients }, createEvent(TYPE, { AccountAlias: alias }, source));
  const del = (physicalId: string = ACCOUNT_ALIAS_PHYSICAL_ID, source: EventSource = {}) =>
    onAccountAliasEvent({ clients }, deleteEvent(TYPE, physicalId, { AccountAlias: 'x' }, source));
  const update = (alias: string, old: string, source: EventSource = {}) =>
    onAccountAliasEvent({ clients }, updateEvent(TYPE, ACCOUNT_ALIAS_PHYSICAL_ID, { AccountAlias: alias }, { AccountAlias: old }, source));
  async function expectNothingLeft(expectedAliases: string[]) {
    expect(await aliases()).toEqual(expectedAliases);
    expect(await recordValue()).toBeUndefined();
    expect(await parameterValue(clients.ssm, ACCOUNT_ALIAS_RECORD.lock)).toBeUndefined();
  }

  beforeEach(async () => {
    await resetMoto();
    clients = motoClients();
    iam = clients.iam;
    captureConsole();
  });
  afterEach(() => jest.restoreAllMocks());

  it('no alias -> create -> delete: our alias is created, then removed, and the record with it', async () => {
    const created = await create('dva-lab-one');
    expect(created.physicalResourceId).toBe(ACCOUNT_ALIAS_PHYSICAL_ID);
    expect(await aliases()).toEqual(['dva-lab-one']);
    expect(JSON.parse((await recordValue())!)).toMatchObject({ before: null, created: ['dva-lab-one'] });
    await del(created.physicalResourceId);
    await expectNothingLeft([]);
  });

  it('a different alias already there: clear error, nothing changed, no record; the rollback Delete keeps it', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    await expect(create('dva-lab-one')).rejects.toThrow(
      'This account already has the alias "learners-own"; the lab will not replace it with "dva-lab-one". ' +
        'Deploy with -c accountAlias=learners-own to use it, or leave accountAlias empty. Nothing was changed.',
    );
    expect(await recordValue()).toBeUndefined();
    await del();
    await expectNothingLeft(['learners-own']);
  });

  it('the same alias already there is used, and never deleted', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    await create('learners-own');
    expect(JSON.parse((await recordValue())!)).toMatchObject({ before: 'learners-own', created: [] });
    await del();
    await expectNothingLeft(['learners-own']);
  });

  it('an alias set by hand while the lab is deployed is left in place', async () => {
    await create('dva-lab-one');
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'dva-lab-one' }));
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'changed-by-hand' }));
    await del();
    await expectNothingLeft(['changed-by-hand']);
  });

  it('an update replaces our own alias under the same physical id; destroy then removes the new one', async () => {
    await create('dva-lab-one');
    const updated = await update('dva-lab-two', 'dva-lab-one');
    expect(updated.physicalResourceId).toBe(ACCOUNT_ALIAS_PHYSICAL_ID);
    expect(await aliases()).toEqual(['dva-lab-two']);
    await del();
    await expectNothingLeft([]);
  });

  it('an update never replaces the learner\'s alias', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    await create('learners-own');
    await expect(update('dva-lab-two', 'learners-own')).rejects.toThrow('already has the alias "learners-own"');
    expect(await aliases()).toEqual(['learners-own']);
    await del();
    await expectNothingLeft(['learners-own']);
  });

  it('two labs in two regions with the same alias: it stays until the last one leaves', async () => {
    await create('dva-lab-one');
    await create('dva-lab-one', EU);
    await del();
    expect(await aliases()).toEqual(['dva-lab-one']);
    await del(ACCOUNT_ALIAS_PHYSICAL_ID, EU);
    await expectNothingLeft([]);
  });

  it('a second region asking for another alias is refused, naming the lab that uses it', async () => {
    await create('dva-lab-one');
    await expect(create('dva-lab-two', EU)).rejects.toThrow(
      /The alias "dva-lab-one" is in use by another lab \(arn:aws:cloudformation:us-east-1:123456789012:stack\/LabIam\/.*\).*Nothing was changed\./,
    );
    expect(await aliases()).toEqual(['dva-lab-one']);
    await del(ACCOUNT_ALIAS_PHYSICAL_ID, EU); // its rollback
    expect(await aliases()).toEqual(['dva-lab-one']);
    await del();
    await expectNothingLeft([]);
  });

  it('Create applied, the answer lost, then the rollback Delete with an id CloudFormation made up: the alias is removed', async () => {
    const cfn = await responseServer([500, 500]);
    try {
      const handler = accountAliasHandler(() => clients, { send: { attempts: 2, firstDelayMs: 20 } });
      await expect(handler(createEvent(TYPE, { AccountAlias: 'dva-lab-one' }, { responseUrl: cfn.url }), lambdaContext(60_000))).rejects.toThrow();
      expect(await aliases()).toEqual(['dva-lab-one']);
      await handler(deleteEvent(TYPE, 'LabIam-AccountAlias-9Z8Y7X', {}, { responseUrl: cfn.url }), lambdaContext(60_000));
      expect(cfn.received[2].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'LabIam-AccountAlias-9Z8Y7X' });
      await expectNothingLeft([]);
    } finally {
      await cfn.close();
    }
  });

  it('the learner\'s alias, the answer lost, the rollback Delete: the learner\'s alias stays', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'learners-own' }));
    await create('learners-own');
    await del('LabIam-AccountAlias-9Z8Y7X');
    await expectNothingLeft(['learners-own']);
  });

  it('a Delete with an unparseable physical id answers SUCCESS and still removes the alias the lab created', async () => {
    const cfn = await responseServer();
    try {
      await create('dva-lab-one');
      await accountAliasHandler(() => clients)(deleteEvent(TYPE, 'AccountAlias;created;', {}, { responseUrl: cfn.url }), lambdaContext(60_000));
      expect(cfn.received[0].body).toMatchObject({ Status: 'SUCCESS' });
      await expectNothingLeft([]);
    } finally {
      await cfn.close();
    }
  });

  it('an unreadable record: Delete answers SUCCESS, leaves the alias, removes the record', async () => {
    await create('dva-lab-one');
    await clients.ssm.send(new PutParameterCommand({ Name: ACCOUNT_ALIAS_RECORD.record, Type: 'String', Overwrite: true, Value: '{"before":"A B"}' }));
    await del();
    await expectNothingLeft(['dva-lab-one']);
  });

  it('a stack of the earlier kit that created its alias: its Delete removes it, even with a new lab elsewhere meanwhile', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'dva-lab-one' })); // the old stack's
    await del('AccountAlias;created;dva-lab-one');
    await expectNothingLeft([]);

    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'dva-lab-one' }));
    await create('dva-lab-one', EU); // takes it for the learner's
    await del('AccountAlias;created;dva-lab-one');
    expect(await aliases()).toEqual(['dva-lab-one']);
    await del(ACCOUNT_ALIAS_PHYSICAL_ID, EU);
    await expectNothingLeft([]);
  });
});
