/**
 * The catalogue: every lab of the kit, in the order of the course. Adding a lab is its
 * folder under lib/labs/ and one line here; a lab without metadata, outputs, a check or
 * a stack does not compile.
 *
 * Loads no CDK code: each lab loads its stack (and its check) on first use.
 */
import type { LabModule } from './lab-module';
import { labAlb } from './labs/lab-alb';
import { labAlbRouting } from './labs/lab-alb-routing';
import { labAmi } from './labs/lab-ami';
import { labBudget } from './labs/lab-budget';
import { labBurstable } from './labs/lab-burstable';
import { labEc2 } from './labs/lab-ec2';
import { labEc2Apache } from './labs/lab-ec2-apache';
import { labElasticIp } from './labs/lab-elastic-ip';
import { labIam } from './labs/lab-iam';
import { labNlb } from './labs/lab-nlb';
import { labSpot } from './labs/lab-spot';

/** Each key is the lab's stack id: `LabEc2: labEc2` compiles only if labEc2.meta.id is 'LabEc2'. */
type Catalogue<T> = { readonly [Id in keyof T]: LabModule & { readonly meta: { readonly id: Id } } };
const catalogue = <T extends Catalogue<T>>(labs: T): T => labs;

export const LABS = catalogue({
  LabBudget: labBudget,
  LabIam: labIam,
  LabEc2: labEc2,
  LabElasticIp: labElasticIp,
  LabEc2Apache: labEc2Apache,
  LabAlb: labAlb,
  LabNlb: labNlb,
  LabAlbRouting: labAlbRouting,
  LabAmi: labAmi,
  LabSpot: labSpot,
  LabBurstable: labBurstable,
});

/** Stack ids, as the learner types them: `npx cdk deploy LabEc2Apache`. */
export type LabId = keyof typeof LABS;

/** Every lab id, in the order of the course. */
export const LAB_IDS = Object.keys(LABS) as readonly LabId[];

/** Every lab, in the order of the course. */
export const LAB_MODULES: readonly LabModule[] = Object.values(LABS);

/** Regions some labs always live in, whatever the learner's region (LabBudget: us-east-1). */
export const PINNED_REGIONS: readonly string[] = [...new Set(LAB_MODULES.flatMap((lab) => (lab.meta.pinnedRegion ? [lab.meta.pinnedRegion] : [])))];

/** The lab with this id, in any letter case (`labec2` is LabEc2), or undefined. */
export function findLab(id: string): LabModule | undefined {
  return LAB_MODULES.find((lab) => lab.meta.id.toLowerCase() === id.toLowerCase());
}
