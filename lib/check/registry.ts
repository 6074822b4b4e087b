/** The labs the check command knows: a view of the catalogue (lib/catalogue.ts). */
import { findLab, LAB_MODULES } from '../catalogue';
import type { LabCheckContext } from './context';
import type { CheckResult } from './result';

/** One lab the check command knows. */
export interface LabCheckDefinition {
  /** Stack id, as the learner types it. */
  readonly lab: string;
  /** One line for --help. */
  readonly summary: string;
  /** Region the stack always lives in, whatever --region says. @default - the chosen region */
  readonly pinnedRegion?: string;
  readonly run: (ctx: LabCheckContext) => Promise<readonly CheckResult[]>;
}

function definitionOf(lab: (typeof LAB_MODULES)[number]): LabCheckDefinition {
  return { lab: lab.meta.id, summary: lab.meta.summary, pinnedRegion: lab.meta.pinnedRegion, run: lab.check };
}

export const LAB_CHECKS: readonly LabCheckDefinition[] = LAB_MODULES.map(definitionOf);

export function findLabCheck(lab: string): LabCheckDefinition | undefined {
  const found = findLab(lab);
  return found && definitionOf(found);
}
