/**
 * The security baseline of the labs, stated against AWS's own rules: the AWS Foundational
 * Security Best Practices (Security Hub) controls and the AWS Control Tower proactive
 * controls that apply to what the labs create. Each is held, or not held with the reason a
 * learner understands. The Control Tower controls are cfn-guard rules: test/compliance
 * runs them on every lab's template, and a finding passes only where the construct that
 * builds the resource accepts it with acknowledgeControl(), which gives a not-held entry's
 * reason; an acknowledgement that no longer matches a finding fails too.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { markdownCell } from '../markdown';

/** Name under which CDK reports the cfn-guard plugin's findings (`<plugin>::<rule>`). */
export const GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

export type Framework = 'Security Hub FSBP' | 'Control Tower';

interface ControlBase {
  /** AWS's id: `EC2.8` (Security Hub), `CT.EC2.PR.8` (Control Tower). */
  readonly id: string;
  readonly framework: Framework;
  /** AWS's title of the control, shortened. */
  readonly title: string;
  /** For Control Tower controls: the cfn-guard rule name that reports it. */
  readonly guardRule?: string;
  /** Which of the kit's resources it is about, and where they are built. */
  readonly where: string;
}

export interface HeldControl extends ControlBase {
  readonly status: 'held';
  /** How the kit holds it. */
  readonly how: string;
}

export interface NotHeldControl extends ControlBase {
  readonly status: 'not held';
  /** Why not, in words a learner understands. */
  readonly reason: string;
}

export type Control = HeldControl | NotHeldControl;

const PUBLIC_IP_REASON =
  'The lesson reaches the instance from the internet (SSH, the web page, public vs private IP). Without a public IP ' +
  'it would need a NAT gateway or VPC endpoints, which bill by the hour.';
const PUBLIC_SUBNET_REASON =
  'The lab subnets give each instance its public IP at launch, as the default VPC does in the console (see CT.EC2.PR.8).';
const DETAILED_MONITORING_REASON =
  'Detailed (1-minute) monitoring bills per metric beyond the free tier; the free 5-minute metrics are enough for a lab.';

export const CONTROLS: readonly Control[] = [
  // ---- Control Tower proactive controls (cfn-guard rules, run on every template) ----
  {
    id: 'CT.EC2.PR.1', framework: 'Control Tower', guardRule: 'ec2_launch_template_imdsv2_check',
    title: 'EC2 launch templates require IMDSv2',
    where: "LabSpot's launch template (lib/labs/lab-spot/stack.ts)", status: 'held',
    how: 'The template requires session tokens (hop limit 1), as the instance launched from it does.',
  },
  {
    id: 'CT.EC2.PR.3', framework: 'Control Tower', guardRule: 'vpc_sg_open_only_to_authorized_ports_check',
    title: 'Security groups open to 0.0.0.0/0 or ::/0 only on ports 80 and 443',
    where: 'LabEc2 security group', status: 'not held',
    reason: "The notes' rule table opens the app port 4567 to the world for the lesson; SSH stays limited to your network.",
  },
  {
    id: 'CT.EC2.PR.8', framework: 'Control Tower', guardRule: 'ec2_instance_no_public_ip_check',
    title: 'EC2 instances have no public IP address',
    where: 'every lab instance (lib/constructs/lab-instance.ts)', status: 'not held', reason: PUBLIC_IP_REASON,
  },
  {
    id: 'CT.EC2.PR.10', framework: 'Control Tower', guardRule: 'ec2_launch_template_monitoring_enabled_check',
    title: 'EC2 launch templates turn on detailed monitoring',
    where: "LabSpot's launch template (lib/labs/lab-spot/stack.ts); the other labs have none", status: 'not held',
    reason: `The template only buys the instance on the spot market (AWS::EC2::Instance cannot). ${DETAILED_MONITORING_REASON}`,
  },
  {
    id: 'CT.EC2.PR.11', framework: 'Control Tower', guardRule: 'subnet_auto_assign_public_ip_disabled_check',
    title: 'Subnets do not auto-assign public IP addresses',
    where: 'the public subnets of every EC2 lab (lib/constructs/lab-vpc.ts)', status: 'not held', reason: PUBLIC_SUBNET_REASON,
  },
  {
    id: 'CT.EC2.PR.13', framework: 'Control Tower', guardRule: 'ec2_instance_detailed_monitoring_enabled_check',
    title: 'EC2 instances have detailed monitoring',
    where: 'every lab instance (lib/constructs/lab-instance.ts)', status: 'not held', reason: DETAILED_MONITORING_REASON,
  },
  {
    id: 'CT.EC2.PR.19', framework: 'Control Tower', guardRule: 'ec2_instance_nitro_encryption_in_transit_check',
    title: 'EC2 instances use a Nitro type that encrypts traffic between instances',
    where: 'every lab instance (lib/constructs/lab-instance.ts)', status: 'not held',
    reason:
      'The free-plan types (t3.micro, t4g.micro) are Nitro but do not encrypt traffic between instances in hardware; ' +
      'the types that do (c5n, m6i, ...) are not free-plan eligible.',
  },
  {
    id: 'CT.ELASTICLOADBALANCING.PR.1', framework: 'Control Tower', guardRule: 'alb_http_to_https_redirection_check',
    title: 'ALB listeners redirect HTTP to HTTPS',
    where: 'the HTTP listeners of LabAlb and LabAlbRouting', status: 'not held',
    reason: 'HTTPS needs a certificate for a domain you own; the lesson is a plain HTTP listener.',
  },
  {
    id: 'CT.ELASTICLOADBALANCING.PR.5', framework: 'Control Tower', guardRule: 'elbv2_deletion_protection_enabled_check',
    title: 'Load balancers have deletion protection',
    where: 'the load balancers of LabAlb, LabNlb and LabAlbRouting', status: 'not held',
    reason: 'Deletion protection would make `cdk destroy` fail, and a load balancer bills by the hour.',
  },
  {
    id: 'CT.ELASTICLOADBALANCING.PR.6', framework: 'Control Tower', guardRule: 'elbv2_logging_enabled_check',
    title: 'Load balancers write access logs',
    where: 'the load balancers of LabAlb, LabNlb and LabAlbRouting', status: 'not held',
    reason: 'Access logs need an S3 bucket that bills and outlives the lab; `npm run check` verifies the traffic instead.',
  },
  {
    id: 'CT.ELASTICLOADBALANCING.PR.14', framework: 'Control Tower', guardRule: 'nlb_cross_zone_load_balancing_enabled_check',
    title: 'Network Load Balancers have cross-zone load balancing',
    where: 'LabNlb load balancer', status: 'held',
    how: '`crossZoneEnabled: true`: each static address reaches the web servers of both Availability Zones.',
  },
  {
    id: 'CT.CLOUDWATCH.PR.2', framework: 'Control Tower', guardRule: 'cloudwatch_log_group_retention_period_check',
    title: 'Log groups keep their logs for at least a year',
    where: 'LabIam and LabAmi helper Lambdas (lib/constructs/account-setting-function.ts, lib/labs/lab-ami/ami-from-instance.ts)', status: 'not held',
    reason: 'The helper Lambda logs only at deploy and destroy; its log group keeps a week and goes away with the stack.',
  },
  {
    id: 'CT.CLOUDWATCH.PR.3', framework: 'Control Tower', guardRule: 'cloudwatch_log_group_encrypted_check',
    title: 'Log groups are encrypted with a KMS key',
    where: 'LabIam and LabAmi helper Lambdas (lib/constructs/account-setting-function.ts, lib/labs/lab-ami/ami-from-instance.ts)', status: 'not held',
    reason: 'A KMS key bills $1 a month and outlives the lab for at least 7 days; CloudWatch Logs encrypts every log group anyway.',
  },
  {
    id: 'CT.LAMBDA.PR.3', framework: 'Control Tower', guardRule: 'lambda_inside_vpc_check',
    title: 'Lambda functions run in a VPC',
    where: 'LabIam and LabAmi helper Lambdas (lib/constructs/account-setting-function.ts, lib/labs/lab-ami/ami-from-instance.ts)', status: 'not held',
    reason: 'In a VPC the helper would need a NAT gateway or an IAM endpoint, which bill by the hour, to reach IAM (LabIam) or EC2 (LabAmi).',
  },

  // ---- Security Hub, AWS Foundational Security Best Practices ----
  {
    id: 'EC2.2', framework: 'Security Hub FSBP', title: 'VPC default security groups allow no traffic',
    where: 'lib/constructs/lab-vpc.ts', status: 'not held',
    reason: "Closing the default group needs a helper Lambda whose log group would outlive the lab; nothing uses that group.",
  },
  {
    id: 'EC2.6', framework: 'Security Hub FSBP', title: 'VPC flow logging is enabled',
    where: 'lib/constructs/lab-vpc.ts', status: 'not held',
    reason: 'Flow logs bill per GB ingested; a short-lived lab VPC has no traffic worth auditing.',
  },
  {
    id: 'EC2.8', framework: 'Security Hub FSBP', title: 'EC2 instances use IMDSv2',
    where: 'lib/constructs/lab-instance.ts', status: 'held',
    how: 'HttpTokens required with a hop limit of 1, so containers on the host cannot reach the role credentials.',
  },
  {
    id: 'EC2.9', framework: 'Security Hub FSBP', title: 'EC2 instances have no public IPv4 address',
    where: 'lib/constructs/lab-instance.ts', status: 'not held', reason: PUBLIC_IP_REASON,
  },
  {
    id: 'EC2.13', framework: 'Security Hub FSBP', title: 'No ingress from 0.0.0.0/0 or ::/0 to port 22',
    where: 'lib/constructs/lab-access.ts, lib/settings.ts', status: 'held',
    how: 'SSH only from the `sshCidr` you set (never /0: the settings refuse it), or no SSH rule and Session Manager.',
  },
  {
    id: 'EC2.14', framework: 'Security Hub FSBP', title: 'No ingress from 0.0.0.0/0 or ::/0 to port 3389',
    where: 'every lab security group', status: 'held', how: 'No lab opens RDP.',
  },
  {
    id: 'EC2.15', framework: 'Security Hub FSBP', title: 'Subnets do not auto-assign public IPv4 addresses',
    where: 'lib/constructs/lab-vpc.ts', status: 'not held', reason: PUBLIC_SUBNET_REASON,
  },
  {
    id: 'EC2.17', framework: 'Security Hub FSBP', title: 'EC2 instances use one network interface',
    where: 'lib/constructs/lab-instance.ts', status: 'held', how: 'One ENI per instance.',
  },
  {
    id: 'EC2.18', framework: 'Security Hub FSBP', title: 'Unrestricted ingress only on authorized ports (80, 443)',
    where: 'LabEc2 security group', status: 'not held',
    reason: "The notes' rule table opens the app port 4567 to the world (see CT.EC2.PR.3); the other labs open only 80.",
  },
  {
    id: 'EC2.19', framework: 'Security Hub FSBP', title: 'No unrestricted access to high-risk ports',
    where: 'every lab security group', status: 'held', how: 'Only 80 and 4567 are open to the world; neither is on the list.',
  },
  {
    id: 'EC2.24', framework: 'Security Hub FSBP', title: 'No paravirtual instance types',
    where: 'lib/constructs/lab-instance.ts', status: 'held', how: 'Amazon Linux 2023 (HVM) on current types.',
  },
  {
    id: 'EC2.53', framework: 'Security Hub FSBP', title: 'No ingress from 0.0.0.0/0 to remote administration ports',
    where: 'every lab security group', status: 'held', how: 'See EC2.13 and EC2.14.',
  },
  {
    id: 'EC2.54', framework: 'Security Hub FSBP', title: 'No ingress from ::/0 to remote administration ports',
    where: 'every lab security group', status: 'held', how: 'See EC2.13 and EC2.14.',
  },
  {
    id: 'ELB.1', framework: 'Security Hub FSBP', title: 'ALBs redirect HTTP to HTTPS',
    where: 'LabAlb and LabAlbRouting', status: 'not held', reason: 'See CT.ELASTICLOADBALANCING.PR.1: HTTPS needs a domain you own.',
  },
  {
    id: 'ELB.4', framework: 'Security Hub FSBP', title: 'ALBs drop invalid HTTP headers',
    where: 'LabAlb and LabAlbRouting', status: 'held', how: '`dropInvalidHeaderFields: true` on each load balancer.',
  },
  {
    id: 'ELB.5', framework: 'Security Hub FSBP', title: 'Load balancer logging is enabled',
    where: 'LabAlb, LabNlb and LabAlbRouting', status: 'not held', reason: 'See CT.ELASTICLOADBALANCING.PR.6: the log bucket bills and outlives the lab.',
  },
  {
    id: 'ELB.6', framework: 'Security Hub FSBP', title: 'Load balancers have deletion protection',
    where: 'LabAlb, LabNlb and LabAlbRouting', status: 'not held', reason: 'See CT.ELASTICLOADBALANCING.PR.5: it would make `cdk destroy` fail.',
  },
  {
    id: 'ELB.12', framework: 'Security Hub FSBP', title: 'ALBs use defensive or strictest desync mitigation',
    where: 'LabAlb and LabAlbRouting', status: 'held', how: "Each load balancer keeps AWS's default, defensive.",
  },
  {
    id: 'ELB.13', framework: 'Security Hub FSBP', title: 'Load balancers span several Availability Zones',
    where: 'LabAlb, LabNlb and LabAlbRouting', status: 'held', how: 'Two Availability Zones each, one web server in each zone.',
  },
  {
    id: 'ELB.16', framework: 'Security Hub FSBP', title: 'ALBs are associated with an AWS WAF web ACL',
    where: 'LabAlb and LabAlbRouting', status: 'not held', reason: 'A web ACL bills $5 a month plus $1 per rule; the labs serve static pages.',
  },
  {
    id: 'IAM.1', framework: 'Security Hub FSBP', title: 'No customer managed policy allows full "*:*" administration',
    where: 'LabIam', status: 'held', how: "The admin group uses AWS's managed AdministratorAccess, as the notes do; the kit writes no admin policy.",
  },
  {
    id: 'IAM.2', framework: 'Security Hub FSBP', title: 'IAM users have no policies of their own',
    where: 'LabIam', status: 'held', how: 'The lab user gets its permissions from the admin group only.',
  },
  {
    id: 'IAM.5', framework: 'Security Hub FSBP', title: 'Console users have MFA',
    where: 'LabIam', status: 'not held',
    reason: 'CloudFormation cannot enrol your MFA device; set `-c requireMfa=true` and the user can do nothing but set one up.',
  },
  {
    id: 'IAM.7', framework: 'Security Hub FSBP', title: 'The password policy is strong',
    where: 'LabIam (lib/constructs/account-password-policy.ts)', status: 'held',
    how: 'The lab policy: 14+ characters, all four character types, 24 remembered, expiry (default 90 days).',
  },
  ...(
    [
      ['IAM.11', 'The password policy requires an uppercase letter'],
      ['IAM.12', 'The password policy requires a lowercase letter'],
      ['IAM.13', 'The password policy requires a symbol'],
      ['IAM.14', 'The password policy requires a number'],
      ['IAM.15', 'The password policy requires 14 or more characters'],
      ['IAM.16', 'The password policy prevents reusing the last 24 passwords'],
    ] as const
  ).map(([id, title]): Control => ({
    id, framework: 'Security Hub FSBP', title, where: 'LabIam (lib/constructs/account-password-policy.ts)', status: 'held',
    how: 'Part of the lab password policy (see IAM.7).',
  })),
  {
    id: 'IAM.17', framework: 'Security Hub FSBP', title: 'Passwords expire within 90 days',
    where: 'LabIam', status: 'held', how: '`passwordMaxAgeDays` defaults to 90 (a larger value you set breaks it).',
  },
  {
    id: 'IAM.19', framework: 'Security Hub FSBP', title: 'All IAM users have MFA',
    where: 'LabIam', status: 'not held', reason: 'See IAM.5: CloudFormation cannot enrol your MFA device.',
  },
  {
    id: 'Lambda.1', framework: 'Security Hub FSBP', title: 'Lambda function policies prohibit public access',
    where: 'LabIam and LabAmi helper Lambdas', status: 'held', how: 'Only CloudFormation invokes them; they have no resource policy.',
  },
  {
    id: 'Lambda.2', framework: 'Security Hub FSBP', title: 'Lambda functions use a supported runtime',
    where: 'LabIam and LabAmi helper Lambdas', status: 'held', how: 'Node.js 24.',
  },
  {
    id: 'Lambda.3', framework: 'Security Hub FSBP', title: 'Lambda functions run in a VPC',
    where: 'LabIam and LabAmi helper Lambdas', status: 'not held', reason: 'See CT.LAMBDA.PR.3: a NAT gateway or endpoint would bill.',
  },
  {
    id: 'SecretsManager.1', framework: 'Security Hub FSBP', title: 'Secrets have automatic rotation',
    where: 'LabIam initial password', status: 'not held',
    reason: 'A one-time initial password the user must change at first sign-in; rotating it would change nothing.',
  },
];

/** The table entry of a control; throws on an id the table does not know. */
export function control(id: string): Control {
  const found = CONTROLS.find((c) => c.id === id);
  if (!found) throw new Error(`unknown control ${id}: add it to CONTROLS in lib/compliance/controls.ts`);
  return found;
}

/** The CDK validation id of a Control Tower control's cfn-guard rule, e.g. `cdk-validator-cfnguard::lambda_inside_vpc_check`. */
export function guardValidationId(controlId: string): string {
  const entry = control(controlId);
  if (!entry.guardRule) throw new Error(`${controlId} is not a cfn-guard (Control Tower) control`);
  return `${GUARD_PLUGIN_NAME}::${entry.guardRule}`;
}

/**
 * Accepts a not-held Control Tower control on `scope` (and what it contains), with the
 * table's reason, the same way cdk-nag findings are acknowledged:
 * `Validations.of(scope).acknowledge(...)`, scoped to the construct, never the whole app.
 */
export function acknowledgeControl(scope: IConstruct, controlId: string): void {
  const entry = control(controlId);
  if (entry.status !== 'not held') throw new Error(`${controlId} is held: there is nothing to acknowledge`);
  Validations.of(scope).acknowledge({ id: guardValidationId(controlId), reason: `${controlId}: ${entry.reason}` });
}

/** The controls as a Markdown table, for the README's "Safe by default". */
export function controlsMarkdownTable(): string {
  const rows = CONTROLS.map(
    (c) =>
      `| ${c.id} | ${markdownCell(c.title)} | ${c.status === 'held' ? 'held' : '**not held**'} | ${markdownCell(c.where)} | ` +
      `${markdownCell(c.status === 'held' ? c.how : c.reason)} |`,
  );
  return ['| Control | What it asks | Status | Where | How, or why not |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
