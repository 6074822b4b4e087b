import { App, Stack, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LabAlbStack } from './labs/lab-alb-stack';
import { LabBudgetStack } from './labs/lab-budget-stack';
import { LabEc2ApacheStack } from './labs/lab-ec2-apache-stack';
import { LabEc2Stack } from './labs/lab-ec2-stack';
import { LabElasticIpStack } from './labs/lab-elastic-ip-stack';
import { LabIamStack } from './labs/lab-iam-stack';
import type { LabSettings } from './settings';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from './tags';

/** Stack ids, as the learner types them: `npx cdk deploy LabEc2Apache`. */
export const LAB_IDS = ['LabBudget', 'LabIam', 'LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb'] as const;
export type LabId = (typeof LAB_IDS)[number];

const DESCRIPTIONS: Record<LabId, string> = {
  LabBudget: 'aws-dva-labs: monthly cost budget with e-mail alerts (notes: AWS Management Console)',
  LabIam: 'aws-dva-labs: admin group, IAM user, password policy, account alias (notes: IAM Introduction, IAM Hands-On)',
  LabEc2: 'aws-dva-labs: first EC2 instance, security group and SSH (notes: What is EC2?, Security Groups)',
  LabElasticIp: 'aws-dva-labs: an instance with an Elastic IP (notes: Private vs Public IP, Elastic IPs)',
  LabEc2Apache: 'aws-dva-labs: Apache installed by EC2 user data (notes: Launching an Apache Server, EC2 User Data)',
  LabAlb: 'aws-dva-labs: Application Load Balancer in front of two web servers (notes: Load Balancers Hands On)',
};

/**
 * Adds every lab to the app, tags their resources with the project and the lab,
 * and runs cdk-nag's AwsSolutions checks on all of them.
 */
export function addLabs(app: App, settings: LabSettings): Record<LabId, Stack> {
  const ec2 = { settings: settings.ec2 };
  const stacks: Record<LabId, Stack> = {
    LabBudget: new LabBudgetStack(app, 'LabBudget', { settings: settings.budget, description: DESCRIPTIONS.LabBudget }),
    LabIam: new LabIamStack(app, 'LabIam', { settings: settings.iam, description: DESCRIPTIONS.LabIam }),
    LabEc2: new LabEc2Stack(app, 'LabEc2', { ...ec2, description: DESCRIPTIONS.LabEc2 }),
    LabElasticIp: new LabElasticIpStack(app, 'LabElasticIp', { ...ec2, description: DESCRIPTIONS.LabElasticIp }),
    LabEc2Apache: new LabEc2ApacheStack(app, 'LabEc2Apache', { ...ec2, description: DESCRIPTIONS.LabEc2Apache }),
    LabAlb: new LabAlbStack(app, 'LabAlb', { ...ec2, description: DESCRIPTIONS.LabAlb }),
  };
  Tags.of(app).add(PROJECT_TAG_KEY, PROJECT_TAG_VALUE);
  for (const [id, stack] of Object.entries(stacks)) Tags.of(stack).add(LAB_TAG_KEY, id);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
