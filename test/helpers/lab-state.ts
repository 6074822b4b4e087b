/**
 * Builds lab states in moto through the AWS APIs (moto's CloudFormation skips
 * some resource types, so stacks here only carry outputs that point at what the
 * tests created: computed from the synthesized template by deployed-outputs.ts),
 * plus a local web server that plays the labs' Apache page.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { SSMClient, GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { createCheckClients, type CheckClients } from '../../lib/check/clients';
import type { HttpOptions, LabCheckContext, WaitOptions } from '../../lib/check/context';
import { findLabStack } from '../../lib/check/lab-stack';
import type { LabId } from '../../lib/catalogue';
import { motoAccountId, motoClientConfig } from '../moto/moto';
import { buildLabApp } from './lab-app';
import { deployedOutputs, templateOf, type DeployedResource } from './deployed-outputs';

export const REGION = 'eu-west-1';
export const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64';

/** Closes the clients' sockets so that Jest can exit. */
export function destroyClients(clients: CheckClients): void {
  for (const client of Object.values(clients)) client.destroy();
}

/** The checks' clients, pointed at this worker's moto. */
export function motoCheckClients(region = REGION): CheckClients {
  return createCheckClients({ region, overrides: motoClientConfig(region) });
}

/** A lab's template as `cdk synth` writes it, with these settings on top of cdk.json. */
export function synthesizedTemplate(lab: LabId, context: Record<string, unknown> = {}): SynthesizedTemplate {
  return templateOf(buildLabApp({ only: [lab], context }).stacks[lab]) as SynthesizedTemplate;
}

/**
 * synthesizedTemplate(), synthesized when first asked for and kept: a check test's fixture,
 * which a file whose tests are skipped (no moto) then never pays for.
 */
export function templateWhenNeeded(lab: LabId, context: Record<string, unknown> = {}): () => SynthesizedTemplate {
  let template: SynthesizedTemplate | undefined;
  return () => (template ??= synthesizedTemplate(lab, context));
}

export interface SynthesizedTemplate {
  readonly Parameters?: Record<string, { readonly Type: string; readonly Default?: unknown }>;
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

/**
 * Creates the lab's stack in moto with the outputs the synthesized template resolves to,
 * given the resources the test created (see deployed-outputs.ts); `extra` adds template sections.
 */
export async function deployLabStack(
  cfn: CloudFormationClient,
  name: LabId,
  template: SynthesizedTemplate,
  resources: readonly DeployedResource[],
  extra: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const region = await cfn.config.region();
  const outputs = deployedOutputs(template, resources, { region, accountId: motoAccountId() });
  await createStackWithOutputs(cfn, name, outputs, extra);
  return outputs;
}

/** A stack with these outputs as they are; only for tests of what a stack's outputs cannot be. */
export async function createStackWithOutputs(
  cfn: CloudFormationClient,
  name: string,
  outputs: Record<string, string>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { Resources, ...rest } = extra as { Resources?: Record<string, unknown> };
  const template = {
    ...rest,
    Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' }, ...(Resources ?? {}) },
    Outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { Value: v }])),
  };
  await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(template) }));
}

/**
 * The template sections the checks read besides the outputs, taken from the synthesized
 * template: the AMI's SSM-typed parameter, and each instance's type, image and CPU credits. The
 * condition keeps moto from launching the instances; the check only reads the template.
 */
export function instanceSections(template: SynthesizedTemplate): Record<string, unknown> {
  const instances = Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::EC2::Instance');
  return {
    Parameters: Object.fromEntries(
      Object.entries(template.Parameters ?? {}).filter(([, p]) => p.Type === 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>'),
    ),
    Conditions: { BuiltThroughTheApi: { 'Fn::Equals': ['api', 'cloudformation'] } },
    Resources: Object.fromEntries(
      instances.map(([id, r]) => [
        id,
        {
          Type: r.Type,
          Condition: 'BuiltThroughTheApi',
          Properties: { InstanceType: r.Properties?.InstanceType, ImageId: r.Properties?.ImageId, CreditSpecification: r.Properties?.CreditSpecification },
        },
      ]),
    ),
  };
}

export interface Network {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
}

export async function createNetwork(ec2: EC2Client): Promise<Network> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetIds: string[] = [];
  for (const [i, az] of ['a', 'b'].entries()) {
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `${REGION}${az}` }));
    subnetIds.push(subnet.Subnet!.SubnetId!);
    // Public subnets, as in LabVpc: instances get a public IPv4 address.
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.Subnet!.SubnetId!, MapPublicIpOnLaunch: { Value: true } }));
  }
  return { vpcId, subnetIds };
}

export async function createSecurityGroup(ec2: EC2Client, vpcId: string, name: string, ingress: IpPermission[]): Promise<string> {
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }))).GroupId!;
  if (ingress.length) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ingress }));
  return groupId;
}

export const tcpFromCidr = (port: number, cidr: string): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
});

export const tcpFromGroup = (port: number, groupId: string): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  UserIdGroupPairs: [{ GroupId: groupId }],
});

/** A key pair whose private key sits in SSM as CloudFormation puts it: /ec2/keypair/<key pair id>. */
export async function createKeyPairWithSsmKey(ec2: EC2Client, ssm: SSMClient, name: string, storeKey = true): Promise<string> {
  const keyPair = await ec2.send(new CreateKeyPairCommand({ KeyName: name, KeyType: 'ed25519' }));
  if (storeKey) {
    await ssm.send(
      new PutParameterCommand({ Name: `/ec2/keypair/${keyPair.KeyPairId}`, Type: 'SecureString', Value: keyPair.KeyMaterial! }),
    );
  }
  return keyPair.KeyPairId!;
}

/** The AMI id moto resolves for the template's AL2023 parameter (the public SSM parameter a lab instance uses). */
export async function al2023AmiId(ssm: SSMClient, template?: SynthesizedTemplate): Promise<string> {
  const name = template ? amiParameterOf(template) : AL2023_PARAMETER;
  return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!.Value!;
}

function amiParameterOf(template: SynthesizedTemplate): string {
  const defaults = Object.values(template.Parameters ?? {})
    .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>')
    .map((p) => String(p.Default));
  if (defaults.length !== 1) throw new Error(`expected one AMI parameter in the template, found ${defaults.join(', ') || 'none'}`);
  return defaults[0];
}

export interface InstanceOptions {
  readonly subnetId: string;
  readonly securityGroupIds: readonly string[];
  readonly keyName?: string;
  readonly imageId: string;
  readonly instanceType?: string;
  readonly imdsv2?: boolean;
  readonly encrypted?: boolean;
}

/** An instance launched as LabInstance launches it (IMDSv2, encrypted gp3 root volume) unless told otherwise. */
export async function runLabInstance(ec2: EC2Client, options: InstanceOptions): Promise<string> {
  const result = await ec2.send(
    new RunInstancesCommand({
      ImageId: options.imageId,
      InstanceType: (options.instanceType ?? 't3.micro') as never,
      MinCount: 1,
      MaxCount: 1,
      KeyName: options.keyName,
      SubnetId: options.subnetId,
      SecurityGroupIds: [...options.securityGroupIds],
      MetadataOptions: { HttpTokens: options.imdsv2 === false ? 'optional' : 'required', HttpEndpoint: 'enabled' },
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp3', Encrypted: options.encrypted !== false, DeleteOnTermination: true } },
      ],
    }),
  );
  return result.Instances![0].InstanceId!;
}

/** Progress lines the checks reported. */
export type ProgressLog = string[];

export const TEST_HTTP: HttpOptions = { timeoutMs: 1_000, webPort: 80, albRequests: 6 };

/** The bound a test waits out in full (a check that fails after waiting): a fraction of a second, polled often. */
export const SHORT_WAIT = { maxWaitSeconds: 0.3, pollSeconds: 0.05 } as const;

/**
 * The context a lab's checks get, after finding the stack as the CLI does.
 * @param wait the bound of every wait @default 2 s, polled as the CLI does
 */
export async function labContext(
  clients: CheckClients,
  lab: string,
  http: Partial<HttpOptions> = {},
  progress: ProgressLog = [],
  wait: Partial<Pick<WaitOptions, 'maxWaitSeconds' | 'pollSeconds'>> = {},
): Promise<LabCheckContext> {
  const stack = await findLabStack(clients.cloudFormation, lab);
  return {
    clients,
    stack,
    wait: { maxWaitSeconds: 2, ...wait, onProgress: (m) => progress.push(m) },
    http: { ...TEST_HTTP, ...http },
  };
}

/** A local stand-in for the labs' Apache: answers "Hello World from <host>", taking turns among hosts. */
export async function startHelloServer(
  hosts: readonly string[],
  status = 200,
): Promise<{ url: string; port: number; close: () => Promise<void>; requests: () => number }> {
  let next = 0;
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    const host = hosts[next++ % hosts.length];
    res.writeHead(status, { 'content-type': 'text/html', connection: 'close' });
    res.end(status === 200 ? `Hello World from ${host}\n` : 'Forbidden\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    /** How many requests it answered. */
    requests: () => requests,
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** status of a check by id, for short assertions. */
export function statusOf(results: readonly { id: string; status: string }[], id: string): string | undefined {
  return results.find((r) => r.id === id)?.status;
}

/** The instance as EC2 describes it. */
export async function describeInstance(ec2: EC2Client, instanceId: string) {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
}

/** The lab's key pair, created in moto (private key in SSM), as the template's AWS::EC2::KeyPair. */
export async function labKeyPair(clients: CheckClients, name: string): Promise<DeployedResource> {
  const keyPairId = await createKeyPairWithSsmKey(clients.ec2, clients.ssm, name);
  return { type: 'AWS::EC2::KeyPair', ref: name, attributes: { KeyPairId: keyPairId } };
}
