/**
 * buildLabApp(): the tests' app leaves out CDK's creation stacks (NO_CREATION_STACKS), and
 * the templates are still the ones `cdk synth` writes.
 */
import { App } from 'aws-cdk-lib';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { addLabs } from '../../lib/lab-app';
import { readSettings } from '../../lib/settings';
import { buildLabApp, CDK_JSON_CONTEXT, TEST_NOW } from './lab-app';

/** How many resources of the stack have a creation stack in the assembly's metadata. */
function creationStacks(artifact: CloudFormationStackArtifact): number {
  return artifact.findMetadataByType(ArtifactMetadataEntryType.CREATION_STACK).length;
}

describe('buildLabApp', () => {
  it('records no creation stack, and the template is the one an app with them writes', () => {
    const { app } = buildLabApp({ only: ['LabEc2'] });
    const tested = app.synth().getStackByName('LabEc2');

    // As bin/app.ts builds it (Lambda bundling skipped in both, as in every test).
    const cdkApp = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    addLabs(cdkApp, readSettings((key) => cdkApp.node.tryGetContext(key)), { only: ['LabEc2'], now: TEST_NOW, nag: false });
    const synthesized = cdkApp.synth().getStackByName('LabEc2');

    expect(creationStacks(synthesized)).toBeGreaterThan(10);
    expect(creationStacks(tested)).toBe(0);
    expect(tested.template).toEqual(synthesized.template);
  });
});
