/**
 * What holds for every lab of the app (built once, with every option set so that
 * every resource exists, and keys in PuTTY's format):
 * - disposable: `cdk destroy` removes all of it, helper Lambdas' log groups included;
 * - tagged: every taggable resource carries the project and its lab, so the kit's
 *   resources can be found in an account (npm run leftovers relies on it).
 */
import { CfnResource, TagManager } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildLabApp } from './helpers/lab-app';
import type { LabId } from '../lib/lab-app';
import { SETTINGS } from '../lib/settings';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../lib/tags';

const { app, stacks } = buildLabApp({ context: { accountAlias: 'my-dva-lab', requireMfa: 'true', budgetEmail: 'you@example.com', keyFormat: 'ppk' } });
app.synth(); // tags are applied by an aspect during synthesis

describe.each(Object.entries(stacks))('%s is disposable', (_id, stack) => {
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: Record<string, unknown> }>;

  it('retains nothing on delete', () => {
    const retained = Object.entries(resources)
      .filter(([, r]) => ['Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(r.DeletionPolicy ?? '') || r.UpdateReplacePolicy === 'Retain')
      .map(([id]) => id);
    expect(retained).toEqual([]);
  });

  it("gives every Lambda function a log group of its own that is deleted with the stack", () => {
    for (const [id, fn] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      const logGroupRef = JSON.stringify((fn.Properties?.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup);
      const logGroupId = Object.keys(resources).find(
        (k) => resources[k].Type === 'AWS::Logs::LogGroup' && logGroupRef?.includes(`"${k}"`),
      );
      expect({ id, logGroupId: logGroupId ?? 'none' }).toEqual({ id, logGroupId: expect.stringMatching(/./) });
      expect(logGroupId && resources[logGroupId].DeletionPolicy).toBe('Delete');
      expect(logGroupId && resources[logGroupId].Properties?.RetentionInDays).toBe(7);
    }
    // CDK's log-retention helper would be one more Lambda, with a log group of its own.
    expect(Object.values(resources).filter((r) => r.Type === 'Custom::LogRetention')).toEqual([]);
  });
});

describe.each(Object.entries(stacks))('%s', (labId, stack) => {
  it(`tags every taggable resource ${PROJECT_TAG_KEY}=${PROJECT_TAG_VALUE} and ${LAB_TAG_KEY}=${labId}`, () => {
    const taggable = stack.node
      .findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && (TagManager.isTaggable(c) || TagManager.isTaggableV2(c)));
    expect(taggable.length).toBeGreaterThan(0);
    for (const resource of taggable) {
      const tags = TagManager.of(resource)?.tagValues() ?? {};
      expect({ path: resource.node.path, project: tags[PROJECT_TAG_KEY], lab: tags[LAB_TAG_KEY] }).toEqual({
        path: resource.node.path,
        project: PROJECT_TAG_VALUE,
        lab: labId,
      });
    }
  });
});

describe('the keyFormat setting (ppk here)', () => {
  const usedBy = SETTINGS.keyFormat.usedBy as readonly LabId[];

  it.each([...usedBy])("%s, which the settings table says uses it, makes every key pair in it", (lab) => {
    const keyPairs = Object.values(Template.fromStack(stacks[lab]).findResources('AWS::EC2::KeyPair'));
    expect(keyPairs.length).toBeGreaterThan(0);
    for (const keyPair of keyPairs) expect(keyPair.Properties).toMatchObject({ KeyFormat: 'ppk', KeyType: 'ed25519' });
  });

  it('is used by every lab with a key pair', () => {
    const withKeyPairs = (Object.keys(stacks) as LabId[]).filter((lab) => Object.keys(Template.fromStack(stacks[lab]).findResources('AWS::EC2::KeyPair')).length);
    expect([...usedBy].sort()).toEqual(withKeyPairs.sort());
  });
});

describe('LabBudget', () => {
  it('tags the budget (through its ResourceTags property)', () => {
    const budgets = Object.values(Template.fromStack(stacks.LabBudget).findResources('AWS::Budgets::Budget'));
    expect(budgets).toHaveLength(1);
    expect(budgets[0].Properties.ResourceTags).toEqual([
      { Key: LAB_TAG_KEY, Value: 'LabBudget' },
      { Key: PROJECT_TAG_KEY, Value: PROJECT_TAG_VALUE },
    ]);
  });
});
