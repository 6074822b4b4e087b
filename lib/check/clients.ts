import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The SDK clients the checks read the account with, all for one region. */
export interface CheckClients {
  readonly cloudFormation: CloudFormationClient;
  readonly cloudWatch: CloudWatchClient;
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
  readonly budgets: BudgetsClient;
}

/** Where the clients point and whose credentials they use. */
export interface ClientOptions {
  /** @default - the SDK's region chain (AWS_REGION, the profile's region) */
  readonly region?: string;
  /** A named profile of ~/.aws/config. @default - the SDK's credential chain (AWS_PROFILE, env, SSO, IMDS ...) */
  readonly profile?: string;
}

/**
 * Clients with the SDK's default credential and region chains. No endpoint is
 * passed, so the SDK itself honours AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>).
 */
export function createCheckClients(options: ClientOptions = {}): CheckClients {
  return checkClientsFrom({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });
}

/** SDK client settings shared by every check client (region, profile, endpoint, credentials ...). */
export type CheckClientConfig = EC2ClientConfig;

/** The checks' clients, all built from one client configuration, Budgets always in us-east-1. */
export function checkClientsFrom(config: CheckClientConfig): CheckClients {
  return {
    cloudFormation: new CloudFormationClient(config),
    cloudWatch: new CloudWatchClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    iam: new IAMClient(config),
    ssm: new SSMClient(config),
    // The Budgets API has one endpoint, in us-east-1.
    budgets: new BudgetsClient({ ...config, region: 'us-east-1' }),
  };
}

/** The region the clients resolved (from --region or the default chain). */
export async function resolvedRegion(clients: CheckClients): Promise<string> {
  return clients.cloudFormation.config.region();
}
