/**
 * Builds the kit's app the way `npx cdk synth` does: the same cdk.json context
 * (settings and feature flags), then the same addLabs().
 */
import { App, Validations } from 'aws-cdk-lib';
import { DISABLE_CREATION_STACK_TRACES } from 'aws-cdk-lib/cx-api';
import * as cdkJson from '../../cdk.json';
import { addLabs, type LabId } from '../../lib/lab-app';
import { readSettings } from '../../lib/settings';
import { CachedCloudFormationValidatePlugin } from '../../lib/validation/cached-cloudformation-validation';

/** The tests' clock: auto-destroy deadlines count from it, so templates do not change with time. */
export const TEST_NOW = new Date('2026-11-26T12:00:00Z');

export const CDK_JSON_CONTEXT: Record<string, unknown> = cdkJson.context;

/**
 * Leaves out the creation stack CDK records for every resource in the assembly's metadata
 * (the CLI shows it when a deploy fails; `cdk synth` keeps it). The templates are the same and
 * no test reads it, while under Jest, which maps each frame through source maps, it cost
 * ~3.5 CPU-s a run. `CDK_DEBUG=true` brings it back.
 */
export const NO_CREATION_STACKS: Record<string, unknown> = { [DISABLE_CREATION_STACK_TRACES]: true };

export interface TestAppOptions {
  /** Settings on top of cdk.json, as `-c key=value` would give them. */
  readonly context?: Record<string, unknown>;
  /**
   * CloudFormation validation as `cdk synth` runs it (bin/app.ts): CDK's validation through
   * CachedCloudFormationValidatePlugin, which remembers the templates it validated. A template
   * that was never validated costs about 1 s, so tests turn it off except where they test the
   * templates' validity (test/nag.test.ts); results are remembered in the output folder, as in
   * `cdk.out`. `npm run validate` validates every stack afresh.
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
  /**
   * Bundle the helper Lambdas' code with esbuild, as `cdk synth` and `cdk deploy` do.
   * Off by default: it costs seconds per app and only test/nag.test.ts needs it.
   * @default false
   */
  readonly bundle?: boolean;
  /**
   * Run cdk-nag's AwsSolutions checks at synthesis, as the app always does. Off by default:
   * test/nag.test.ts runs them on every stack, and they cost about 0.1-0.4 s per synthesis.
   * @default false
   */
  readonly nag?: boolean;
  /**
   * Where the cloud assembly goes.
   * @default - a temporary folder
   */
  readonly outdir?: string;
}

export interface TestAppOptionsFor<T extends LabId> extends TestAppOptions {
  /**
   * Build only these labs (a whole app costs about 1.5 s to build and synthesize).
   * @default - every lab
   */
  readonly only?: readonly T[];
}

export function buildLabApp<T extends LabId = LabId>(options: TestAppOptionsFor<T> = {}) {
  const app = new App({
    context: {
      ...CDK_JSON_CONTEXT,
      ...NO_CREATION_STACKS,
      // The CLI's way to skip bundling (as `cdk ls` does): assets then point at their sources.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
    builtinCloudFormationValidation: false,
    // No tree.json in the assembly: nothing the tests or the kit's tools read (`cdk synth` writes it).
    treeMetadata: false,
    outdir: options.outdir,
  });
  if (options.cloudFormationValidation) {
    Validations.of(app).addPlugins(new CachedCloudFormationValidatePlugin());
  }
  const { stacks, network } = addLabs(app, readSettings((key) => app.node.tryGetContext(key)), {
    only: options.only,
    now: TEST_NOW,
    nag: options.nag ?? false,
  });
  return { app, stacks, network };
}

/**
 * A template without what changes when nothing that matters did (asset hashes and
 * paths of bundled code), so that snapshots stay stable.
 */
export function normalizeTemplate(template: unknown): unknown {
  return JSON.parse(
    JSON.stringify(template)
      .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1')
      .replace(/"aws:asset:path":"[^"]*"/g, '"aws:asset:path":"<asset-path>"'),
  );
}

export { acknowledgements, type Acknowledgement } from '../../lib/compliance/acknowledgements';
