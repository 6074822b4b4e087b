import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ACCESS_OUTPUTS } from './lab-access-outputs';

/** Opens SSH (TCP 22) to the learner's own network; with no `sshCidr`, SSH stays closed. */
export function allowSshFrom(securityGroup: ec2.SecurityGroup, sshCidr: string | undefined): void {
  if (!sshCidr) return;
  const peer = sshCidr.includes(':') ? ec2.Peer.ipv6(sshCidr) : ec2.Peer.ipv4(sshCidr);
  securityGroup.addIngressRule(peer, ec2.Port.tcp(22), 'SSH from your network (sshCidr)');
}

/**
 * A key pair created by the stack. EC2 keeps its private key in the SSM parameter
 * `/ec2/keypair/<key pair id>` (never in the template or the outputs), and deletes
 * both with the stack.
 */
export function createLabKeyPair(scope: Construct): ec2.KeyPair {
  return new ec2.KeyPair(scope, 'KeyPair', {
    type: ec2.KeyPairType.ED25519,
    format: ec2.KeyPairFormat.PEM,
  });
}

export interface AccessOutputsProps {
  readonly instance: ec2.Instance;
  readonly keyPair: ec2.KeyPair;
  readonly sshCidr?: string;
  /** File the private key is saved to, e.g. `lab-ec2.pem`. */
  readonly keyFile: string;
  /** Address used for SSH. @default - the instance's public IP */
  readonly publicAddress?: string;
  /** Prefix of the output ids, for labs with several instances. @default '' */
  readonly prefix?: string;
}

/**
 * The outputs that get a learner into an instance: save the key with mode 0400
 * (the notes' "UNPROTECTED PRIVATE KEY FILE" lesson), `ssh -i`, and Session Manager.
 */
export function addAccessOutputs(scope: Construct, props: AccessOutputsProps): void {
  const prefix = props.prefix ?? '';
  const stackName = Stack.of(scope).stackName;
  const address = props.publicAddress ?? props.instance.instancePublicIp;
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.savePrivateKeyCommand}`, {
    description: 'Saves the private key of the lab key pair to a file only you can read',
    value:
      `aws ssm get-parameter --region ${Aws.REGION} --name ${props.keyPair.privateKey.parameterName} ` +
      `--with-decryption --query Parameter.Value --output text > ${props.keyFile} && chmod 0400 ${props.keyFile}`,
  });
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.sshCommand}`, {
    description: 'SSH into the instance (works only from sshCidr)',
    value: props.sshCidr
      ? `ssh -i ${props.keyFile} ec2-user@${address}`
      : `SSH is closed: no sshCidr. Open it with: npx cdk deploy ${stackName} -c sshCidr=<your public IP>/32`,
  });
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.sessionManagerCommand}`, {
    description: 'A shell on the instance without SSH (needs the Session Manager plugin for the AWS CLI)',
    value: `aws ssm start-session --region ${Aws.REGION} --target ${props.instance.instanceId}`,
  });
}
