import { CfnResource, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabVpc } from '../constructs/lab-vpc';

/** Stack id of the network the EC2 labs share, as the learner sees it in `cdk list`. */
export const LAB_NETWORK_STACK_ID = 'LabNetwork';

/**
 * The one small network every EC2 lab uses (two Availability Zones, public subnets, no NAT
 * gateway: nothing in it bills). `npx cdk deploy <Lab>` deploys it first when it is missing;
 * `npx cdk destroy <Lab>` keeps it; `npx cdk destroy --all` removes it last.
 *
 * Labs read its VPC and subnets through strong references (Export / Fn::ImportValue), whatever
 * cdk.json's `@aws-cdk/core:defaultCrossStackReferences` says: CloudFormation then refuses to
 * delete this stack while a lab imports from it ("Cannot delete export ... as it is in use by
 * LabEc2") before deleting anything, instead of deleting subnets and routes under running
 * instances, as a weak reference (Fn::GetStackOutput) would let it.
 */
export class LabNetworkStack extends Stack {
  readonly network: LabVpc;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.network = new LabVpc(this, 'Network');
    // Produce side only: a reference to any resource of this stack is strong; the app's
    // default (weak) stays as it is for every other cross-stack reference.
    for (const resource of this.node.findAll()) {
      if (resource instanceof CfnResource) CrossStackReferences.of(resource).produce(ReferenceStrength.STRONG);
    }
  }
}
