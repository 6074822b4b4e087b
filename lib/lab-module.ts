/**
 * What a lab is, as one module: its metadata, the ids of its stack's outputs, its
 * check and how to build its stack. Every lab folder under lib/labs/ exports one
 * LabModule from its index.ts; lib/catalogue.ts lists them.
 *
 * This file and the catalogue load no CDK code at run time (`import type` only): the
 * SDK-side commands (`check`, `leftovers`) read the catalogue without aws-cdk-lib.
 */
import type { Stack, StackProps } from 'aws-cdk-lib';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { LabCheckContext } from './check/context';
import type { CheckResult } from './check/result';
import type { LabSettings, Ttl } from './settings';
import { ttlOrDefault } from './settings/ttl';
import { DEADLINE_OUTPUT_KEY, DEFAULT_TTL_MINUTES, NOTICE_OUTPUT_KEY } from './ttl';

/** One line of a lab's check, as the learner reads it in the README and in the output. */
export interface CheckTitle {
  /** Stable id, e.g. `instance.imdsv2`; `<n>` stands for a number (`alb.direct.<n>`). */
  readonly id: string;
  /**
   * The title the check prints when the lab is deployed as the kit deploys it. A part in
   * angle brackets stands for a value only known in the account: `instance <id> running`.
   */
  readonly title: string;
}

/** A lab's facts. */
export interface LabMeta {
  /** Stack id, as the learner types it: `npx cdk deploy LabEc2`. */
  readonly id: string;
  /** What the lab builds, in a few words (the stack description and the README's lab list). */
  readonly title: string;
  /** The sections of the course notes the lab follows, as the notes name them. */
  readonly notesSections: readonly string[];
  /** One line for `check --help`. */
  readonly summary: string;
  /** Region the stack always lives in, whatever the learner's region is. @default - the learner's region */
  readonly pinnedRegion?: string;
  /** Whether the lab bills by the hour while it is deployed (instances, addresses, load balancers). */
  readonly billsByTheHour: boolean;
  /** Whether the lab deletes itself after a while unless told otherwise: true for every lab billing by the hour. */
  readonly autoDestroyByDefault: boolean;
  /** The lines its check prints on a lab deployed as the kit deploys it, in order. */
  readonly checks: readonly CheckTitle[];
}

/** What every lab's stack description starts with, so that `leftovers` also finds labs renamed since. */
export const KIT_NAME = 'aws-dva-labs';

/** One lab. */
export interface LabModule<Outputs extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>> {
  readonly meta: LabMeta;
  /** The ids of the stack's outputs, written by the stack and read by the check. */
  readonly outputs: Outputs;
  /**
   * The ids of the outputs the lab's own stack code writes with these settings (some exist only
   * with a setting). Without the auto-destroy outputs the app adds: see {@link labOutputIds}.
   */
  readonly outputIds: (settings: LabSettings) => readonly string[];
  /** Checks the deployed lab. Loads the check's SDK code on first call. */
  readonly check: (ctx: LabCheckContext) => Promise<readonly CheckResult[]>;
  /**
   * Builds the lab's stack, with `meta.id` as its id. Loads the stack's code (aws-cdk-lib)
   * on first call, so that importing the catalogue stays cheap.
   */
  readonly createStack: (scope: Construct, settings: LabSettings, props: StackProps, shared: SharedStacks) => Stack;
}

/** What the app shares between labs; each piece is created on first use. */
export interface SharedStacks {
  /** The VPC of the network stack the EC2 labs share (created with the first lab that asks). */
  readonly vpc: () => IVpc;
}

/** The description of a lab's stack, from its metadata: `aws-dva-labs: <title> (notes: <sections>)`. */
export function stackDescription(meta: LabMeta): string {
  return `${KIT_NAME}: ${meta.title} (notes: ${meta.notesSections.join(', ')})`;
}

/** A lab's time-to-live: the learner's `ttl` if set, else the lab's own default. */
export function labTtl(meta: LabMeta, settings: LabSettings): Ttl {
  return ttlOrDefault(settings.ttl, meta.autoDestroyByDefault ? { minutes: DEFAULT_TTL_MINUTES } : 'off');
}

/** The outputs the AutoDestroy construct adds to a lab's stack (lib/constructs/auto-destroy.ts). */
export const AUTO_DESTROY_OUTPUT_IDS: readonly string[] = [DEADLINE_OUTPUT_KEY, NOTICE_OUTPUT_KEY];

/**
 * Every output id a lab's stack writes with these settings: the lab's own, plus the
 * auto-destroy outputs when the lab deletes itself (the app adds AutoDestroy, not the lab).
 */
export function labOutputIds(lab: LabModule, settings: LabSettings): readonly string[] {
  return [...lab.outputIds(settings), ...(labTtl(lab.meta, settings) === 'off' ? [] : AUTO_DESTROY_OUTPUT_IDS)];
}
