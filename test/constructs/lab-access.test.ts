/** SSH for every learner: the key in OpenSSH's or PuTTY's format, a ~/.ssh/config block, a separate SSH group. */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LabInstance } from '../../lib/constructs/lab-instance';
import { addAccessOutputs, addSshSecurityGroup, createLabKeyPair, SSH_RULE_DESCRIPTION } from '../../lib/constructs/lab-access';
import { accessOutputIds, keyFileFor, sshConfigBlock, sshHostAlias } from '../../lib/constructs/lab-access-outputs';
import type { KeyFormat } from '../../lib/settings';
import { buildLabApp } from '../helpers/lab-app';
import { deployedOutputs, templateOf } from '../helpers/deployed-outputs';

interface Built {
  readonly template: Template;
  readonly outputs: Record<string, string>;
}

type BuildOptions = { sshCidr?: string; keyFormat?: KeyFormat; prefix?: string };

/** Built once per set of options: several tests read the same stack. */
const builds = new Map<string, Built>();
function build(options: BuildOptions = {}): Built {
  const key = JSON.stringify(options);
  if (!builds.has(key)) builds.set(key, buildStack(options));
  return builds.get(key)!;
}

/** One lab-like stack, and the outputs it would show once deployed (instance 10.0.0.1 / 203.0.113.50). */
function buildStack(options: BuildOptions): Built {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'LabTest', { env: { region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'P', subnetType: ec2.SubnetType.PUBLIC }] });
  const securityGroup = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc, allowAllOutbound: true });
  const keyPair = createLabKeyPair(stack, options.keyFormat ?? 'pem');
  const { instance } = new LabInstance(stack, 'Server', { vpc, securityGroup, instanceType: 't3.micro', name: 'Server', keyPair });
  addSshSecurityGroup(stack, vpc, options.sshCidr, [instance]);
  addAccessOutputs(stack, { instance, keyPair, sshCidr: options.sshCidr, keyFile: 'lab-test.pem', prefix: options.prefix });
  const template = Template.fromStack(stack);
  const outputs = deployedOutputs(
    templateOf(stack),
    [
      { type: 'AWS::EC2::Instance', ref: 'i-0123456789abcdef0', attributes: { PublicIp: '203.0.113.50' } },
      { type: 'AWS::EC2::KeyPair', ref: 'LabTestKeyPair', attributes: { KeyPairId: 'key-0abc' } },
    ],
    { region: 'eu-west-1', accountId: '123456789012' },
  );
  return { template, outputs };
}

describe('key format (-c keyFormat=pem|ppk)', () => {
  it('pem (default): an ED25519 key for OpenSSH, saved with mode 0400 and used with ssh -i', () => {
    const { template, outputs } = build({ sshCidr: '198.51.100.7/32' });
    template.hasResourceProperties('AWS::EC2::KeyPair', { KeyType: 'ed25519', KeyFormat: 'pem' });
    expect(outputs.SavePrivateKeyCommand).toBe(
      'aws ssm get-parameter --region eu-west-1 --name /ec2/keypair/key-0abc --with-decryption --query Parameter.Value ' +
        '--output text > lab-test.pem && chmod 0400 lab-test.pem',
    );
    expect(outputs.SshCommand).toBe('ssh -i lab-test.pem ec2-user@203.0.113.50');
  });

  it('ppk: the key in PuTTY\'s format (ED25519: EC2 writes it as .ppk too), saved as ASCII to a .ppk file, used by PuTTY', () => {
    const { template, outputs } = build({ sshCidr: '198.51.100.7/32', keyFormat: 'ppk' });
    template.hasResourceProperties('AWS::EC2::KeyPair', { KeyType: 'ed25519', KeyFormat: 'ppk' });
    expect(outputs.SavePrivateKeyCommand).toBe(
      'aws ssm get-parameter --region eu-west-1 --name /ec2/keypair/key-0abc --with-decryption --query Parameter.Value ' +
        '--output text | Out-File -Encoding ascii lab-test.ppk',
    );
    expect(outputs.SshCommand).toBe('putty -ssh -i lab-test.ppk ec2-user@203.0.113.50');
    expect(outputs.SshConfig).toMatch(/^OpenSSH .* cannot read a \.ppk key: use PuTTY, or deploy with -c keyFormat=pem/);
    expect(Object.values(outputs).join('\n')).not.toContain('.pem');
  });

  it('the key file follows the format', () => {
    expect(keyFileFor('lab-ec2.pem', 'ppk')).toBe('lab-ec2.ppk');
    expect(keyFileFor('lab-ec2.ppk', 'pem')).toBe('lab-ec2.pem');
  });

  it('every EC2 lab of the catalogue passes keyFormat to its key pair', () => {
    const { stacks } = buildLabApp({ only: ['LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb'], context: { keyFormat: 'ppk' } });
    for (const stack of Object.values(stacks)) {
      const keyPairs = Object.values(Template.fromStack(stack).findResources('AWS::EC2::KeyPair'));
      expect({ lab: stack.stackName, formats: keyPairs.map((k) => k.Properties.KeyFormat) }).toEqual({ lab: stack.stackName, formats: ['ppk'] });
    }
  });
});

describe('~/.ssh/config block', () => {
  it('with sshCidr: Host, HostName, User ec2-user, IdentityFile in ~/.ssh, IdentitiesOnly yes', () => {
    const { outputs } = build({ sshCidr: '198.51.100.7/32' });
    expect(outputs.SshConfig).toBe(
      'Host lab-test\n  HostName 203.0.113.50\n  User ec2-user\n  IdentityFile ~/.ssh/lab-test.pem\n  IdentitiesOnly yes\n',
    );
  });

  it('without sshCidr: says SSH is closed and how to open it', () => {
    const { outputs } = build();
    expect(outputs.SshConfig).toBe('SSH is closed: no sshCidr. Open it with: npx cdk deploy LabTest -c sshCidr=<your public IP>/32');
    expect(outputs.SshCommand).toBe(outputs.SshConfig);
  });

  it('labs with several instances get one Host per instance', () => {
    const { outputs } = build({ sshCidr: '198.51.100.7/32', prefix: 'WebServer1' });
    expect(Object.keys(outputs).sort()).toEqual(accessOutputIds('WebServer1').sort());
    expect(outputs.WebServer1SshConfig).toMatch(/^Host lab-test-web-server-1\n/);
    expect(sshHostAlias('lab-alb.pem', 'WebServer2')).toBe('lab-alb-web-server-2');
    expect(sshConfigBlock('h', '192.0.2.1', 'k.pem').split('\n')).toHaveLength(6);
  });
});

describe('a separate security group for SSH (notes: "maintain one separate security group for SSH access")', () => {
  it('with sshCidr: one group holding only SSH from sshCidr, attached next to the application group', () => {
    const { template } = build({ sshCidr: '198.51.100.7/32' });
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    const [sshId] = Object.keys(groups).filter((id) => id.startsWith('SshSecurityGroup'));
    expect(sshId).toBeDefined();
    expect(groups[sshId].Properties.SecurityGroupIngress).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '198.51.100.7/32', Description: SSH_RULE_DESCRIPTION },
    ]);
    const [appId] = Object.keys(groups).filter((id) => id.startsWith('AppSecurityGroup'));
    expect(groups[appId].Properties.SecurityGroupIngress).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::Instance', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [appId, 'GroupId'] }, { 'Fn::GetAtt': [sshId, 'GroupId'] }],
    });
  });

  it('an IPv6 sshCidr becomes an IPv6 rule', () => {
    const { template } = build({ sshCidr: '2001:db8::/64' });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '2001:db8::/64', Description: SSH_RULE_DESCRIPTION }],
    });
  });

  it('without sshCidr: no SSH group at all, SSH closed', () => {
    const { template } = build();
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup')).filter((id) => id.startsWith('SshSecurityGroup'))).toEqual([]);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
  });
});
