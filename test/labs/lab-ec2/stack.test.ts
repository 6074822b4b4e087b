import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, expectSharedNetwork, ingressOf } from '../../helpers/assertions';

const SSH_CIDR = '203.0.113.10/32';

describe('LabEc2: the first instance (notes: What is EC2?, SSH, Security Groups)', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabEc2'], context: { sshCidr: SSH_CIDR } }).stacks.LabEc2);

  it('builds no VPC: its instance goes in a public subnet of the shared LabNetwork, imported by its export', () => {
    expectSharedNetwork(template, 1);
  });

  it('names the security group as the notes do, with their description', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupName: 'ec2a-security-group',
      GroupDescription: 'Create with my first EC2 Instance',
    });
  });

  it('has exactly the notes rule table: HTTP and 4567 from anywhere, SSH only from sshCidr', () => {
    expect(ingressOf(template, 'SecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: SSH_CIDR, Description: 'SSH from your network (sshCidr)' },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'Test http page' },
      { IpProtocol: 'tcp', FromPort: 4567, ToPort: 4567, CidrIp: '0.0.0.0/0', Description: 'My App' },
    ]);
    expectNoSshFromWorld(template);
  });

  it('launches one safe AL2023 t3.micro tagged Name=FirstInstance', () => {
    expectSafeInstances(template, 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't3.micro',
      Tags: Match.arrayWith([{ Key: 'Name', Value: 'FirstInstance' }]),
      KeyName: { Ref: Match.stringLikeRegexp('^KeyPair') },
    });
  });

  it('creates a key pair whose private key EC2 keeps in SSM, and says how to save it with mode 0400', () => {
    template.hasResourceProperties('AWS::EC2::KeyPair', { KeyType: 'ed25519', KeyFormat: 'pem' });
    const save = JSON.stringify(template.findOutputs('SavePrivateKeyCommand'));
    expect(save).toContain('aws ssm get-parameter');
    expect(save).toContain('/ec2/keypair/');
    expect(save).toContain('--with-decryption');
    expect(save).toContain('chmod 0400 lab-ec2.pem');
  });

  it('outputs public IP and DNS, private IP, the ssh -i and the Session Manager commands', () => {
    template.hasOutput('PublicIp', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'PublicIp'] } });
    template.hasOutput('PublicDnsName', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'PublicDnsName'] } });
    template.hasOutput('PrivateIp', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'PrivateIp'] } });
    expect(JSON.stringify(template.findOutputs('SshCommand'))).toContain('ssh -i lab-ec2.pem ec2-user@');
    expect(JSON.stringify(template.findOutputs('SessionManagerCommand'))).toContain('aws ssm start-session');
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});

describe('LabEc2 settings', () => {
  it('has no SSH rule without sshCidr, and its SSH output says how to open it', () => {
    const template = Template.fromStack(buildLabApp({ only: ['LabEc2'] }).stacks.LabEc2);
    expect(ingressOf(template, 'SecurityGroup').map((r) => r.FromPort)).toEqual([80, 4567]);
    template.hasOutput('SshCommand', { Value: Match.stringLikeRegexp('-c sshCidr=') });
  });

  it('accepts an IPv6 sshCidr', () => {
    const template = Template.fromStack(buildLabApp({ only: ['LabEc2'], context: { sshCidr: '2001:db8::/48' } }).stacks.LabEc2);
    expect(ingressOf(template, 'SecurityGroup')[0]).toMatchObject({ FromPort: 22, CidrIpv6: '2001:db8::/48' });
  });

  it('follows a Graviton instance type with the arm64 AMI', () => {
    const template = Template.fromStack(buildLabApp({ only: ['LabEc2'], context: { instanceType: 't4g.micro' } }).stacks.LabEc2);
    expectSafeInstances(template, 1, 'arm64');
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.micro' });
  });

  it('sets no CPU credit option on a type that is not burstable', () => {
    const template = Template.fromStack(buildLabApp({ only: ['LabEc2'], context: { instanceType: 'm7g.medium' } }).stacks.LabEc2);
    template.hasResourceProperties('AWS::EC2::Instance', { CreditSpecification: Match.absent() });
  });
});
