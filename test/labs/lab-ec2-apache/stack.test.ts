import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, expectSharedNetwork, ingressOf } from '../../helpers/assertions';

const APACHE_SH = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'userdata', 'apache.sh'), 'utf8');

describe('LabEc2Apache: Apache by EC2 user data (notes: Launching an Apache Server, EC2 User Data)', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabEc2Apache'], context: { sshCidr: '203.0.113.10/32' } }).stacks.LabEc2Apache);

  it('builds no VPC: its instance goes in a public subnet of the shared LabNetwork, imported by its export', () => {
    expectSharedNetwork(template, 1);
  });

  it('runs userdata/apache.sh, byte for byte, at first boot', () => {
    expectSafeInstances(template, 1);
    template.hasResourceProperties('AWS::EC2::Instance', { UserData: { 'Fn::Base64': APACHE_SH } });
    expect(APACHE_SH.startsWith('#!/bin/bash\n')).toBe(true);
  });

  it('opens HTTP to the world and SSH only to sshCidr, in its own group (notes: a separate group for SSH)', () => {
    expect(ingressOf(template, 'SecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'Allow HTTP traffic for Apache' },
    ]);
    expect(ingressOf(template, 'SshSecurityGroup')).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.10/32', Description: 'SSH from your network (sshCidr)' }]);
    expectNoSshFromWorld(template);
  });

  it('outputs the URL of the page', () => {
    const [instanceId] = Object.keys(template.findResources('AWS::EC2::Instance'));
    template.hasOutput('Url', { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [instanceId, 'PublicDnsName'] }]] } });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});
