import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnOutput, CfnWaitCondition, CfnWaitConditionHandle, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabInstance, readUserDataScript } from '../../constructs/lab-instance';
import { addAccessOutputs, addSshSecurityGroup, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import { AmiFromInstance, DeployTimeImage } from './ami-from-instance';
import { OUTPUTS } from './outputs';

/** How long apache.sh may take on the builder (dnf update included) before the deploy gives up. */
export const BUILDER_READY_TIMEOUT_SECONDS = 900;

/**
 * The builder's user data: `userdata/apache.sh` as it is, with a line before it that reports a
 * failure and a line after it that reports success to CloudFormation (a wait condition's
 * pre-signed URL: no credentials, no cfn-signal package). The image is made only after this.
 */
export function builderUserData(script: string, signalUrl: string): string {
  const [shebang, ...rest] = script.split('\n');
  const signal = (status: 'SUCCESS' | 'FAILURE', reason: string) =>
    `curl -fsS -X PUT -H 'Content-Type:' --data-binary '{"Status":"${status}","Reason":"${reason}","UniqueId":"builder","Data":"${reason}"}' '${signalUrl}'`;
  return [
    shebang,
    '# LabAmi: tell CloudFormation when apache.sh fails, so the deploy stops at once.',
    `trap '${signal('FAILURE', 'apache.sh failed: see /var/log/cloud-init-output.log').replace(/'/g, `'\\''`)}' ERR`,
    ...rest,
    '# LabAmi: Apache is installed and the page written: the image can be made now.',
    signal('SUCCESS', 'apache.sh finished'),
    '',
  ].join('\n');
}

/**
 * Notes: "What is an AMI?", "Why would you use a custom AMI?". A builder instance set up by
 * `userdata/apache.sh`; a custom AMI made from it (Custom::AmiFromInstance); a second instance
 * launched from that AMI with no user data, serving the page at once. `cdk destroy`
 * deregisters the AMI and deletes its snapshots.
 */
export class LabAmiStack extends Stack {
  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'AMI lab web servers: HTTP from anywhere',
      allowAllOutbound: true,
    });
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'Allow HTTP traffic for Apache');
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The lesson is a public web server: HTTP (80) is open to the world on purpose; SSH is not.',
    });
    const keyPair = createLabKeyPair(this, props.settings.keyFormat);

    const builderReady = new CfnWaitConditionHandle(this, 'BuilderReadyHandle');
    const builder = new LabInstance(this, 'Builder', {
      vpc,
      instanceType: props.settings.instanceType,
      securityGroup,
      keyPair,
      name: 'AmiBuilder',
      userDataScript: builderUserData(readUserDataScript('apache.sh'), builderReady.ref),
    }).instance;
    const builderDone = new CfnWaitCondition(this, 'BuilderReady', {
      handle: builderReady.ref,
      count: 1,
      timeout: String(BUILDER_READY_TIMEOUT_SECONDS),
    });
    builderDone.node.addDependency(builder);

    const image = new AmiFromInstance(this, 'Image', { instance: builder, namePrefix: `${id}-apache` });
    image.resource.node.addDependency(builderDone);

    const { instance } = new LabInstance(this, 'FromImage', {
      vpc,
      instanceType: props.settings.instanceType,
      securityGroup,
      keyPair,
      name: 'FromCustomAmi',
      machineImage: new DeployTimeImage(image.imageId),
    });
    addSshSecurityGroup(this, vpc, props.settings.sshCidr, [builder, instance]);

    new CfnOutput(this, OUTPUTS.imageId, { description: 'Your AMI: it exists in this region only', value: image.imageId });
    new CfnOutput(this, OUTPUTS.imageName, { value: image.imageName });
    new CfnOutput(this, OUTPUTS.url, {
      description: 'The instance launched from your AMI: the page answers at once, no installation ran',
      value: `http://${instance.instancePublicDnsName}`,
    });
    new CfnOutput(this, OUTPUTS.instanceId, { value: instance.instanceId });
    new CfnOutput(this, OUTPUTS.builderUrl, {
      description: 'The builder that apache.sh set up, the source of the AMI',
      value: `http://${builder.instancePublicDnsName}`,
    });
    new CfnOutput(this, OUTPUTS.builderInstanceId, { value: builder.instanceId });
    addAccessOutputs(this, { instance, keyPair, sshCidr: props.settings.sshCidr, keyFile: 'lab-ami.pem' });
    addAccessOutputs(this, { instance: builder, keyPair, sshCidr: props.settings.sshCidr, keyFile: 'lab-ami.pem', prefix: OUTPUTS.builderPrefix });
  }
}
