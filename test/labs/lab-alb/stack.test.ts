import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, expectSharedNetwork, ingressOf } from '../../helpers/assertions';

const APACHE_SH = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'userdata', 'apache.sh'), 'utf8');

describe('LabAlb: an Application Load Balancer in front of two web servers (notes: Load Balancers Hands On)', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabAlb'], context: { sshCidr: '203.0.113.10/32' } }).stacks.LabAlb);
  const groups = template.findResources('AWS::EC2::SecurityGroup');
  const albGroupId = Object.keys(groups).find((k) => k.startsWith('AlbSecurityGroup'))!;
  const webGroupId = Object.keys(groups).find((k) => k.startsWith('WebSecurityGroup'))!;
  const sshGroupId = Object.keys(groups).find((k) => k.startsWith('SshSecurityGroup'))!;
  const instances = template.findResources('AWS::EC2::Instance');
  const instanceIds = Object.keys(instances);

  it('builds no VPC: the ALB and the instances use both public subnets of the shared LabNetwork, imported by their exports', () => {
    expectSharedNetwork(template, 2);
  });

  it('is an internet-facing ALB in both public subnets, with its own security group and invalid headers dropped', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: [
        { 'Fn::ImportValue': Match.stringLikeRegexp('^LabNetwork:ExportsOutputRefNetworkVpcPublicSubnet1') },
        { 'Fn::ImportValue': Match.stringLikeRegexp('^LabNetwork:ExportsOutputRefNetworkVpcPublicSubnet2') },
      ],
      SecurityGroups: [{ 'Fn::GetAtt': [albGroupId, 'GroupId'] }],
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
  });

  it("admits HTTP from anywhere on the ALB's group, and sends it only to the web servers on 80", () => {
    expect(ingressOf(template, 'AlbSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP from anywhere' },
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [webGroupId, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
    });
    // That rule is the ALB group's only way out.
    expect(groups[albGroupId].Properties.SecurityGroupEgress).toBeUndefined();
    const albEgress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).filter(
      (r) => JSON.stringify(r.Properties.GroupId).includes(`"${albGroupId}"`),
    );
    expect(albEgress).toHaveLength(1);
  });

  it("admits port 80 on the web servers only from the ALB's security group, never from the world", () => {
    expect(ingressOf(template, 'SshSecurityGroup')).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.10/32', Description: 'SSH from your network (sshCidr)' }]);
    expect(ingressOf(template, 'WebSecurityGroup')).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        SourceSecurityGroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] },
        Description: 'HTTP from the load balancer only',
      },
    ]);
    const webRules = JSON.stringify(ingressOf(template, 'WebSecurityGroup'));
    expect(webRules).not.toContain('0.0.0.0/0');
    expect(webRules).not.toContain('::/0');
    expectNoSshFromWorld(template);
  });

  it('runs two safe web servers from apache.sh, one in each AZ, in the web group', () => {
    expectSafeInstances(template, 2);
    template.allResourcesProperties('AWS::EC2::Instance', {
      UserData: { 'Fn::Base64': APACHE_SH },
      SecurityGroupIds: [{ 'Fn::GetAtt': [webGroupId, 'GroupId'] }, { 'Fn::GetAtt': [sshGroupId, 'GroupId'] }],
    });
    const subnets = Object.values(instances).map((i) => JSON.stringify(i.Properties.SubnetId));
    const zones = Object.values(instances).map((i) => JSON.stringify(i.Properties.AvailabilityZone));
    expect(new Set(subnets).size).toBe(2);
    expect(new Set(zones).size).toBe(2);
  });

  it('forwards HTTP:80 to an instance target group holding both instances, health-checked on /', () => {
    const targetGroups = template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup');
    const [targetGroupId] = Object.keys(targetGroups);
    expect(Object.keys(targetGroups)).toHaveLength(1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: targetGroupId } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 80,
      Protocol: 'HTTP',
      TargetType: 'instance',
      HealthCheckPath: '/',
      HealthCheckProtocol: 'HTTP',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
      Targets: instanceIds.map((id) => ({ Id: { Ref: id }, Port: 80 })),
    });
  });

  it('outputs the URL through the load balancer and the web servers public IPs', () => {
    const [albId] = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    template.hasOutput('Url', { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }]] } });
    template.hasOutput('WebServer1PublicIp', { Value: { 'Fn::GetAtt': [instanceIds[0], 'PublicIp'] } });
    template.hasOutput('WebServer2PublicIp', { Value: { 'Fn::GetAtt': [instanceIds[1], 'PublicIp'] } });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});
