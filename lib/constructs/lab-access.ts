import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { KeyFormat } from '../settings';
import { ACCESS_OUTPUTS, SSH_USER, keyFileFor, sshConfigBlock, sshHostAlias } from './lab-access-outputs';

/** The SSH rule's description, the same in every lab. */
export const SSH_RULE_DESCRIPTION = 'SSH from your network (sshCidr)';

/** Opens SSH (TCP 22) to the learner's own network; with no `sshCidr`, SSH stays closed. */
export function allowSshFrom(securityGroup: ec2.SecurityGroup, sshCidr: string | undefined): void {
  if (!sshCidr) return;
  const peer = sshCidr.includes(':') ? ec2.Peer.ipv6(sshCidr) : ec2.Peer.ipv4(sshCidr);
  securityGroup.addIngressRule(peer, ec2.Port.tcp(22), SSH_RULE_DESCRIPTION);
}

/** Props of {@link SshSecurityGroup}. */
export interface SshSecurityGroupProps {
  readonly vpc: ec2.IVpc;
  /** The learner's network, already validated (never the world). */
  readonly sshCidr: string;
  /** The instances it is attached to, as an extra group next to their own. */
  readonly instances: readonly ec2.Instance[];
}

/**
 * The notes' "keep a separate security group for SSH access": one group with only the
 * SSH rule, attached to the lab's instances next to the group of their application. The
 * application's rules stay readable on their own, and SSH is closed for every instance
 * at once by detaching (or deleting) this one group.
 */
export class SshSecurityGroup extends Construct {
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SshSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'SSH only, from your network (sshCidr): kept apart from the application rules',
      // Replies to SSH need no outbound rule (security groups are stateful); the
      // application's group keeps the instance's outbound traffic.
      allowAllOutbound: false,
    });
    allowSshFrom(this.securityGroup, props.sshCidr);
    for (const instance of props.instances) instance.addSecurityGroup(this.securityGroup);
  }
}

/** A {@link SshSecurityGroup} for these instances when `sshCidr` is set; none (SSH closed) otherwise. */
export function addSshSecurityGroup(
  scope: Construct,
  vpc: ec2.IVpc,
  sshCidr: string | undefined,
  instances: readonly ec2.Instance[],
): SshSecurityGroup | undefined {
  return sshCidr ? new SshSecurityGroup(scope, 'SshSecurityGroup', { vpc, sshCidr, instances }) : undefined;
}

/**
 * A key pair created by the stack. EC2 keeps its private key in the SSM parameter
 * `/ec2/keypair/<key pair id>` (never in the template or the outputs), and deletes
 * both with the stack. ED25519 in either format: EC2 writes ED25519 keys as `.ppk` too,
 * and PuTTY reads them (0.75 and later read every .ppk version).
 */
export function createLabKeyPair(scope: Construct, format: KeyFormat): ec2.KeyPair {
  return new ec2.KeyPair(scope, 'KeyPair', {
    type: ec2.KeyPairType.ED25519,
    format: format === 'ppk' ? ec2.KeyPairFormat.PPK : ec2.KeyPairFormat.PEM,
  });
}

export interface AccessOutputsProps {
  readonly instance: ec2.Instance;
  readonly keyPair: ec2.KeyPair;
  readonly sshCidr?: string;
  /** File the private key is saved to, e.g. `lab-ec2.pem`; its extension follows the key pair's format. */
  readonly keyFile: string;
  /** Address used for SSH. @default - the instance's public IP */
  readonly publicAddress?: string;
  /** Prefix of the output ids, for labs with several instances. @default '' */
  readonly prefix?: string;
}

/**
 * The outputs that get a learner into an instance: save the key (mode 0400 for OpenSSH,
 * the notes' "UNPROTECTED PRIVATE KEY FILE" lesson), `ssh -i` or PuTTY, a `~/.ssh/config`
 * block, and Session Manager.
 */
export function addAccessOutputs(scope: Construct, props: AccessOutputsProps): void {
  const prefix = props.prefix ?? '';
  const stackName = Stack.of(scope).stackName;
  const address = props.publicAddress ?? props.instance.instancePublicIp;
  const ppk = props.keyPair.format === ec2.KeyPairFormat.PPK;
  const keyFile = keyFileFor(props.keyFile, ppk ? 'ppk' : 'pem');
  const closed = `SSH is closed: no sshCidr. Open it with: npx cdk deploy ${stackName} -c sshCidr=<your public IP>/32`;
  const getKey =
    `aws ssm get-parameter --region ${Aws.REGION} --name ${props.keyPair.privateKey.parameterName} ` +
    '--with-decryption --query Parameter.Value --output text';
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.savePrivateKeyCommand}`, {
    description: ppk
      ? 'Saves the private key for PuTTY (Windows PowerShell; Out-File keeps it ASCII, which PuTTY needs)'
      : 'Saves the private key of the lab key pair to a file only you can read',
    value: ppk ? `${getKey} | Out-File -Encoding ascii ${keyFile}` : `${getKey} > ${keyFile} && chmod 0400 ${keyFile}`,
  });
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.sshCommand}`, {
    description: ppk ? 'PuTTY into the instance (works only from sshCidr)' : 'SSH into the instance (works only from sshCidr)',
    value: !props.sshCidr ? closed : ppk ? `putty -ssh -i ${keyFile} ${SSH_USER}@${address}` : `ssh -i ${keyFile} ${SSH_USER}@${address}`,
  });
  const host = sshHostAlias(props.keyFile, prefix);
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.sshConfig}`, {
    description: `Append to ~/.ssh/config, move the key to ~/.ssh/${keyFile}, then: ssh ${host}`,
    value: !props.sshCidr
      ? closed
      : ppk
        ? `OpenSSH (ssh, ~/.ssh/config) cannot read a .ppk key: use PuTTY, or deploy with -c keyFormat=pem for ssh`
        : sshConfigBlock(host, address, keyFile),
  });
  new CfnOutput(scope, `${prefix}${ACCESS_OUTPUTS.sessionManagerCommand}`, {
    description: 'A shell on the instance without SSH (needs the Session Manager plugin for the AWS CLI)',
    value: `aws ssm start-session --region ${Aws.REGION} --target ${props.instance.instanceId}`,
  });
}
