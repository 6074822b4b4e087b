/** Types of bench-verdict.cjs (plain JavaScript: bench.mjs runs on Node.js as it is). */
export interface Run {
  /** Seconds, wall clock. */
  readonly wall: number;
  /** Peak memory of the largest single process, MiB. */
  readonly mib: number;
}
export interface Judgement {
  readonly judged: boolean;
  /** Why not, in a few words (for the verdicts). */
  readonly why?: string;
  /** Why not, in a sentence. */
  readonly reason?: string;
  /** The largest share of the machine other processes took in a run, where known. */
  readonly maxOthers?: number;
  /** How much slower the slowest host probe was than the fastest (0.1 = 10%). */
  readonly drift: number;
}
export interface Target {
  readonly name: string;
  readonly unit?: string;
  readonly value: number;
  readonly limit: number;
  readonly verdict: string;
}
export const BUSY_SHARE: number;
export const HOST_DRIFT: number;
export function median(xs: readonly number[]): number;
export function pairedRatio(xs: readonly number[], ys: readonly number[]): number;
export function othersShare(run: {
  machineBusyBefore?: number;
  machineBusyAfter?: number;
  user: number;
  system: number;
  cores: number;
  wall: number;
}): number | undefined;
export function judgement(runs: {
  others: readonly (number | undefined)[];
  startLoad: number;
  cores: number;
  probes: readonly number[];
  hostDrift?: number;
}): Judgement;
export function targets(samples: Readonly<Record<string, readonly Run[] | undefined>>, judged: Judgement): Target[];
export function targetLine(target: Target): string;
/** The tests that failed in a run of `npm test`, from Jest's standard error: each "  ● ..." heading once, in order. */
export function failingTests(stderr: string): string[];
