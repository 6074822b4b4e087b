import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabInstance, readUserDataScript } from '../../constructs/lab-instance';
import { addAccessOutputs, addSshSecurityGroup, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import { OUTPUTS } from './outputs';

/**
 * Notes: "Launching an Apache Server on EC2", "EC2 User Data". An instance that
 * installs Apache at first boot from `userdata/apache.sh` and serves
 * "Hello World from <its host name>".
 */
export class LabEc2ApacheStack extends Stack {
  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Apache lab: HTTP from anywhere',
      allowAllOutbound: true,
    });
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'Allow HTTP traffic for Apache');
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The lesson is a public web server: HTTP (80) is open to the world on purpose; SSH is not.',
    });

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const { instance } = new LabInstance(this, 'WebServer', {
      vpc,
      instanceType: props.settings.instanceType,
      securityGroup,
      keyPair,
      name: 'ApacheWebServer',
      userDataScript: readUserDataScript('apache.sh'),
    });
    addSshSecurityGroup(this, vpc, props.settings.sshCidr, [instance]);

    new CfnOutput(this, OUTPUTS.url, {
      description: 'Open in a browser a minute or two after deploy: Hello World from <host name>',
      value: `http://${instance.instancePublicDnsName}`,
    });
    new CfnOutput(this, OUTPUTS.instanceId, { value: instance.instanceId });
    new CfnOutput(this, OUTPUTS.publicIp, { value: instance.instancePublicIp });
    addAccessOutputs(this, { instance, keyPair, sshCidr: props.settings.sshCidr, keyFile: 'lab-ec2-apache.pem' });
  }
}
