import type { LabCheckContext } from './context';
import type { CheckResult } from './result';
import { checkLabAlb } from './labs/lab-alb';
import { checkLabBudget } from './labs/lab-budget';
import { checkLabEc2 } from './labs/lab-ec2';
import { checkLabEc2Apache } from './labs/lab-ec2-apache';
import { checkLabElasticIp } from './labs/lab-elastic-ip';
import { checkLabIam } from './labs/lab-iam';

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

export const LAB_CHECKS: readonly LabCheckDefinition[] = [
  { lab: 'LabBudget', summary: 'monthly cost budget with an e-mail alert on actual spend', pinnedRegion: 'us-east-1', run: checkLabBudget },
  { lab: 'LabIam', summary: 'IAM dashboard all green: root keys, root MFA, user, admin group, password policy, alias', run: checkLabIam },
  { lab: 'LabEc2', summary: 'first instance: running, AMI and type, IMDSv2, encryption, key pair, rule table', run: checkLabEc2 },
  { lab: 'LabElasticIp', summary: "Elastic IP on the instance; idle Elastic IPs and what they cost", run: checkLabElasticIp },
  { lab: 'LabEc2Apache', summary: 'the page "Hello World from <host name>" on the instance', run: checkLabEc2Apache },
  { lab: 'LabAlb', summary: 'healthy targets, page through the ALB from both servers, servers closed to direct HTTP', run: checkLabAlb },
];

export function findLabCheck(lab: string): LabCheckDefinition | undefined {
  return LAB_CHECKS.find((c) => c.lab.toLowerCase() === lab.toLowerCase());
}
