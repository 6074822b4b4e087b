import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';

/** A deployed lab as CloudFormation describes it. */
export interface LabStack {
  /** Stack name, which is the lab id: `LabEc2`. */
  readonly name: string;
  readonly status: string;
  /** Account that owns the stack, read from its ARN. */
  readonly accountId: string;
  readonly region: string;
  /** Output key to value. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly parameters: readonly Parameter[];
}

/** The lab's stack does not exist in that region (never deployed, or destroyed). */
export class LabNotDeployed extends Error {
  constructor(
    readonly lab: string,
    readonly region: string,
  ) {
    super(`${lab} is not deployed in ${region}. Deploy it with: npx cdk deploy ${lab}`);
    this.name = 'LabNotDeployed';
  }
}

/** The stack exists but is not in a state worth checking. */
export class LabStackUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabStackUnusable';
  }
}

/**
 * What a stack status means for the learner, or undefined when the lab can be
 * checked (CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, which
 * left the previous, working version in place).
 */
export function stackStatusProblem(lab: string, status: string): string | undefined {
  if (['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE'].includes(status)) {
    return undefined;
  }
  if (status.endsWith('_IN_PROGRESS')) {
    return `${lab} is ${status}: wait for the deployment to finish, then run the check again.`;
  }
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'CREATE_FAILED') {
    return `${lab} failed to deploy (${status}): see the stack's events in the CloudFormation console, then run npx cdk destroy ${lab} && npx cdk deploy ${lab}`;
  }
  if (status === 'DELETE_FAILED') {
    return `${lab} could not be deleted (${status}): see the stack's events in the CloudFormation console, then run npx cdk destroy ${lab} again.`;
  }
  return `${lab} is in state ${status}: see the stack's events in the CloudFormation console, then run npx cdk deploy ${lab}`;
}

/** Finds the lab's stack by its name; throws LabNotDeployed or LabStackUnusable. */
export async function findLabStack(cfn: CloudFormationClient, lab: string): Promise<LabStack> {
  const region = await cfn.config.region();
  let stack: Stack | undefined;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: lab }))).Stacks?.[0];
  } catch (error) {
    // CloudFormation answers a missing stack with a ValidationError "... does not exist".
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) {
      throw new LabNotDeployed(lab, region);
    }
    throw error;
  }
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') throw new LabNotDeployed(lab, region);
  const status = stack.StackStatus ?? 'UNKNOWN';
  const problem = stackStatusProblem(lab, status);
  if (problem) throw new LabStackUnusable(problem);
  const outputs: Record<string, string> = {};
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  return {
    name: lab,
    status,
    accountId: stack.StackId?.split(':')[4] ?? '',
    region,
    outputs,
    parameters: stack.Parameters ?? [],
  };
}

/** A resource of the stack's template, as written (intrinsic functions unresolved). */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** The resources of the deployed template. CDK writes JSON templates. */
export async function templateResources(cfn: CloudFormationClient, stackName: string): Promise<Record<string, TemplateResource>> {
  const body = (await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody ?? '{}';
  const template = JSON.parse(body) as { Resources?: Record<string, TemplateResource> };
  return template.Resources ?? {};
}

/**
 * The value CloudFormation resolved for an SSM-typed parameter at deploy time
 * (the AMI id behind `/aws/service/ami-amazon-linux-latest/...`).
 */
export function resolvedParameter(stack: LabStack, key: string): string | undefined {
  const parameter = stack.parameters.find((p) => p.ParameterKey === key);
  // ResolvedValue is set for SSM-typed parameters; ParameterValue then holds the SSM path.
  return parameter?.ResolvedValue ?? parameter?.ParameterValue;
}
