import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

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

/** Props of {@link AccountSettingFunction}. */
export interface AccountSettingFunctionProps {
  /** Handler source file in lib/handlers/, exporting `handler`. */
  readonly handlerFile: string;
  /** The IAM actions the handler calls, and nothing else. */
  readonly iamActions: string[];
  /** Why these actions need `Resource: *`, for the cdk-nag acknowledgement. */
  readonly whyAllResources: string;
}

/**
 * The Lambda function behind an account-wide custom resource: TypeScript bundled by
 * esbuild at synth time, arm64, with its own log group that `cdk destroy` deletes, and
 * a role allowed exactly the IAM actions its handler calls (no managed policy).
 * No Provider framework: the handler answers CloudFormation itself (lib/handlers/cfn-response.ts),
 * which saves a second Lambda and its log group.
 */
export class AccountSettingFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AccountSettingFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
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
      },
    });
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: props.whyAllResources });

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(HANDLERS_DIR, props.handlerFile),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(2),
      role,
      logGroup: this.logGroup,
      // CloudFormation invokes asynchronously; a retried Create would read the lab's own
      // settings as "what was there before". One attempt; a failure is reported to CloudFormation.
      retryAttempts: 0,
      bundling: {
        ...BUNDLING,
        // Known before bundling, so a `cdk synth` whose cdk.out already holds this bundle
        // skips esbuild (CDK reuses asset.<hash>); any change to what goes in changes it.
        assetHash: bundleInputsHash(props.handlerFile),
      },
    });
  }
}
