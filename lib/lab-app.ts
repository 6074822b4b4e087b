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

/** The catalogue: each lab's description and how to build it from the settings. */
const CATALOGUE: Record<LabId, { readonly description: string; readonly create: (app: App, id: LabId, settings: LabSettings, description: string) => Stack }> = {
  LabBudget: {
    description: 'aws-dva-labs: monthly cost budget with e-mail alerts (notes: AWS Management Console)',
    create: (app, id, settings, description) => new LabBudgetStack(app, id, { settings: settings.budget, description }),
  },
  LabIam: {
    description: 'aws-dva-labs: admin group, IAM user, password policy, account alias (notes: IAM Introduction, IAM Hands-On)',
    create: (app, id, settings, description) => new LabIamStack(app, id, { settings: settings.iam, description }),
  },
  LabEc2: {
    description: 'aws-dva-labs: first EC2 instance, security group and SSH (notes: What is EC2?, Security Groups)',
    create: (app, id, settings, description) => new LabEc2Stack(app, id, { settings: settings.ec2, description }),
  },
  LabElasticIp: {
    description: 'aws-dva-labs: an instance with an Elastic IP (notes: Private vs Public IP, Elastic IPs)',
    create: (app, id, settings, description) => new LabElasticIpStack(app, id, { settings: settings.ec2, description }),
  },
  LabEc2Apache: {
    description: 'aws-dva-labs: Apache installed by EC2 user data (notes: Launching an Apache Server, EC2 User Data)',
    create: (app, id, settings, description) => new LabEc2ApacheStack(app, id, { settings: settings.ec2, description }),
  },
  LabAlb: {
    description: 'aws-dva-labs: Application Load Balancer in front of two web servers (notes: Load Balancers Hands On)',
    create: (app, id, settings, description) => new LabAlbStack(app, id, { settings: settings.ec2, description }),
  },
};

/**
 * Adds the labs to the app (every lab, or only those named), tags their resources with
 * the project and the lab, and runs cdk-nag's AwsSolutions checks on all of them.
 */
export function addLabs<T extends LabId = LabId>(app: App, settings: LabSettings, only?: readonly T[]): Record<T, Stack> {
  const ids = (only ?? LAB_IDS) as readonly T[];
  const stacks = Object.fromEntries(
    ids.map((id) => [id, CATALOGUE[id].create(app, id, settings, CATALOGUE[id].description)]),
  ) as Record<T, Stack>;
  Tags.of(app).add(PROJECT_TAG_KEY, PROJECT_TAG_VALUE);
  for (const id of ids) Tags.of(stacks[id]).add(LAB_TAG_KEY, id);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
