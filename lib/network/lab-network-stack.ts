import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabVpc } from '../constructs/lab-vpc';

/** Stack id of the network the EC2 labs share, as the learner sees it in `cdk list`. */
export const LAB_NETWORK_STACK_ID = 'LabNetwork';

/**
 * The one small network every EC2 lab uses (two Availability Zones, public subnets, no NAT
 * gateway: nothing in it bills). `npx cdk deploy <Lab>` deploys it first when it is missing;
 * `npx cdk destroy <Lab>` keeps it; `npx cdk destroy --all` removes it last.
 */
export class LabNetworkStack extends Stack {
  readonly network: LabVpc;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.network = new LabVpc(this, 'Network');
  }
}
