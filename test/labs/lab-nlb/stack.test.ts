import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, ingressOf } from '../../helpers/assertions';

const APACHE_ECHO_SH = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'userdata', 'apache-echo.sh'), 'utf8');

describe('LabNlb: a Network Load Balancer with one static IP per AZ (notes: Network Load Balancer (v2))', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabNlb'], context: { sshCidr: '203.0.113.10/32' } }).stacks.LabNlb);
  const groups = template.findResources('AWS::EC2::SecurityGroup');
  const nlbGroupId = Object.keys(groups).find((k) => k.startsWith('NlbSecurityGroup'))!;
  const webGroupId = Object.keys(groups).find((k) => k.startsWith('WebSecurityGroup'))!;
  const instanceIds = Object.keys(template.findResources('AWS::EC2::Instance'));
  const [nlbId] = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));

  it('is an internet-facing NLB with its own security group, in both public subnets, on one Elastic IP each', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::EC2::EIP', 2);
    template.hasResourceProperties('AWS::EC2::EIP', { Domain: 'vpc' });
    const nlb = template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')[nlbId];
    expect(nlb.Properties).toMatchObject({
      Type: 'network',
      Scheme: 'internet-facing',
      SecurityGroups: [{ 'Fn::GetAtt': [nlbGroupId, 'GroupId'] }],
      SubnetMappings: [
        { SubnetId: expect.anything(), AllocationId: { 'Fn::GetAtt': ['ElasticIp1', 'AllocationId'] } },
        { SubnetId: expect.anything(), AllocationId: { 'Fn::GetAtt': ['ElasticIp2', 'AllocationId'] } },
      ],
    });
    // Cross-zone: each static address reaches both web servers (Control Tower CT.ELASTICLOADBALANCING.PR.14).
    expect(nlb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]),
    );
    // Subnet mappings, not Subnets: AWS would otherwise pick the addresses (and change them).
    expect(nlb.Properties.Subnets).toBeUndefined();
    const subnets = (nlb.Properties.SubnetMappings as { SubnetId: unknown }[]).map((m) => JSON.stringify(m.SubnetId));
    expect(subnets[0]).toMatch(/PublicSubnet1/);
    expect(subnets[1]).toMatch(/PublicSubnet2/);
  });

  it("admits TCP 80 from anywhere on the NLB's group, and sends it only to the web servers on 80", () => {
    expect(ingressOf(template, 'NlbSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP from anywhere' },
    ]);
    expect(groups[nlbGroupId].Properties.GroupName).toBe('network-load-balancer-first');
    expect(groups[nlbGroupId].Properties.SecurityGroupEgress).toBeUndefined();
    const nlbEgress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes(`"${nlbGroupId}"`));
    expect(nlbEgress).toEqual([
      {
        GroupId: { 'Fn::GetAtt': [nlbGroupId, 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': [webGroupId, 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        Description: 'HTTP from the load balancer only',
      },
    ]);
  });

  it("admits port 80 on the web servers only from the NLB's security group (client IP preservation keeps it working)", () => {
    expect(ingressOf(template, 'WebSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.10/32', Description: 'SSH from your network (sshCidr)' },
      {
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        SourceSecurityGroupId: { 'Fn::GetAtt': [nlbGroupId, 'GroupId'] },
        Description: 'HTTP from the load balancer only',
      },
    ]);
    expect(JSON.stringify(ingressOf(template, 'WebSecurityGroup'))).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
    expectNoSshFromWorld(template);
  });

  it('runs two safe web servers from apache-echo.sh, one in each AZ, in the web group', () => {
    expectSafeInstances(template, 2);
    template.allResourcesProperties('AWS::EC2::Instance', {
      UserData: { 'Fn::Base64': APACHE_ECHO_SH },
      SecurityGroupIds: [{ 'Fn::GetAtt': [webGroupId, 'GroupId'] }],
    });
    const instances = Object.values(template.findResources('AWS::EC2::Instance'));
    expect(new Set(instances.map((i) => JSON.stringify(i.Properties.SubnetId))).size).toBe(2);
  });

  it('forwards TCP:80 to a TCP target group of both instances, client IP preserved, health-checked with HTTP on /', () => {
    const targetGroups = template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup');
    const [targetGroupId] = Object.keys(targetGroups);
    expect(Object.keys(targetGroups)).toHaveLength(1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      LoadBalancerArn: { Ref: nlbId },
      Port: 80,
      Protocol: 'TCP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: targetGroupId } }],
    });
    expect(targetGroups[targetGroupId].Properties).toMatchObject({
      Port: 80,
      Protocol: 'TCP',
      TargetType: 'instance',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
      Targets: instanceIds.map((id) => ({ Id: { Ref: id }, Port: 80 })),
    });
    expect(targetGroups[targetGroupId].Properties.TargetGroupAttributes).toEqual(
      expect.arrayContaining([{ Key: 'preserve_client_ip.enabled', Value: 'true' }]),
    );
  });

  it('outputs the DNS name, the URL and the two static addresses (the Elastic IPs)', () => {
    template.hasOutput('DnsName', { Value: { 'Fn::GetAtt': [nlbId, 'DNSName'] } });
    template.hasOutput('Url', { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [nlbId, 'DNSName'] }]] } });
    template.hasOutput('StaticIp1', { Value: { 'Fn::GetAtt': ['ElasticIp1', 'PublicIp'] } });
    template.hasOutput('StaticIp2', { Value: { 'Fn::GetAtt': ['ElasticIp2', 'PublicIp'] } });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});
