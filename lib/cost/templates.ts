/**
 * The labs' CloudFormation templates, synthesized in-process from the app (the same settings
 * as `npx cdk synth`). Read from an existing cloud assembly: ./assembly.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { DISABLE_CREATION_STACK_TRACES, FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { addLabs } from '../lab-app';
import { readSettings } from '../settings';
import type { LabTemplate } from './assembly';
import type { CfnTemplate } from './template';

export { readLabTemplates, type LabTemplate } from './assembly';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/**
 * The app `npx cdk synth` builds, with cdk.json's context overridden by `context` (like
 * `-c key=value`), set up for reading templates: see synthesizeLabTemplates.
 */
export function buildTemplateApp(context: Readonly<Record<string, string>>, now: Date, outdir: string) {
  const cdkJson = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  // The templates are all it is for: no Lambda bundling (as `cdk ls` skips it), no
  // CloudFormation validation or cdk-nag (`cdk synth` runs both; they read a template, they
  // do not change it), and no creation stack of every resource in the assembly's metadata.
  // Nor CDK's report of the labs' warnings (LabBudget without budgetEmail): they are for
  // `cdk deploy`, and the report names a file in the folder the caller removes. The app leaves
  // it to the CLI, as under `cdk`.
  const app = new App({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      [DISABLE_CREATION_STACK_TRACES]: true,
      [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: false,
      ...context,
    },
    outdir,
    builtinCloudFormationValidation: false,
  });
  const { stacks, network } = addLabs(app, readSettings((key) => app.node.tryGetContext(key)), { now, nag: false });
  // In the app's order, the order of the course; the shared network first, as it deploys first.
  return { app, stacks: [...(network ? [network] : []), ...Object.values(stacks)] };
}

/** Synthesizes an app of buildTemplateApp: each stack's template, in the app's order. */
export function synthesizeTemplates({ app, stacks }: ReturnType<typeof buildTemplateApp>): LabTemplate[] {
  const assembly = app.synth();
  return stacks.map((stack) => ({
    lab: stack.stackName,
    template: assembly.getStackArtifact(stack.artifactId).template as CfnTemplate,
  }));
}

/**
 * Synthesizes every lab with cdk.json's context, overridden by `context`
 * (like `-c key=value`), into a temporary folder that is removed afterwards.
 */
export function synthesizeLabTemplates(context: Readonly<Record<string, string>> = {}, now: Date = new Date()): LabTemplate[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dva-labs-cost-'));
  try {
    return synthesizeTemplates(buildTemplateApp(context, now, outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
