/**
 * Builds the kit's app the way `npx cdk synth` does: the same cdk.json context
 * (settings and feature flags), then the same addLabs().
 */
import { App } from 'aws-cdk-lib';
import * as cdkJson from '../../cdk.json';
import { addLabs } from '../../lib/lab-app';
import { readSettings } from '../../lib/settings';

export const CDK_JSON_CONTEXT: Record<string, unknown> = cdkJson.context;

export interface TestAppOptions {
  /** Settings on top of cdk.json, as `-c key=value` would give them. */
  readonly context?: Record<string, unknown>;
  /**
   * aws-cdk-lib's built-in CloudFormation validation. It costs about 2.5 s per
   * synthesis, so tests turn it off except where they test the templates' validity
   * (test/nag.test.ts keeps it on for every stack).
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
  /**
   * Bundle the helper Lambdas' code with esbuild, as `cdk synth` and `cdk deploy` do.
   * Off by default: it costs seconds per app and only test/nag.test.ts needs it.
   * @default false
   */
  readonly bundle?: boolean;
}

export function buildLabApp(options: TestAppOptions = {}) {
  const app = new App({
    context: {
      ...CDK_JSON_CONTEXT,
      // The CLI's way to skip bundling (as `cdk ls` does): assets then point at their sources.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  const stacks = addLabs(app, readSettings((key) => app.node.tryGetContext(key)));
  return { app, stacks };
}

/** Replaces what changes without a change of meaning (asset hashes) so snapshots stay stable. */
export function normalizeTemplate(template: unknown): unknown {
  return JSON.parse(
    JSON.stringify(template)
      .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1')
      .replace(/"cdk-[a-z0-9]+-assets-/g, '"cdk-<qualifier>-assets-'),
  );
}
