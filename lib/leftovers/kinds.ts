/**
 * One typed table of what `leftovers` can find: for each kind of resource, how its ARN
 * names it, what people call it, and the AWS CLI command that removes it. The scan looks
 * kinds up here; nothing switches on a label.
 */

export interface ParsedArn {
  readonly service: string;
  readonly region: string;
  /** The part after the account, e.g. `instance/i-0abc` or `log-group:/aws/lambda/X`. */
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn {
  const parts = arn.split(':');
  return { service: parts[2] ?? '', region: parts[3] ?? '', resource: parts.slice(5).join(':') };
}

/** A kind of resource the scan may report. */
export interface LeftoverKind {
  /** What people call it: "EC2 instance". */
  readonly label: string;
  /** The id the removal command takes, from the ARN. */
  readonly idFromArn: (arn: string, resourceTail: string) => string;
  /** The AWS CLI command that removes it. */
  readonly remove: (id: string, region: string) => string;
}

const tail = (_arn: string, rest: string) => rest;
const wholeArn = (arn: string) => arn;
const aws = (command: string, flag: string) => (id: string, region: string) => `aws ${command} --region ${region} ${flag} ${id}`;

/** Keyed by `<service>:<resource type>` as ARNs spell them; `stack`, `iam-group`, … for what no ARN of the Tagging API names. */
export const LEFTOVER_KINDS = {
  'ec2:instance': { label: 'EC2 instance', idFromArn: tail, remove: aws('ec2 terminate-instances', '--instance-ids') },
  'ec2:volume': { label: 'EBS volume', idFromArn: tail, remove: aws('ec2 delete-volume', '--volume-id') },
  'ec2:snapshot': { label: 'EBS snapshot', idFromArn: tail, remove: aws('ec2 delete-snapshot', '--snapshot-id') },
  'ec2:image': { label: 'AMI', idFromArn: tail, remove: (id, region) => `aws ec2 deregister-image --region ${region} --image-id ${id} (then delete its snapshots)` },
  'ec2:elastic-ip': { label: 'Elastic IP', idFromArn: tail, remove: aws('ec2 release-address', '--allocation-id') },
  'ec2:natgateway': { label: 'NAT gateway', idFromArn: tail, remove: aws('ec2 delete-nat-gateway', '--nat-gateway-id') },
  'ec2:key-pair': { label: 'key pair', idFromArn: tail, remove: aws('ec2 delete-key-pair', '--key-pair-id') },
  'ec2:security-group': { label: 'security group', idFromArn: tail, remove: aws('ec2 delete-security-group', '--group-id') },
  'ec2:vpc': { label: 'VPC', idFromArn: tail, remove: aws('ec2 delete-vpc', '--vpc-id') },
  'ec2:subnet': { label: 'subnet', idFromArn: tail, remove: aws('ec2 delete-subnet', '--subnet-id') },
  'ec2:internet-gateway': {
    label: 'internet gateway',
    idFromArn: tail,
    remove: (id, region) => `aws ec2 delete-internet-gateway --region ${region} --internet-gateway-id ${id} (detach it first: aws ec2 detach-internet-gateway)`,
  },
  'ec2:route-table': { label: 'route table', idFromArn: tail, remove: aws('ec2 delete-route-table', '--route-table-id') },
  'ec2:launch-template': { label: 'launch template', idFromArn: tail, remove: aws('ec2 delete-launch-template', '--launch-template-id') },
  'ec2:network-interface': { label: 'network interface', idFromArn: tail, remove: aws('ec2 delete-network-interface', '--network-interface-id') },
  'elasticloadbalancing:loadbalancer': { label: 'load balancer', idFromArn: wholeArn, remove: aws('elbv2 delete-load-balancer', '--load-balancer-arn') },
  'elasticloadbalancing:targetgroup': { label: 'target group', idFromArn: wholeArn, remove: aws('elbv2 delete-target-group', '--target-group-arn') },
  'elasticloadbalancing:listener': { label: 'listener', idFromArn: wholeArn, remove: aws('elbv2 delete-listener', '--listener-arn') },
  'secretsmanager:secret': {
    label: 'Secrets Manager secret',
    idFromArn: wholeArn,
    remove: (id, region) => `aws secretsmanager delete-secret --region ${region} --secret-id ${id} --force-delete-without-recovery`,
  },
  'ssm:parameter': { label: 'SSM parameter', idFromArn: (_arn, rest) => `/${rest}`, remove: aws('ssm delete-parameter', '--name') },
  'lambda:function': { label: 'Lambda function', idFromArn: (_arn, rest) => rest.split(':')[0], remove: aws('lambda delete-function', '--function-name') },
  'logs:log-group': { label: 'log group', idFromArn: (_arn, rest) => rest.replace(/:\*$/, ''), remove: aws('logs delete-log-group', '--log-group-name') },
  'scheduler:schedule': {
    label: 'EventBridge schedule',
    idFromArn: (_arn, rest) => rest.split('/').slice(-1)[0],
    remove: (id, region) => `aws scheduler delete-schedule --region ${region} --name ${id}`,
  },
  'iam:role': { label: 'IAM role', idFromArn: (_arn, rest) => rest.split('/').slice(-1)[0], remove: (id) => `aws iam delete-role --role-name ${id} (detach its policies first)` },
  'iam:user': { label: 'IAM user', idFromArn: (_arn, rest) => rest.split('/').slice(-1)[0], remove: (id) => `aws iam delete-user --user-name ${id}` },
  'iam:group': { label: 'IAM group', idFromArn: (_arn, rest) => rest.split('/').slice(-1)[0], remove: (id) => `aws iam delete-group --group-name ${id}` },
  'cloudformation:stack': { label: 'CloudFormation stack', idFromArn: (_arn, rest) => rest.split('/')[0], remove: aws('cloudformation delete-stack', '--stack-name') },
} as const satisfies Record<string, LeftoverKind>;

export type KindKey = keyof typeof LEFTOVER_KINDS;

/** The table's key of an ARN (`ec2:instance`) and the part after the type (`i-0abc`). */
export function kindKeyOf(arn: string): { key: string; rest: string } {
  const { service, resource } = parseArn(arn);
  const type = resource.split(/[:/]/)[0];
  return { key: `${service}:${type}`, rest: resource.slice(type.length + 1) };
}

/** What an ARN names: its kind (undefined for a type the table does not know) and its id. */
export function describeArn(arn: string): { kind?: KindKey; label: string; id: string } {
  const { key, rest } = kindKeyOf(arn);
  if (!Object.hasOwn(LEFTOVER_KINDS, key)) return { label: key.replace(':', ' '), id: arn };
  const kind = key as KindKey;
  return { kind, label: LEFTOVER_KINDS[kind].label, id: LEFTOVER_KINDS[kind].idFromArn(arn, rest) };
}

/** The command that removes a resource; for a kind the table does not know, where to look. */
export function removeCommand(kind: KindKey | undefined, id: string, region: string): string {
  return kind ? LEFTOVER_KINDS[kind].remove(id, region) : `remove it in the console (no command known for this type): ${id}`;
}

/**
 * A key that is the same for one resource whichever scan found it:
 * `ec2:instance/i-0abc`, `logs:log-group:/aws/lambda/X`, `ssm:parameter/ec2/keypair/key-1`.
 */
export function resourceKey(service: string, resource: string): string {
  return `${service}:${resource.replace(/:\*$/, '')}`;
}
