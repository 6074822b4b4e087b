/** Assertions shared by the EC2 lab tests: what every lab instance must be. */
import { Template } from 'aws-cdk-lib/assertions';

/** Every instance: IMDSv2 required (hop limit 1), encrypted gp3 root volume, AL2023, standard credits. */
export function expectSafeInstances(template: Template, count: number, arch: 'x86_64' | 'arm64' = 'x86_64'): void {
  template.resourceCountIs('AWS::EC2::Instance', count);
  template.allResourcesProperties('AWS::EC2::Instance', {
    BlockDeviceMappings: [
      { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 8, DeleteOnTermination: true } },
    ],
    CreditSpecification: { CPUCredits: 'standard' },
    MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
  });
  // AL2023 through its public SSM parameter: resolved at deploy time, no lookup at synth.
  const parameters = template.findParameters('*', {
    Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
  });
  expect(Object.values(parameters).map((p) => p.Default)).toEqual([
    `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`,
  ]);
}

/** The ingress rules of one security group, sorted, as plain objects. */
export function ingressOf(template: Template, logicalIdPrefix: string): Record<string, unknown>[] {
  const groups = template.findResources('AWS::EC2::SecurityGroup');
  const id = Object.keys(groups).find((k) => k.startsWith(logicalIdPrefix));
  if (!id) throw new Error(`no security group ${logicalIdPrefix}* in ${Object.keys(groups).join(', ')}`);
  const inline = (groups[id].Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[];
  const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((r) => r.Properties as Record<string, unknown>)
    .filter((p) => JSON.stringify(p.GroupId).includes(`"${id}"`))
    .map(({ GroupId: _groupId, ...rule }) => rule);
  return [...inline, ...separate].sort((a, b) => Number(a.FromPort) - Number(b.FromPort));
}

/** No rule anywhere in the template lets the world reach SSH. */
export function expectNoSshFromWorld(template: Template): void {
  const rules = [
    ...Object.values(template.findResources('AWS::EC2::SecurityGroup')).flatMap(
      (g) => (g.Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[],
    ),
    ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties),
  ];
  const openToWorld = rules.filter(
    (r) =>
      (r.CidrIp === '0.0.0.0/0' || r.CidrIpv6 === '::/0') &&
      (r.IpProtocol === '-1' || (Number(r.FromPort) <= 22 && Number(r.ToPort) >= 22)),
  );
  expect(openToWorld).toEqual([]);
}

const importOf = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['Fn::ImportValue'] === 'string'
    ? ((value as Record<string, unknown>)['Fn::ImportValue'] as string)
    : undefined;

/**
 * The lab builds no network of its own: its security groups and instances are in the shared
 * LabNetwork, read through its exports (strong references), in `subnets` distinct subnets.
 */
export function expectSharedNetwork(template: Template, subnets: number): void {
  for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::RouteTable', 'AWS::EC2::NatGateway']) {
    template.resourceCountIs(type, 0);
  }
  const text = JSON.stringify(template.toJSON());
  expect(text).not.toContain('Fn::GetStackOutput');
  const vpcs = Object.values(template.findResources('AWS::EC2::SecurityGroup')).map((g) => importOf(g.Properties.VpcId));
  expect(vpcs.length).toBeGreaterThan(0);
  for (const vpc of vpcs) expect(vpc).toMatch(/^LabNetwork:ExportsOutputRefNetworkVpc[0-9A-F]{8}[0-9A-F]{8}$/);
  const instanceSubnets = Object.values(template.findResources('AWS::EC2::Instance')).map((i) => importOf(i.Properties.SubnetId));
  for (const subnet of instanceSubnets) expect(subnet).toMatch(/^LabNetwork:ExportsOutputRefNetworkVpcPublicSubnet[12]Subnet/);
  const imported = new Set(text.match(/LabNetwork:ExportsOutputRefNetworkVpcPublicSubnet[12]Subnet\w+/g) ?? []);
  expect(imported.size).toBe(subnets);
}
