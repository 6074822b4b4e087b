import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { AMI_RESOURCE_TYPE } from '../../../lib/handlers/ami-from-instance-names';
import { AMI_FUNCTION_TIMEOUT, AMI_SERVICE_TIMEOUT } from '../../../lib/labs/lab-ami/ami-from-instance';
import { builderUserData } from '../../../lib/labs/lab-ami/stack';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, ingressOf } from '../../helpers/assertions';

const APACHE_SH = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'userdata', 'apache.sh'), 'utf8');

describe('LabAmi: a custom AMI and an instance launched from it (notes: What is an AMI?, Why would you use a custom AMI?)', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabAmi'], context: { sshCidr: '203.0.113.10/32' } }).stacks.LabAmi);
  const instances = template.findResources('AWS::EC2::Instance');
  const builderId = Object.keys(instances).find((id) => id.startsWith('Builder'))!;
  const fromImageId = Object.keys(instances).find((id) => id.startsWith('FromImage'))!;
  const [imageId] = Object.keys(template.findResources(AMI_RESOURCE_TYPE));

  it('two safe instances: the builder from AL2023, the second from the custom AMI', () => {
    expectSafeInstances(template, 2);
    expect(instances[builderId].Properties.ImageId).toEqual({ Ref: expect.stringMatching(/^SsmParameterValue/) });
    expect(instances[fromImageId].Properties.ImageId).toEqual({ 'Fn::GetAtt': [imageId, 'ImageId'] });
  });

  it('the builder runs apache.sh, then tells CloudFormation; the image waits for that', () => {
    const userData = JSON.stringify(instances[builderId].Properties.UserData);
    for (const line of APACHE_SH.split('\n').filter((l) => l && !l.startsWith('#'))) expect(userData).toContain(JSON.stringify(line).slice(1, -1));
    expect(userData).toContain('apache.sh finished');
    const waits = template.findResources('AWS::CloudFormation::WaitCondition');
    const [waitId] = Object.keys(waits);
    expect(waits[waitId].DependsOn).toContain(builderId);
    expect(waits[waitId].Properties).toMatchObject({ Count: 1, Timeout: '900' });
    expect(template.toJSON().Resources[imageId].DependsOn).toContain(waitId);
  });

  it('the instance from the AMI installs nothing at boot: its user data is an empty script', () => {
    expect(instances[fromImageId].Properties.UserData).toEqual({ 'Fn::Base64': '#!/bin/bash' });
  });

  it('builder user data: success only after the whole script, a failure reported at once', () => {
    const script = builderUserData('#!/bin/bash\nset -e\necho hi\n', 'https://example.com/signal');
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines[2]).toMatch(/^trap '.*"Status":"FAILURE".*' ERR$/);
    expect(lines.indexOf('echo hi')).toBeLessThan(lines.findIndex((l) => l.includes('"Status":"SUCCESS"')));
  });

  it('the image: made from the builder, tagged, within CloudFormation\'s and Lambda\'s limits, deleted with the stack', () => {
    template.hasResource(AMI_RESOURCE_TYPE, {
      Properties: {
        InstanceId: { Ref: builderId },
        NamePrefix: 'LabAmi-apache',
        Tags: { Project: 'aws-dva-labs', Lab: 'LabAmi' },
        ServiceTimeout: String(AMI_SERVICE_TIMEOUT.toSeconds()),
      },
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: AMI_FUNCTION_TIMEOUT.toSeconds(), Architectures: ['arm64'] });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 7 } });
  });

  it('least privilege: CreateImage of the builder only; deregister and delete only what is tagged as the lab\'s', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Role'))
      .flatMap((r) => (r.Properties.Policies ?? []) as { PolicyName: string; PolicyDocument: { Statement: Record<string, unknown>[] } }[])
      .filter((p) => p.PolicyName === 'MakeAndRemoveTheImage');
    expect(policies).toHaveLength(1);
    const statements = Object.fromEntries(policies[0].PolicyDocument.Statement.map((s) => [s.Sid, s]));
    expect(JSON.stringify(statements.ImageOfTheBuilderOnly.Resource)).toContain(`"Ref":"${builderId}"`);
    const labTagged = { StringEquals: { 'aws:ResourceTag/Project': 'aws-dva-labs', 'aws:ResourceTag/Lab': 'LabAmi' } };
    expect(statements.RemoveOnlyTheLabsImages).toMatchObject({ Action: 'ec2:DeregisterImage', Condition: labTagged });
    expect(statements.RemoveOnlyTheLabsSnapshots).toMatchObject({ Action: 'ec2:DeleteSnapshot', Condition: labTagged });
    expect(statements.ImageTaggedAsTheLab).toMatchObject({
      Condition: { StringEquals: { 'aws:RequestTag/Project': 'aws-dva-labs', 'aws:RequestTag/Lab': 'LabAmi' } },
    });
    const everything = policies[0].PolicyDocument.Statement.filter((s) => s.Resource === '*');
    expect(everything.map((s) => s.Action)).toEqual([['ec2:DescribeImages', 'ec2:DescribeSnapshots']]);
  });

  it('HTTP to the world, SSH only from sshCidr in its own group attached to both instances', () => {
    expect(ingressOf(template, 'SecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'Allow HTTP traffic for Apache' },
    ]);
    expect(ingressOf(template, 'SshSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.10/32', Description: 'SSH from your network (sshCidr)' },
    ]);
    for (const id of [builderId, fromImageId]) expect(instances[id].Properties.SecurityGroupIds).toHaveLength(2);
    expectNoSshFromWorld(template);
  });

  it('outputs the image, the page of the instance from it, and a ~/.ssh/config block', () => {
    template.hasOutput('ImageId', { Value: { 'Fn::GetAtt': [imageId, 'ImageId'] } });
    template.hasOutput('Url', { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [fromImageId, 'PublicDnsName'] }]] } });
    template.hasOutput('SshConfig', { Value: { 'Fn::Join': ['', ['Host lab-ami\n  HostName ', { 'Fn::GetAtt': [fromImageId, 'PublicIp'] }, '\n  User ec2-user\n  IdentityFile ~/.ssh/lab-ami.pem\n  IdentitiesOnly yes\n']] } });
    template.hasOutput('BuilderSshConfig', { Value: { 'Fn::Join': ['', ['Host lab-ami-builder\n  HostName ', { 'Fn::GetAtt': [builderId, 'PublicIp'] }, '\n  User ec2-user\n  IdentityFile ~/.ssh/lab-ami.pem\n  IdentitiesOnly yes\n']] } });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});
