import { couldNotCheck, type AwsWhere } from '../aws/errors';
import type { LabModule } from '../lab-module';
import { DEADLINE_OUTPUT_KEY, formatDeadlineUtc, parseDeadline, timeLeft, type TimeLeft } from '../ttl';
import type { CheckClients } from './clients';
import type { HttpOptions, LabCheckContext, WaitOptions } from './context';
import { findLabStack, LabNotDeployed, LabStackUnusable } from './lab-stack';
import type { CheckResult } from './result';

/** When the lab deletes itself, read from its AutoDestroyAt output. */
export interface AutoDestroyReport {
  /** `2026-11-26 19:30 UTC` */
  readonly at: string;
  readonly left: TimeLeft;
}

/** The outcome of checking one lab. */
export interface LabReport {
  readonly lab: string;
  readonly region: string;
  /**
   * `checked`: results hold the checks; `not-deployed`, `unusable` (a stack in a broken
   * state) and `could-not-check` (access denied, throttled): `message` says why there are none.
   */
  readonly outcome: 'checked' | 'not-deployed' | 'unusable' | 'could-not-check';
  readonly message?: string;
  readonly results: readonly CheckResult[];
  /** Present when the lab deletes itself; `autoDestroyProblem` when its output cannot be read. */
  readonly autoDestroy?: AutoDestroyReport;
  readonly autoDestroyProblem?: string;
}

export interface RunOptions {
  readonly wait: WaitOptions;
  readonly http: HttpOptions;
  /** For AWS errors: the region, profile and environment the clients use. */
  readonly where: AwsWhere;
  readonly now: () => Date;
  /** Checks that change the lab for a while, run only when asked. */
  readonly disruptive?: LabCheckContext['disruptive'];
}

function autoDestroyOf(outputs: Readonly<Record<string, string>>, now: Date): Pick<LabReport, 'autoDestroy' | 'autoDestroyProblem'> {
  try {
    const deadline = parseDeadline(outputs[DEADLINE_OUTPUT_KEY]);
    return deadline ? { autoDestroy: { at: formatDeadlineUtc(deadline), left: timeLeft(deadline, now) } } : {};
  } catch (error) {
    return { autoDestroyProblem: (error as Error).message };
  }
}

/**
 * Finds the lab's stack and runs its checks. A missing or broken stack becomes a
 * report with a message; access denied or throttling becomes `could-not-check`.
 * Problems no lab can get past (credentials, region, network) throw CouldNotCheck.
 */
export async function runLabCheck(lab: LabModule, clients: CheckClients, options: RunOptions): Promise<LabReport> {
  const id = lab.meta.id;
  const region = (await clients.cloudFormation.config.region().catch(() => undefined)) ?? options.where.region ?? '?';
  try {
    const stack = await findLabStack(clients.cloudFormation, id);
    const autoDestroy = autoDestroyOf(stack.outputs, options.now());
    const results = await lab.check({ clients, stack, wait: options.wait, http: options.http, disruptive: options.disruptive });
    return { lab: id, region, outcome: 'checked', results, ...autoDestroy };
  } catch (error) {
    if (error instanceof LabNotDeployed) return { lab: id, region, outcome: 'not-deployed', message: error.message, results: [] };
    if (error instanceof LabStackUnusable) return { lab: id, region, outcome: 'unusable', message: error.message, results: [] };
    const problem = await couldNotCheck(error, { ...options.where, region });
    if (problem?.stopsEverything) throw problem;
    if (problem) return { lab: id, region, outcome: 'could-not-check', message: `${id} could not be checked: ${problem.message}`, results: [] };
    // Anything else is an answer nobody expected: this lab could not be checked, the others may.
    const what = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    return { lab: id, region, outcome: 'could-not-check', message: `${id} could not be checked: ${what}`, results: [] };
  }
}
