import * as path from 'node:path';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Aws, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../../compliance/controls';
import { bundleInputsHash } from '../../constructs/account-setting-function';
import { AMI_RESOURCE_TYPE, REQUEST_TAG_KEY } from '../../handlers/ami-from-instance-names';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../../tags';

const HANDLER_FILE = 'ami-from-instance.ts';

/**
 * The Lambda's timeout, the most Lambda allows. An 8 GiB root volume is an AMI in a few
 * minutes; the handler stops waiting about 50 s before this, removes what it made and
 * answers FAILED (lib/handlers/ami-from-instance.ts).
 */
export const AMI_FUNCTION_TIMEOUT = Duration.minutes(15);

/** CloudFormation's own limit for an answer: above the Lambda's timeout plus its queue (maxEventAge). */
export const AMI_SERVICE_TIMEOUT = Duration.minutes(17);

/** Props of {@link AmiFromInstance}. */
export interface AmiFromInstanceProps {
  /** The instance the image is made of; it reboots once (a consistent image). */
  readonly instance: ec2.Instance;
  /** Start of the image's name; a UTC time stamp follows. */
  readonly namePrefix: string;
}

/**
 * A custom AMI of an instance (Custom::AmiFromInstance), deregistered with its snapshots
 * when the stack is deleted. One Lambda answers CloudFormation itself (no Provider
 * framework: no second function, no state machine), within its 15 minutes.
 */
export class AmiFromInstance extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly resource: CustomResource;
  /** The image's id (`ami-…`), known once the image is available. */
  readonly imageId: string;
  readonly imageName: string;

  constructor(scope: Construct, id: string, props: AmiFromInstanceProps) {
    super(scope, id);
    const lab = Stack.of(this).stackName;
    const tags = { [PROJECT_TAG_KEY]: PROJECT_TAG_VALUE, [LAB_TAG_KEY]: lab };
    const arn = (resource: string, account: string = Aws.ACCOUNT_ID) => `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${account}:${resource}`;
    // Images and snapshots have no account in their ARN.
    const images = arn('image/*', '');
    const snapshots = arn('snapshot/*', '');
    const taggedAsLab = (prefix: 'aws:RequestTag' | 'aws:ResourceTag') =>
      Object.fromEntries(Object.entries(tags).map(([key, value]) => [`${prefix}/${key}`, value]));

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const control of ['CT.CLOUDWATCH.PR.2', 'CT.CLOUDWATCH.PR.3']) acknowledgeControl(this.logGroup, control);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Makes ${lab}'s AMI from its builder instance and removes it (and its snapshots) on delete`,
      inlinePolicies: {
        WriteOwnLogs: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
        }),
        MakeAndRemoveTheImage: new iam.PolicyDocument({
          statements: [
            // Of this one instance only; the image must carry the lab's tags from its creation.
            new iam.PolicyStatement({ sid: 'ImageOfTheBuilderOnly', actions: ['ec2:CreateImage'], resources: [arn(`instance/${props.instance.instanceId}`)] }),
            new iam.PolicyStatement({
              sid: 'ImageTaggedAsTheLab',
              actions: ['ec2:CreateImage'],
              resources: [images],
              conditions: { StringEquals: taggedAsLab('aws:RequestTag') },
            }),
            new iam.PolicyStatement({ sid: 'SnapshotsOfTheImage', actions: ['ec2:CreateImage'], resources: [snapshots] }),
            new iam.PolicyStatement({
              sid: 'TagTheImageAtCreation',
              actions: ['ec2:CreateTags'],
              resources: [images],
              conditions: { StringEquals: { 'ec2:CreateAction': 'CreateImage' } },
            }),
            new iam.PolicyStatement({
              sid: 'TagTheSnapshotsAsTheLab',
              actions: ['ec2:CreateTags'],
              resources: [snapshots],
              conditions: {
                StringEquals: taggedAsLab('aws:RequestTag'),
                'ForAllValues:StringEquals': { 'aws:TagKeys': [...Object.keys(tags), 'Name', REQUEST_TAG_KEY] },
              },
            }),
            new iam.PolicyStatement({ sid: 'ReadImagesAndSnapshots', actions: ['ec2:DescribeImages', 'ec2:DescribeSnapshots'], resources: ['*'] }),
            new iam.PolicyStatement({
              sid: 'RemoveOnlyTheLabsImages',
              actions: ['ec2:DeregisterImage'],
              resources: [images],
              conditions: { StringEquals: taggedAsLab('aws:ResourceTag') },
            }),
            new iam.PolicyStatement({
              sid: 'RemoveOnlyTheLabsSnapshots',
              actions: ['ec2:DeleteSnapshot'],
              resources: [snapshots],
              conditions: { StringEquals: taggedAsLab('aws:ResourceTag') },
            }),
          ],
        }),
      },
    });
    Validations.of(this.role).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'DescribeImages and DescribeSnapshots have no resource-level permissions: IAM accepts only "*".' },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>::image/*]',
        reason: 'The image id is not known before CreateImage; creating, tagging and deregistering are limited to images tagged with this lab.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>::snapshot/*]',
        reason: 'Snapshot ids are not known before CreateImage; tagging and deleting are limited to snapshots tagged with this lab.',
      },
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(__dirname, '..', '..', 'handlers', HANDLER_FILE),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: AMI_FUNCTION_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      // One attempt, and no event older than a minute: a late retry would make a second image
      // after CloudFormation gave up on the first.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      bundling: {
        externalModules: [],
        minify: true,
        sourceMap: false,
        format: OutputFormat.CJS,
        assetHash: bundleInputsHash(HANDLER_FILE),
      },
    });
    this.function.node.addDependency(this.role);
    acknowledgeControl(this.function, 'CT.LAMBDA.PR.3');

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: AMI_RESOURCE_TYPE,
      properties: { InstanceId: props.instance.instanceId, NamePrefix: props.namePrefix, Tags: tags },
      serviceTimeout: AMI_SERVICE_TIMEOUT,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.imageId = this.resource.getAttString('ImageId');
    this.imageName = this.resource.getAttString('ImageName');
  }
}

/** A machine image whose id is only known at deploy time (the custom resource's attribute). */
export class DeployTimeImage implements ec2.IMachineImage {
  constructor(private readonly imageId: string) {}

  getImage(): ec2.MachineImageConfig {
    // No user data beyond the shebang: the image already holds Apache and the page.
    return { imageId: this.imageId, osType: ec2.OperatingSystemType.LINUX, userData: ec2.UserData.forLinux() };
  }
}
