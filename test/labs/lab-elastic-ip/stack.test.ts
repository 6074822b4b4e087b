import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, ingressOf } from '../../helpers/assertions';

describe('LabElasticIp: an instance with an Elastic IP (notes: Elastic IPs)', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabElasticIp'], context: { sshCidr: '198.51.100.0/24' } }).stacks.LabElasticIp);

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

  it('associates only once the VPC reaches the internet', () => {
    const [association] = Object.values(template.findResources('AWS::EC2::EIPAssociation'));
    expect(association.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^NetworkVpc(IGW|VPCGW)/)]));
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
