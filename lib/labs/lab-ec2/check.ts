import { DescribeKeyPairsCommand, DescribeVolumesCommand, type Instance } from '@aws-sdk/client-ec2';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import type { LabCheckContext } from '../../check/context';
import { checkCpuCredits, checkInstanceRunning } from '../../check/instances';
import { resolvedParameter, templateResources } from '../../check/lab-stack';
import { Checklist, type CheckResult } from '../../check/result';
import { describeSecurityGroups, describeSource, isWorld, sourcesForTcpPort } from '../../check/security-groups';
import { OPEN_TO_WORLD, SECURITY_GROUP_NAME, SSH_CLOSED_TITLE, SSH_LIMITED_TITLE } from './meta';
import { OUTPUTS } from './outputs';

/**
 * LabEc2: the first instance as the notes launch it (running, type and AMI as
 * deployed, IMDSv2, encrypted root volume, key pair), the notes' rule table, and
 * the two addresses the "Private vs Public IP" lesson is about.
 */
export async function checkLabEc2(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const instanceId = stack.outputs[OUTPUTS.instanceId];
  if (!instanceId) {
    list.fail('instance.output', `stack output ${OUTPUTS.instanceId}`, `the stack has no ${OUTPUTS.instanceId} output: redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const instance = await checkInstanceRunning(list, clients.ec2, ctx.wait, instanceId, stack.name);
  if (!instance) return list.results;

  await checkAsConfigured(list, ctx, instance);
  await checkCpuCredits(list, ctx, [instance.InstanceId!]);
  checkImdsv2(list, instance);
  await checkRootVolumeEncrypted(list, ctx, instance);
  await checkKeyPair(list, ctx, instance);
  await checkRuleTable(list, ctx, instance);

  const publicIp = instance.PublicIpAddress;
  list.expect(
    publicIp !== undefined,
    'instance.addresses',
    'public and private IP',
    `public ${publicIp ?? 'none'}, private ${instance.PrivateIpAddress ?? 'none'}`,
    'the instance has no public IP: it must sit in a public subnet with auto-assigned public IPv4; redeploy the lab',
  );
  return list.results;
}

/** Instance type and AMI equal what the deployed template asked for. */
export async function checkAsConfigured(list: Checklist, ctx: LabCheckContext, instance: Instance): Promise<void> {
  const resources = Object.values(await templateResources(ctx.clients.cloudFormation, ctx.stack.name)).filter(
    (r) => r.Type === 'AWS::EC2::Instance',
  );
  const configuredTypes = [...new Set(resources.map((r) => r.Properties?.InstanceType).filter((t): t is string => typeof t === 'string'))];
  if (configuredTypes.length === 1) {
    list.expect(
      instance.InstanceType === configuredTypes[0],
      'instance.type',
      `instance type ${configuredTypes[0]}`,
      instance.InstanceType,
      `the instance runs ${instance.InstanceType}, the lab deployed ${configuredTypes[0]}: someone changed it; npx cdk deploy ${ctx.stack.name} puts it back`,
    );
  } else {
    list.skip('instance.type', 'instance type as configured', 'the template does not name one instance type');
  }

  const imageRef = resources.map((r) => r.Properties?.ImageId).find((i): i is { Ref: string } => typeof (i as { Ref?: unknown })?.Ref === 'string');
  const configuredAmi = imageRef ? resolvedParameter(ctx.stack, imageRef.Ref) : undefined;
  if (configuredAmi?.startsWith('ami-')) {
    list.expect(
      instance.ImageId === configuredAmi,
      'instance.ami',
      'AMI as deployed (Amazon Linux 2023 from SSM)',
      instance.ImageId,
      `the instance runs ${instance.ImageId}, the stack resolved ${configuredAmi}: npx cdk deploy ${ctx.stack.name} replaces it`,
    );
  } else {
    list.skip('instance.ami', 'AMI as deployed', 'CloudFormation did not report the AMI it resolved from SSM');
  }
}

/** The instance metadata service answers only with a session token (IMDSv2). */
export function checkImdsv2(list: Checklist, instance: Instance): void {
  const tokens = instance.MetadataOptions?.HttpTokens ?? 'unknown';
  list.expect(
    tokens === 'required',
    'instance.imdsv2',
    'IMDSv2 required',
    `HttpTokens ${tokens}`,
    `IMDSv1 is allowed: aws ec2 modify-instance-metadata-options --instance-id ${instance.InstanceId} --http-tokens required --http-endpoint enabled`,
  );
}

async function checkRootVolumeEncrypted(list: Checklist, ctx: LabCheckContext, instance: Instance): Promise<void> {
  const root = instance.BlockDeviceMappings?.find((m) => m.DeviceName === instance.RootDeviceName);
  const volumeId = root?.Ebs?.VolumeId;
  if (!volumeId) {
    list.fail('instance.volume', 'root volume encrypted', `no EBS root volume found on ${instance.RootDeviceName ?? 'the root device'}`);
    return;
  }
  const volume = (await ctx.clients.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
  list.expect(
    volume?.Encrypted === true,
    'instance.volume',
    'root volume encrypted',
    volumeId,
    `the root volume ${volumeId} is not encrypted and cannot be encrypted in place: npx cdk destroy ${ctx.stack.name} && npx cdk deploy ${ctx.stack.name}`,
  );
}

async function checkKeyPair(list: Checklist, ctx: LabCheckContext, instance: Instance): Promise<void> {
  const title = 'key pair, private key in SSM';
  const keyName = instance.KeyName;
  if (!keyName) {
    list.fail('instance.keypair', title, `the instance has no key pair: npx cdk deploy ${ctx.stack.name} creates one`);
    return;
  }
  let keyPairId: string | undefined;
  try {
    keyPairId = (await ctx.clients.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [keyName] }))).KeyPairs?.[0]?.KeyPairId;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'InvalidKeyPair.NotFound')) throw error;
  }
  if (!keyPairId) {
    list.fail('instance.keypair', title, `the key pair ${keyName} was deleted: SSH with it is impossible; redeploy the lab for a new one`);
    return;
  }
  // Only the parameter's metadata is read: the check never touches the private key itself.
  const parameterName = `/ec2/keypair/${keyPairId}`;
  let found = false;
  for await (const page of paginateDescribeParameters(
    { client: ctx.clients.ssm },
    { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [parameterName] }] },
  )) {
    if ((page.Parameters ?? []).some((p) => p.Name === parameterName)) found = true;
  }
  list.expect(
    found,
    'instance.keypair',
    title,
    `${keyName} (${keyPairId}), ${parameterName}`,
    `the SSM parameter ${parameterName} is missing: the private key is lost; npx cdk destroy ${ctx.stack.name} && npx cdk deploy ${ctx.stack.name} makes a new key pair`,
  );
}

/** The notes' table: HTTP and 4567 from anywhere, SSH only from the learner's network. */
async function checkRuleTable(list: Checklist, ctx: LabCheckContext, instance: Instance): Promise<void> {
  const attached = (instance.SecurityGroups ?? []).find((g) => g.GroupName === SECURITY_GROUP_NAME);
  list.expect(
    attached !== undefined,
    'sg.attached',
    `security group ${SECURITY_GROUP_NAME} attached`,
    attached?.GroupId,
    `the instance has ${(instance.SecurityGroups ?? []).map((g) => g.GroupName).join(', ') || 'no group'}: npx cdk deploy ${ctx.stack.name} attaches it again`,
  );
  // The rules that count are those of every group on the instance: they add up.
  const groups = await describeSecurityGroups(ctx.clients.ec2, (instance.SecurityGroups ?? []).map((g) => g.GroupId!).filter(Boolean));
  const groupId = attached?.GroupId ?? groups[0]?.GroupId ?? '<group id>';
  for (const { port, label } of OPEN_TO_WORLD) {
    const sources = sourcesForTcpPort(groups, port);
    list.expect(
      sources.some((s) => s.cidr === '0.0.0.0/0'),
      `sg.port${port}`,
      `${label} open to 0.0.0.0/0`,
      sources.map(describeSource).join(', ') || 'closed',
      `add the rule: aws ec2 authorize-security-group-ingress --group-id ${groupId} --protocol tcp --port ${port} --cidr 0.0.0.0/0`,
    );
  }
  const ssh = sourcesForTcpPort(groups, 22);
  if (ssh.length === 0) {
    // Not the same result as "only from your network": nobody can SSH in at all.
    list.pass('sg.ssh', SSH_CLOSED_TITLE, 'no sshCidr set: connect with EC2 Instance Connect or Session Manager, or redeploy with -c sshCidr=<your public IP>/32');
    return;
  }
  const fromWorld = ssh.filter(isWorld);
  list.expect(
    fromWorld.length === 0,
    'sg.ssh',
    SSH_LIMITED_TITLE,
    `from ${ssh.map(describeSource).join(', ')}`,
    `SSH is open to ${fromWorld.map(describeSource).join(' and ')}: remove that rule (aws ec2 revoke-security-group-ingress --group-id ${groupId} --protocol tcp --port 22 --cidr ${fromWorld[0]?.cidr}) and redeploy with -c sshCidr=<your public IP>/32`,
  );
}
