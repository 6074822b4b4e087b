import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Tags, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Folder of the first-boot scripts (`userdata/` at the top of the repo). */
export const USER_DATA_DIR = path.join(__dirname, '..', '..', 'userdata');

/** The text of a script in `userdata/`, the one source of truth for what runs at first boot. */
export function readUserDataScript(fileName: string): string {
  return fs.readFileSync(path.join(USER_DATA_DIR, fileName), 'utf8');
}

/** Root volume size of the Amazon Linux 2023 AMI, in GiB. */
export const ROOT_VOLUME_GIB = 8;

export interface LabInstanceProps {
  /** The lab's network; the instance goes in one of its public subnets. */
  readonly vpc: ec2.IVpc;
  /** Instance type, e.g. `t3.micro`; the AMI's CPU architecture follows it (t4g: arm64). */
  readonly instanceType: string;
  /** The instance's firewall. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The `Name` tag shown in the EC2 console. */
  readonly name: string;
  /**
   * Public subnet to launch in.
   * @default - the first public subnet
   */
  readonly subnet?: ec2.ISubnet;
  /**
   * Shell script run once, as root, at first boot; a change replaces the instance.
   * @default - none
   */
  readonly userDataScript?: string;
  /**
   * Key pair for SSH.
   * @default - none (Session Manager only)
   */
  readonly keyPair?: ec2.IKeyPair;
}

/**
 * One lab instance as the course launches it, with today's safe defaults:
 * Amazon Linux 2023 from its public SSM parameter (no lookup), IMDSv2 required,
 * an encrypted gp3 root volume, standard CPU credits on burstable types (no
 * surprise "unlimited" charges), and a role that lets Session Manager in without
 * SSH or a key.
 */
export class LabInstance extends Construct {
  readonly instance: ec2.Instance;

  constructor(scope: Construct, id: string, props: LabInstanceProps) {
    super(scope, id);
    const instanceType = new ec2.InstanceType(props.instanceType);
    const cpuType =
      instanceType.architecture === ec2.InstanceArchitecture.ARM_64
        ? ec2.AmazonLinuxCpuType.ARM_64
        : ec2.AmazonLinuxCpuType.X86_64;

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Lets Session Manager reach ${props.name} without SSH`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'AmazonSSMManagedInstanceCore is the minimal AWS-maintained policy for Session Manager access.',
    });

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: props.subnet ? { subnets: [props.subnet] } : { subnetType: ec2.SubnetType.PUBLIC },
      instanceType,
      // AWS's kernel-default parameter, resolved at deploy time (latestAmazonLinux2023()
      // would pin the kernel CDK knew of and replace the instance when CDK moves on).
      machineImage: new ec2.AmazonLinux2023ImageSsmParameter({
        cpuType,
        kernel: ec2.AmazonLinux2023Kernel.DEFAULT,
        cachedInContext: false,
      }),
      securityGroup: props.securityGroup,
      role,
      keyPair: props.keyPair,
      requireImdsv2: true,
      // T3 and T4g default to "unlimited" credits, which bill for sustained CPU.
      creditSpecification: instanceType.isBurstable() ? ec2.CpuCredits.STANDARD : undefined,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(ROOT_VOLUME_GIB, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
      userData: props.userDataScript ? ec2.UserData.custom(props.userDataScript) : undefined,
      userDataCausesReplacement: props.userDataScript ? true : undefined,
    });
    Tags.of(this.instance).add('Name', props.name);
    Validations.of(this.instance).acknowledge(
      {
        id: 'AwsSolutions-EC28',
        reason: 'Detailed (1-minute) monitoring bills per metric; basic 5-minute monitoring is enough for a lab.',
      },
      {
        id: 'AwsSolutions-EC29',
        reason: 'A lab instance must be removable by cdk destroy, so it has no termination protection or Auto Scaling group.',
      },
    );
  }
}
