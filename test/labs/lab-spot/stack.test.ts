import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, ingressOf } from '../../helpers/assertions';

const SSH_CIDR = '203.0.113.10/32';

describe('LabSpot: the first instance on the spot market (notes: EC2 Instance Launch Types, Spot Instances)', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabSpot'], context: { sshCidr: SSH_CIDR } }).stacks.LabSpot);

  it('buys on the spot market through a launch template: one-time, terminate, no maximum price (no bidding)', () => {
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 1);
    const [launchTemplate] = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(launchTemplate.Properties.LaunchTemplateData.InstanceMarketOptions).toEqual({
      MarketType: 'spot',
      SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
    });
  });

  it('launches the instance from that template, by its latest version number', () => {
    const [templateId] = Object.keys(template.findResources('AWS::EC2::LaunchTemplate'));
    template.hasResourceProperties('AWS::EC2::Instance', {
      LaunchTemplate: { LaunchTemplateId: { Ref: templateId }, Version: { 'Fn::GetAtt': [templateId, 'LatestVersionNumber'] } },
    });
  });

  it('leaves every other setting to the instance; the template only repeats IMDSv2 and the Name tag', () => {
    const [launchTemplate] = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(Object.keys(launchTemplate.Properties.LaunchTemplateData).sort()).toEqual(['InstanceMarketOptions', 'MetadataOptions', 'TagSpecifications']);
    expect(launchTemplate.Properties.LaunchTemplateData.MetadataOptions).toEqual({ HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    for (const spec of launchTemplate.Properties.LaunchTemplateData.TagSpecifications) {
      expect(spec.Tags).toContainEqual({ Key: 'Name', Value: 'SpotInstance' });
    }
  });

  it('is the first instance again: one safe AL2023 t3.micro with standard credits, tagged Name=SpotInstance', () => {
    expectSafeInstances(template, 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't3.micro',
      Tags: Match.arrayWith([{ Key: 'Name', Value: 'SpotInstance' }]),
    });
  });

  it('opens only SSH, and only to sshCidr', () => {
    expect(ingressOf(template, 'SecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: SSH_CIDR, Description: 'SSH from your network (sshCidr)' },
    ]);
    expectNoSshFromWorld(template);
  });

  it('outputs the spot price command for its type and AZ, with the on-demand price to compare, and the interruption notice', () => {
    const price = JSON.stringify(template.findOutputs('SpotPriceCommand'));
    expect(price).toContain('aws ec2 describe-spot-price-history');
    expect(price).toContain('--instance-types t3.micro');
    expect(price).toContain('AvailabilityZone');
    expect(price).toContain('on-demand: $0.0104/h in us-east-1');
    const notice = JSON.stringify(template.findOutputs('InterruptionNoticeCommand'));
    expect(notice).toContain('/latest/api/token');
    expect(notice).toContain('/latest/meta-data/spot/instance-action');
    template.hasOutput('LaunchTemplateId', { Value: { Ref: Match.stringLikeRegexp('^SpotLaunchTemplate') } });
    expect(JSON.stringify(template.findOutputs('SessionManagerCommand'))).toContain('aws ssm start-session');
  });

  it('deletes itself after 4 hours by default', () => {
    template.hasOutput('AutoDestroyAt', Match.anyValue());
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});

describe('LabSpot settings', () => {
  it('follows instanceType, and sets no credit option on a type that is not burstable', () => {
    const template = Template.fromStack(buildLabApp({ only: ['LabSpot'], context: { instanceType: 'm7g.medium' } }).stacks.LabSpot);
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 'm7g.medium', CreditSpecification: Match.absent() });
  });
});
