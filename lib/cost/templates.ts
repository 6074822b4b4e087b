/**
 * The labs' CloudFormation templates, either synthesized in-process from the app
 * (the same settings as `npx cdk synth`) or read from an existing cloud assembly
 * (a `cdk.out` folder).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { UsageError } from '../cli/options';
import { addLabs } from '../lab-app';
import { readSettings } from '../settings';
import type { CfnTemplate } from './template';

/** One stack's template, by the stack id the learner types. */
export interface LabTemplate {
  readonly lab: string;
  readonly template: CfnTemplate;
}

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/**
 * Synthesizes every lab with cdk.json's context, overridden by `context`
 * (like `-c key=value`), into a temporary folder that is removed afterwards.
 */
export function synthesizeLabTemplates(context: Readonly<Record<string, string>> = {}, now: Date = new Date()): LabTemplate[] {
  const cdkJson = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dva-labs-cost-'));
  try {
    // Prices need the templates only: no Lambda bundling (as `cdk ls` skips it) and no
    // CloudFormation validation (`cdk synth` does that), which would cost seconds.
    const app = new App({
      context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context },
      outdir,
      builtinCloudFormationValidation: false,
    });
    const { stacks, network } = addLabs(app, readSettings((key) => app.node.tryGetContext(key)), { now });
    const assembly = app.synth();
    // In the app's order, the order of the course; the shared network first, as it deploys first.
    return [...(network ? [network] : []), ...Object.values(stacks)].map((stack) => ({
      lab: stack.stackName,
      template: assembly.getStackArtifact(stack.artifactId).template as CfnTemplate,
    }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

interface ManifestArtifact {
  readonly type: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
}

/** Reads the stack templates of a cloud assembly folder (`cdk.out`) through its manifest. */
export function readLabTemplates(assemblyDir: string): LabTemplate[] {
  const manifestFile = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new UsageError(`--cdk-out ${assemblyDir} is not a cloud assembly: no manifest.json (run npx cdk synth first)`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
    .map(([id, a]) => ({
      lab: a.properties?.stackName ?? a.displayName ?? id,
      template: JSON.parse(fs.readFileSync(path.join(assemblyDir, a.properties!.templateFile!), 'utf8')) as CfnTemplate,
    }));
}
