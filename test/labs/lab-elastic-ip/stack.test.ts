import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, expectSharedNetwork, ingressOf } from '../../helpers/assertions';

describe('LabElasticIp: an instance with an Elastic IP (notes: Elastic IPs)', () => {
  const { app, stacks } = buildLabApp({ only: ['LabElasticIp'], context: { sshCidr: '198.51.100.0/24' } });
  const template = Template.fromStack(stacks.LabElasticIp);

  it('builds no VPC: its instance goes in a public subnet of the shared LabNetwork, imported by its export', () => {
    expectSharedNetwork(template, 1);
  });

  it('allocates one Elastic IP in the VPC and associates it with the lab instance', () => {
    expectSafeInstances(template, 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    template.hasResourceProperties('AWS::EC2::EIP', { Domain: 'vpc' });
    const [eipId] = Object.keys(template.findResources('AWS::EC2::EIP'));
    const [instanceId] = Object.keys(template.findResources('AWS::EC2::Instance'));
    template.hasResourceProperties('AWS::EC2::EIPAssociation', {
      AllocationId: { 'Fn::GetAtt': [eipId, 'AllocationId'] },
      InstanceId: { Ref: instanceId },
    });
  });

  it('associates only once the VPC reaches the internet: the whole stack waits for LabNetwork and its gateway attachment', () => {
    const assembly = app.synth();
    expect(assembly.getStackByName('LabElasticIp').dependencies.map((d) => d.id)).toContain('LabNetwork');
    expect(Object.keys(Template.fromStack(stacks.LabElasticIp).toJSON().Resources)).not.toContain(expect.stringMatching(/VPCGW/));
    Template.fromJSON(assembly.getStackByName('LabNetwork').template as Record<string, unknown>).resourceCountIs('AWS::EC2::VPCGatewayAttachment', 1);
  });

  it('admits SSH only from sshCidr and nothing else, in its own group (notes: a separate group for SSH)', () => {
    expect(ingressOf(template, 'SecurityGroup')).toEqual([]);
    expect(ingressOf(template, 'SshSecurityGroup')).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '198.51.100.0/24', Description: 'SSH from your network (sshCidr)' }]);
    expectNoSshFromWorld(template);
  });

  it('outputs the address, and SSH goes to it', () => {
    const [eipId] = Object.keys(template.findResources('AWS::EC2::EIP'));
    template.hasOutput('ElasticIpAddress', { Value: { 'Fn::GetAtt': [eipId, 'PublicIp'] } });
    template.hasOutput('SshCommand', {
      Value: { 'Fn::Join': ['', ['ssh -i lab-elastic-ip.pem ec2-user@', { 'Fn::GetAtt': [eipId, 'PublicIp'] }]] },
    });
    template.hasOutput('ElasticIpAllocationId', { Value: Match.anyValue() });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});
