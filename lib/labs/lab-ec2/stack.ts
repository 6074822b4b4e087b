import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../../compliance/controls';
import { LabInstance } from '../../constructs/lab-instance';
import { addAccessOutputs, allowSshFrom, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import { OPEN_TO_WORLD, SECURITY_GROUP_NAME } from './meta';
import { OUTPUTS } from './outputs';

/**
 * Notes: "What is EC2?", "How to SSH into your EC2 Instance", "Security Groups",
 * "Private vs Public IP". The first instance, with the notes' security group and
 * rule table, a key pair, and the `Name` tag.
 */
export class LabEc2Stack extends Stack {
  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      securityGroupName: SECURITY_GROUP_NAME,
      description: 'Create with my first EC2 Instance',
      allowAllOutbound: true,
    });
    // The notes' rule table: HTTP and the app port open to the world, SSH only from you.
    for (const { port, description } of OPEN_TO_WORLD) {
      securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), description);
    }
    allowSshFrom(securityGroup, props.settings.sshCidr);
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The lesson is a public web server: HTTP (80) and the app port (4567) are open to the world on purpose; SSH is not.',
    });
    acknowledgeControl(securityGroup, 'CT.EC2.PR.3');

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const { instance } = new LabInstance(this, 'FirstInstance', {
      vpc,
      instanceType: props.settings.instanceType,
      securityGroup,
      keyPair,
      name: 'FirstInstance',
    });

    new CfnOutput(this, OUTPUTS.instanceId, { value: instance.instanceId });
    new CfnOutput(this, OUTPUTS.publicIp, {
      description: 'Reachable from the internet; changes when the instance is stopped and started',
      value: instance.instancePublicIp,
    });
    new CfnOutput(this, OUTPUTS.publicDnsName, { value: instance.instancePublicDnsName });
    new CfnOutput(this, OUTPUTS.privateIp, {
      description: 'Reachable only inside the VPC',
      value: instance.instancePrivateIp,
    });
    addAccessOutputs(this, { instance, keyPair, sshCidr: props.settings.sshCidr, keyFile: 'lab-ec2.pem' });
  }
}
