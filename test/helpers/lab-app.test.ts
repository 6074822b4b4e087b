/**
 * buildLabApp(): the tests' app leaves out CDK's creation stacks (NO_CREATION_STACKS) and the
 * construct tree (tree.json), and the templates are still the ones `cdk synth` writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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
  it('records no creation stack and writes no tree.json, and the template is the one an app with them writes', () => {
    const { app } = buildLabApp({ only: ['LabEc2'] });
    const testedAssembly = app.synth();
    const tested = testedAssembly.getStackByName('LabEc2');

    // As bin/app.ts builds it (Lambda bundling skipped in both, as in every test).
    const cdkApp = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    addLabs(cdkApp, readSettings((key) => cdkApp.node.tryGetContext(key)), { only: ['LabEc2'], now: TEST_NOW, nag: false });
    const cdkAssembly = cdkApp.synth();
    const synthesized = cdkAssembly.getStackByName('LabEc2');

    expect(creationStacks(synthesized)).toBeGreaterThan(10);
    expect(creationStacks(tested)).toBe(0);
    expect(fs.existsSync(path.join(cdkAssembly.directory, 'tree.json'))).toBe(true);
    expect(fs.existsSync(path.join(testedAssembly.directory, 'tree.json'))).toBe(false);
    expect(tested.template).toEqual(synthesized.template);
  });
});
