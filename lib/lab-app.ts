import { App, Stack, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LAB_IDS, LABS, type LabId } from './catalogue';
import { AutoDestroy } from './constructs/auto-destroy';
import { labTtl, stackDescription, type SharedStacks } from './lab-module';
import { LAB_NETWORK_STACK_ID, LabNetworkStack } from './network/lab-network-stack';
import type { LabSettings } from './settings';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from './tags';

export { LAB_IDS, type LabId } from './catalogue';

/** Options of {@link addLabs}. */
export interface AddLabsOptions<T extends LabId> {
  /**
   * Build only these labs (and what they share).
   * @default - every lab
   */
  readonly only?: readonly T[];
  /**
   * The moment the app runs, from which each lab's auto-destroy deadline is counted. Read
   * once, in bin/app.ts; tests pass a fixed date so that templates do not change with time.
   */
  readonly now: Date;
  /**
   * Run cdk-nag's AwsSolutions checks on every stack at synthesis. The app always does;
   * tests that do not test them turn them off (they are about 40% of a synthesis), and
   * test/nag.test.ts runs them on every stack.
   * @default true
   */
  readonly nag?: boolean;
}

/** What the app built: the labs by id, and the network stack if a lab uses it. */
export interface LabApp<T extends LabId> {
  readonly stacks: Record<T, Stack>;
  readonly network?: LabNetworkStack;
}

export { labTtl } from './lab-module';

/**
 * Adds the labs of the catalogue to the app (every lab, or only those named) and the network
 * the EC2 labs share, gives each lab that bills by the hour its auto-destroy schedule, tags
 * every resource with the project (and the lab), and runs cdk-nag's AwsSolutions checks.
 */
export function addLabs<T extends LabId = LabId>(app: App, settings: LabSettings, options: AddLabsOptions<T>): LabApp<T> {
  const ids = (options.only ?? LAB_IDS) as readonly T[];
  let network: LabNetworkStack | undefined;
  const shared: SharedStacks = {
    vpc: () => {
      network ??= new LabNetworkStack(app, LAB_NETWORK_STACK_ID, {
        description: 'aws-dva-labs: the network the EC2 labs share (2 AZs, public subnets, nothing that bills)',
      });
      return network.network.vpc;
    },
  };
  const stacks = Object.fromEntries(
    ids.map((id) => {
      const lab = LABS[id];
      const stack = lab.createStack(app, settings, { description: stackDescription(lab.meta) }, shared);
      const ttl = labTtl(lab.meta, settings);
      if (ttl !== 'off') new AutoDestroy(stack, 'AutoDestroy', { now: options.now, ttlMinutes: ttl.minutes });
      Tags.of(stack).add(LAB_TAG_KEY, id);
      return [id, stack];
    }),
  ) as Record<T, Stack>;
  Tags.of(app).add(PROJECT_TAG_KEY, PROJECT_TAG_VALUE);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stacks, network };
}
