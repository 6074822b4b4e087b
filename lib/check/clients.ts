import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsClient, type AwsTarget } from '../aws/clients';

/**
 * The SDK clients the checks read the account with, all for one region: the lab's
 * pinned region (LabBudget's us-east-1, where the Budgets API lives) or the learner's.
 */
export interface CheckClients {
  readonly cloudFormation: CloudFormationClient;
  readonly cloudWatch: CloudWatchClient;
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
  readonly budgets: BudgetsClient;
}

/** The checks' clients, all from the kit's one client factory. */
export function createCheckClients(target: AwsTarget): CheckClients {
  return {
    cloudFormation: awsClient(CloudFormationClient, target),
    cloudWatch: awsClient(CloudWatchClient, target),
    ec2: awsClient(EC2Client, target),
    elbv2: awsClient(ElasticLoadBalancingV2Client, target),
    iam: awsClient(IAMClient, target),
    ssm: awsClient(SSMClient, target),
    budgets: awsClient(BudgetsClient, target),
  };
}

/** Closes the clients' sockets. */
export function destroyCheckClients(clients: CheckClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
