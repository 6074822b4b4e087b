/**
 * Builds the app the way bin/app.ts does, with the same cdk.json context the CLI uses
 * (feature flags included), plus the given overrides (what `-c key=value` would set).
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { addLabs, type LabId } from '../../lib/lab-app';
import { readSettings } from '../../lib/settings';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK_JSON_CONTEXT = require('../../cdk.json').context as Record<string, unknown>;

export function buildLabs(overrides: Record<string, unknown> = {}): { app: App; stacks: Record<LabId, Stack> } {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...overrides } });
  const stacks = addLabs(app, readSettings((key) => app.node.tryGetContext(key)));
  return { app, stacks };
}

/** Every `Validations.of(x).acknowledge(...)` recorded under a stack (rule id without CDK's namespace prefix). */
export function acknowledgements(stack: Stack): { path: string; id: string; reason: string }[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^\w+::/, ''), reason })),
  );
}

/**
 * A template without what changes when nothing that matters did: asset hashes (the
 * bundled handler code) and the CDK version metadata.
 */
export function normalizedTemplate(template: Record<string, unknown>): unknown {
  const text = JSON.stringify(template)
    .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1')
    .replace(/"aws:asset:path":"[^"]*"/g, '"aws:asset:path":"<asset-path>"');
  const copy = JSON.parse(text) as { Resources?: Record<string, unknown>; Conditions?: Record<string, unknown> };
  delete copy.Resources?.CDKMetadata;
  delete copy.Conditions?.CDKMetadataAvailable;
  if (copy.Conditions && Object.keys(copy.Conditions).length === 0) delete copy.Conditions;
  return copy;
}
