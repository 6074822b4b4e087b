import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabInstance } from '../../constructs/lab-instance';
import { addAccessOutputs, addSshSecurityGroup, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import { OUTPUTS } from './outputs';

/**
 * Notes: "Elastic IPs". An instance with an Elastic IP associated to it: the public
 * address survives a stop and start. An Elastic IP bills by the hour, associated or
 * not, so `cdk destroy` releases it.
 */
export class LabElasticIpStack extends Stack {
  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Elastic IP lab instance: no inbound rule (SSH has its own group)',
      allowAllOutbound: true,
    });

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const { instance } = new LabInstance(this, 'Server', {
      vpc,
      instanceType: props.settings.instanceType,
      securityGroup,
      keyPair,
      name: 'ElasticIpInstance',
    });
    addSshSecurityGroup(this, vpc, props.settings.sshCidr, [instance]);

    const elasticIp = new ec2.CfnEIP(this, 'ElasticIp', { domain: 'vpc' });
    const association = new ec2.CfnEIPAssociation(this, 'ElasticIpAssociation', {
      allocationId: elasticIp.attrAllocationId,
      instanceId: instance.instanceId,
    });
    // An address can only be associated once the VPC reaches the internet.
    association.node.addDependency(vpc.internetConnectivityEstablished);

    new CfnOutput(this, OUTPUTS.elasticIpAddress, {
      description: 'The fixed public IP: it stays the same across stop and start',
      value: elasticIp.attrPublicIp,
    });
    new CfnOutput(this, OUTPUTS.elasticIpAllocationId, { value: elasticIp.attrAllocationId });
    new CfnOutput(this, OUTPUTS.instanceId, { value: instance.instanceId });
    addAccessOutputs(this, {
      instance,
      keyPair,
      sshCidr: props.settings.sshCidr,
      keyFile: 'lab-elastic-ip.pem',
      publicAddress: elasticIp.attrPublicIp,
    });
  }
}
