import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Aws, Tags, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../compliance/controls';

/** Folder of the first-boot scripts (`userdata/` at the top of the repo). */
export const USER_DATA_DIR = path.join(__dirname, '..', '..', 'userdata');

/** The text of a script in `userdata/`, the one source of truth for what runs at first boot. */
export function readUserDataScript(fileName: string): string {
  return fs.readFileSync(path.join(USER_DATA_DIR, fileName), 'utf8');
}

/**
 * Where `cdk deploy` keeps the private key of every key pair it creates (`/ec2/keypair/<id>`):
 * the keys of every lab, in every region.
 */
export const KEY_PAIR_PARAMETER_PATH = '/ec2/keypair';

/** Every Parameter Store action that can return a parameter's value. */
export const PARAMETER_READ_ACTIONS = [
  'ssm:GetParameter',
  'ssm:GetParameterHistory',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
] as const;

/**
 * Explicit denies that keep the lab's private keys away from code running on the
 * instance. AmazonSSMManagedInstanceCore (Session Manager) allows ssm:GetParameter(s) on
 * `*`, so a compromised web server could otherwise read every key under `/ec2/keypair/`.
 * GetParametersByPath is authorized against the path asked for, not the parameters it
 * returns, so every ancestor path (`/ec2/keypair`, `/ec2`, `/`) is denied too, as AWS's
 * "Restricting access to specific parameters and paths" says. Session Manager needs none
 * of these (it uses ssmmessages and ssm:UpdateInstanceInformation).
 */
export function denyKeyPairReads(): iam.PolicyDocument {
  // Any region: a lab deployed in another region keeps its key there.
  const parameterArn = (name: string) => `arn:${Aws.PARTITION}:ssm:*:*:parameter/${name}`;
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'DenyReadingKeyPairPrivateKeys',
        effect: iam.Effect.DENY,
        actions: [...PARAMETER_READ_ACTIONS],
        resources: [parameterArn(`${KEY_PAIR_PARAMETER_PATH.slice(1)}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'DenyReadingKeyPairsByAncestorPath',
        effect: iam.Effect.DENY,
        actions: ['ssm:GetParametersByPath'],
        resources: [parameterArn('ec2/keypair'), parameterArn('ec2'), parameterArn('')],
      }),
    ],
  });
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
  /**
   * CPU credits of a burstable (T) type: `UNLIMITED` bills for CPU above the baseline once
   * the earned credits are spent. Ignored (nothing set) on a type that is not burstable.
   * @default ec2.CpuCredits.STANDARD on a burstable type
   */
  readonly cpuCredits?: ec2.CpuCredits;
  /**
   * A launch template to launch from, for what an instance cannot say itself (the spot
   * market: AWS::EC2::Instance has no InstanceMarketOptions). The instance's own
   * properties win over the template's.
   * @default - none
   */
  readonly launchTemplate?: ec2.LaunchTemplate;
  /**
   * The image to launch (LabAmi: the custom AMI the lab made).
   * @default - Amazon Linux 2023 for the instance type's architecture
   */
  readonly machineImage?: ec2.IMachineImage;
}

/**
 * One lab instance as the course launches it, with today's safe defaults:
 * Amazon Linux 2023 from its public SSM parameter (no lookup), IMDSv2 required with a
 * hop limit of 1, an encrypted gp3 root volume, standard CPU credits on burstable types
 * (no surprise "unlimited" charges), and a role that lets Session Manager in without
 * SSH or a key, and that may not read any lab's private key.
 */
export class LabInstance extends Construct {
  readonly instance: ec2.Instance;
  /** The instance's role: Session Manager, and an explicit deny on the key pairs' parameters. */
  readonly role: iam.Role;

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
      inlinePolicies: { DenyKeyPairReads: denyKeyPairReads() },
    });
    this.role = role;
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
      machineImage: props.machineImage ?? new ec2.AmazonLinux2023ImageSsmParameter({
        cpuType,
        kernel: ec2.AmazonLinux2023Kernel.DEFAULT,
        cachedInContext: false,
      }),
      securityGroup: props.securityGroup,
      role,
      keyPair: props.keyPair,
      // IMDSv2 only, set on the instance itself (requireImdsv2 would add a launch template).
      // Hop limit 1: a container on the host cannot reach the role's credentials; the
      // AL2023 AMI's own default is 2.
      httpEndpoint: true,
      httpTokens: ec2.HttpTokens.REQUIRED,
      httpPutResponseHopLimit: 1,
      // T3 and T4g default to "unlimited" credits, which bill for sustained CPU.
      creditSpecification: instanceType.isBurstable() ? (props.cpuCredits ?? ec2.CpuCredits.STANDARD) : undefined,
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
    if (props.launchTemplate) {
      // CloudFormation takes a launch template version number only, never $Latest.
      (this.instance.node.defaultChild as ec2.CfnInstance).launchTemplate = {
        launchTemplateId: props.launchTemplate.launchTemplateId,
        version: props.launchTemplate.latestVersionNumber,
      };
    }
    Tags.of(this.instance).add('Name', props.name);
    // Control Tower controls this instance does not hold; the reasons are in lib/compliance/controls.ts.
    for (const id of ['CT.EC2.PR.8', 'CT.EC2.PR.13', 'CT.EC2.PR.19']) acknowledgeControl(this.instance, id);
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
