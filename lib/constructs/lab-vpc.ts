import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../compliance/controls';

/**
 * The small network every EC2 lab builds for itself: two Availability Zones,
 * public subnets only, no NAT gateway, so nothing in it bills by the hour and
 * `cdk destroy` removes all of it. No lookups: synth needs no AWS account.
 */
export class LabVpc extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
      // Restricting the default security group needs a helper Lambda whose log group
      // would outlive the lab; nothing in the lab uses the default group.
      restrictDefaultSecurityGroup: false,
    });
    Validations.of(this.vpc).acknowledge({
      id: 'AwsSolutions-VPC7',
      reason: 'Flow logs bill per GB ingested and a short-lived lab VPC has no traffic worth auditing.',
    });
    // The instances get their public IP from their subnet (reason in lib/compliance/controls.ts).
    for (const subnet of this.vpc.publicSubnets) acknowledgeControl(subnet, 'CT.EC2.PR.11');
  }
}
