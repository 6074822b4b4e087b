/** Every taggable resource carries the project and its lab, so the kit can be found in an account. */
import { CfnResource, TagManager } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildLabApp } from './helpers/lab-app';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../lib/tags';

const { app, stacks } = buildLabApp({ context: { accountAlias: 'my-dva-lab', budgetEmail: 'you@example.com' } });
app.synth(); // tags are applied by an aspect during synthesis

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
