import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../compliance/controls';
import { DEFAULT_RECORD_REGION, RECORD_REGION_ENV, type RecordParameters } from '../handlers/account-setting-names';

const HANDLERS_DIR = path.join(__dirname, '..', 'handlers');
const PACKAGE_LOCK = path.join(__dirname, '..', '..', 'package-lock.json');

const BUNDLING = {
  // Bundle the SDK version the tests ran against instead of the runtime's copy.
  externalModules: [],
  minify: true,
  sourceMap: false,
  format: OutputFormat.CJS,
};

/**
 * A hash of everything that goes into a handler's bundle: the handler sources (they
 * import only each other and the AWS SDK), the locked dependency versions (the SDK,
 * esbuild) and the bundling options.
 */
export function bundleInputsHash(handlerFile: string): string {
  const hash = crypto.createHash('sha256').update(handlerFile).update(JSON.stringify(BUNDLING));
  for (const file of fs.readdirSync(HANDLERS_DIR).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(HANDLERS_DIR, file)));
  }
  return hash.update(fs.readFileSync(PACKAGE_LOCK)).digest('hex');
}

/**
 * The Lambda's timeout. The handler answers FAILED about 33 s before it (cfn-response.ts
 * keeps that for the answer), and no handler outlives the record's lock (LOCK_TTL_MS).
 */
export const ACCOUNT_SETTING_FUNCTION_TIMEOUT = Duration.seconds(90);

/**
 * CloudFormation's own limit for an answer (ServiceTimeout of the custom resource), in case
 * the function never runs or its answer never arrives: a few minutes instead of the default
 * hour. Above the Lambda's timeout, with room for the asynchronous invocation's queue.
 */
export const CUSTOM_RESOURCE_SERVICE_TIMEOUT = Duration.minutes(3);

/** Props of {@link AccountSettingFunction}. */
export interface AccountSettingFunctionProps {
  /** Handler source file in lib/handlers/, exporting `handler`. */
  readonly handlerFile: string;
  /** The IAM actions the handler calls, and nothing else. */
  readonly iamActions: string[];
  /** Why these actions need `Resource: *`, for the cdk-nag acknowledgement. */
  readonly whyAllResources: string;
  /** The account-wide record (and its lock) of the setting: the only SSM parameters the handler may touch. */
  readonly record: RecordParameters;
  /**
   * The region of the record: one fixed region for the whole account, whatever region the lab is in.
   * @default 'us-east-1'
   */
  readonly recordRegion?: string;
}

/**
 * The Lambda function behind an account-wide custom resource: TypeScript bundled by
 * esbuild at synth time, arm64, with its own log group that `cdk destroy` deletes, and
 * a role allowed exactly the IAM actions its handler calls and the setting's own
 * account-wide record in SSM (no managed policy).
 * No Provider framework: the handler answers CloudFormation itself (lib/handlers/cfn-response.ts),
 * which saves a second Lambda and its log group.
 */
export class AccountSettingFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  /** The region of the account-wide record. */
  readonly recordRegion: string;

  constructor(scope: Construct, id: string, props: AccountSettingFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const control of ['CT.CLOUDWATCH.PR.2', 'CT.CLOUDWATCH.PR.3']) acknowledgeControl(this.logGroup, control);
    this.recordRegion = props.recordRegion ?? DEFAULT_RECORD_REGION;
    const parameterArn = (name: string) => `arn:${Aws.PARTITION}:ssm:${this.recordRegion}:${Aws.ACCOUNT_ID}:parameter${name}`;
    const role = (this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${path.basename(props.handlerFile)}: ${props.iamActions.join(', ')}`,
      // Inline policies live in the role itself, so they exist before the function first runs.
      inlinePolicies: {
        WriteOwnLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
        ManageAccountSetting: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: props.iamActions, resources: ['*'] })],
        }),
        // The account-wide record and its lock, by exact name: nothing else in Parameter Store.
        KeepAccountWideRecord: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource'],
              resources: [parameterArn(props.record.record), parameterArn(props.record.lock)],
            }),
          ],
        }),
      },
    }));
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: props.whyAllResources });

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(HANDLERS_DIR, props.handlerFile),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: ACCOUNT_SETTING_FUNCTION_TIMEOUT,
      role,
      environment: { [RECORD_REGION_ENV]: this.recordRegion },
      logGroup: this.logGroup,
      // CloudFormation invokes asynchronously. A retried or long-queued Create could run after
      // CloudFormation gave up on it and sent the rollback's Delete, and join the record again:
      // one attempt (the answer's PUT is retried instead), and an event that waited a minute
      // in the queue is dropped. Queue + run (60 s + 90 s) stay below the service timeout.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      bundling: {
        ...BUNDLING,
        // Known before bundling, so a `cdk synth` whose cdk.out already holds this bundle
        // skips esbuild (CDK reuses asset.<hash>); any change to what goes in changes it.
        assetHash: bundleInputsHash(props.handlerFile),
      },
    });
    acknowledgeControl(this.function, 'CT.LAMBDA.PR.3');
  }
}
