import { CheckAbort, fatalAwsError, hintForAwsError } from './aws-errors';
import type { CheckClients } from './clients';
import type { HttpOptions, WaitOptions } from './context';
import { findLabStack, LabNotDeployed } from './lab-stack';
import type { LabCheckDefinition } from './registry';
import type { CheckResult } from './result';

/** The outcome of checking one lab. */
export interface LabReport {
  readonly lab: string;
  readonly region: string;
  /** `checked`: results hold the checks; otherwise `message` says why there are none. */
  readonly outcome: 'checked' | 'not-deployed' | 'unusable';
  readonly message?: string;
  readonly results: readonly CheckResult[];
}

export interface RunOptions {
  readonly wait: WaitOptions;
  readonly http: HttpOptions;
}

/**
 * Finds the lab's stack and runs its checks. A missing or broken stack becomes a
 * report with a message; an AWS error inside the checks becomes a failed check.
 * Credential and region problems throw a CheckAbort: no lab can be checked then.
 */
export async function runLabCheck(definition: LabCheckDefinition, clients: CheckClients, options: RunOptions): Promise<LabReport> {
  const region = await clients.cloudFormation.config.region().catch(() => '?');
  try {
    const stack = await findLabStack(clients.cloudFormation, definition.lab);
    const results = await definition.run({ clients, stack, wait: options.wait, http: options.http });
    return { lab: definition.lab, region, outcome: 'checked', results };
  } catch (error) {
    if (error instanceof LabNotDeployed) return { lab: definition.lab, region, outcome: 'not-deployed', message: error.message, results: [] };
    if (error instanceof CheckAbort) return { lab: definition.lab, region, outcome: 'unusable', message: error.message, results: [] };
    const fatal = fatalAwsError(error);
    if (fatal) throw fatal;
    return {
      lab: definition.lab,
      region,
      outcome: 'checked',
      results: [{ id: 'aws', title: `read ${definition.lab} through the AWS API`, status: 'fail', hint: hintForAwsError(error) }],
    };
  }
}
