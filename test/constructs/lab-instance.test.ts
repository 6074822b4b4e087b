import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LabInstance } from '../../lib/constructs/lab-instance';
import { buildLabApp } from '../helpers/lab-app';

function instanceLogicalIds(userDataScript?: string): string[] {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'P', subnetType: ec2.SubnetType.PUBLIC }] });
  const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
  new LabInstance(stack, 'Server', { vpc, securityGroup, instanceType: 't3.micro', name: 'Server', userDataScript });
  return Object.keys(Template.fromStack(stack).findResources('AWS::EC2::Instance'));
}

describe('LabInstance', () => {
  it('replaces the instance when its first-boot script changes (user data runs only at first boot)', () => {
    const first = instanceLogicalIds('#!/bin/bash\necho one\n');
    const second = instanceLogicalIds('#!/bin/bash\necho two\n');
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first).not.toEqual(second);
    expect(instanceLogicalIds('#!/bin/bash\necho one\n')).toEqual(first);
  });

  it('rejects nothing the settings accept: every burstable family gets standard credits', () => {
    for (const type of ['t2.micro', 't3.micro', 't3a.small', 't4g.micro']) {
      const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'P', subnetType: ec2.SubnetType.PUBLIC }] });
      const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
      new LabInstance(stack, 'Server', { vpc, securityGroup, instanceType: type, name: 'Server' });
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::Instance', {
        InstanceType: type,
        CreditSpecification: { CPUCredits: 'standard' },
      });
    }
  });
});

describe('LabInstance least privilege (no lab key leaves Parameter Store through the instance)', () => {
  const partition = { Ref: 'AWS::Partition' };
  const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', partition, `:ssm:*:*:parameter/${name}`]] });

  /** Built once: two tests read it. */
  let bare: Template | undefined;
  function bareInstance(): Template {
    return (bare ??= buildBareInstance());
  }
  function buildBareInstance(): Template {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'P', subnetType: ec2.SubnetType.PUBLIC }] });
    const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    new LabInstance(stack, 'Server', { vpc, securityGroup, instanceType: 't3.micro', name: 'Server' });
    return Template.fromStack(stack);
  }

  it('denies every parameter-read action on /ec2/keypair/*, and GetParametersByPath on each ancestor path', () => {
    const roles = bareInstance().findResources('AWS::IAM::Role');
    expect(Object.values(roles)).toHaveLength(1);
    const role = Object.values(roles)[0].Properties;
    expect(role.ManagedPolicyArns).toEqual([
      { 'Fn::Join': ['', ['arn:', partition, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] },
    ]);
    expect(role.Policies).toEqual([
      {
        PolicyName: 'DenyKeyPairReads',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyReadingKeyPairPrivateKeys',
              Effect: 'Deny',
              Action: ['ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
              Resource: arn('ec2/keypair/*'),
            },
            {
              Sid: 'DenyReadingKeyPairsByAncestorPath',
              Effect: 'Deny',
              Action: 'ssm:GetParametersByPath',
              Resource: [arn('ec2/keypair'), arn('ec2'), arn('')],
            },
          ],
        },
      },
    ]);
  });

  it('requires IMDSv2 with a hop limit of 1 on the instance itself (no launch template)', () => {
    const template = bareInstance();
    template.hasResourceProperties('AWS::EC2::Instance', {
      MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
    });
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 0);
  });

  it('puts the deny on the role of every instance of every lab', () => {
    const { app } = buildLabApp();
    const roles = app.node
      .findAll()
      .filter((c): c is LabInstance => c instanceof LabInstance)
      .map((labInstance) => labInstance.role);
    expect(roles.length).toBeGreaterThanOrEqual(5); // LabEc2, LabElasticIp, LabEc2Apache, LabAlb x2
    for (const role of roles) {
      const template = Template.fromStack(Stack.of(role));
      const logicalId = Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement);
      expect(template.toJSON().Resources[logicalId].Properties.Policies[0].PolicyDocument.Statement[0]).toMatchObject({
        Effect: 'Deny',
        Resource: arn('ec2/keypair/*'),
      });
    }
  });
});
