/**
 * The labs' CloudFormation templates as an existing cloud assembly (a `cdk.out` folder) holds
 * them: read through its manifest, with no CDK code (`npm run cost -- --cdk-out cdk.out`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../cli/options';
import type { CfnTemplate } from './template';

/** One stack's template, by the stack id the learner types. */
export interface LabTemplate {
  readonly lab: string;
  readonly template: CfnTemplate;
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
