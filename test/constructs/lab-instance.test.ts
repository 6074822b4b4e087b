import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LabInstance } from '../../lib/constructs/lab-instance';

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
