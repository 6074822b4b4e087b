import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appUserData } from '../../../lib/labs/lab-alb-routing/stack';
import { buildLabApp, normalizeTemplate } from '../../helpers/lab-app';
import { expectNoSshFromWorld, expectSafeInstances, ingressOf } from '../../helpers/assertions';

const APACHE_ECHO_SH = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'userdata', 'apache-echo.sh'), 'utf8');

describe('LabAlbRouting: an ALB routing by path and host, sticky, with a fixed response (notes: Application Load Balancer (v2))', () => {
  const template = Template.fromStack(buildLabApp({ only: ['LabAlbRouting'], context: { sshCidr: '203.0.113.10/32' } }).stacks.LabAlbRouting);
  const groups = template.findResources('AWS::EC2::SecurityGroup');
  const albGroupId = Object.keys(groups).find((k) => k.startsWith('AlbSecurityGroup'))!;
  const webGroupId = Object.keys(groups).find((k) => k.startsWith('WebSecurityGroup'))!;
  const instances = template.findResources('AWS::EC2::Instance');
  const [server1, server2] = Object.keys(instances);
  const targetGroups = template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup');
  const tg = (prefix: string) => Object.keys(targetGroups).find((k) => k.startsWith(prefix))!;
  const [listenerId] = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::Listener'));

  it('is an internet-facing ALB in both public subnets with its own group and invalid header fields dropped', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internet-facing',
      SecurityGroups: [{ 'Fn::GetAtt': [albGroupId, 'GroupId'] }],
      LoadBalancerAttributes: [
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ],
    });
  });

  it("admits HTTP from anywhere on the ALB's group; the web servers admit 80 only from the ALB's group", () => {
    expect(ingressOf(template, 'AlbSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP from anywhere' },
    ]);
    expect(ingressOf(template, 'WebSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.10/32', Description: 'SSH from your network (sshCidr)' },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] }, Description: 'HTTP from the load balancer only' },
    ]);
    const albEgress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes(`"${albGroupId}"`));
    expect(albEgress).toEqual([
      expect.objectContaining({ DestinationSecurityGroupId: { 'Fn::GetAtt': [webGroupId, 'GroupId'] }, IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }),
    ]);
    expect(groups[albGroupId].Properties.SecurityGroupEgress).toBeUndefined();
    expectNoSshFromWorld(template);
  });

  it('runs two safe web servers from apache-echo.sh, web server n with APP_NAME=app<n>', () => {
    expectSafeInstances(template, 2);
    expect(instances[server1].Properties.UserData).toEqual({ 'Fn::Base64': appUserData(APACHE_ECHO_SH, 'app1') });
    expect(instances[server2].Properties.UserData).toEqual({ 'Fn::Base64': appUserData(APACHE_ECHO_SH, 'app2') });
    expect(appUserData(APACHE_ECHO_SH, 'app1').split('\n').slice(0, 3)).toEqual(['#!/bin/bash', 'APP_NAME=app1', APACHE_ECHO_SH.split('\n')[1]]);
    expect(() => appUserData('echo no shebang', 'app1')).toThrow('must start with');
    template.allResourcesProperties('AWS::EC2::Instance', { SecurityGroupIds: [{ 'Fn::GetAtt': [webGroupId, 'GroupId'] }] });
  });

  it('has one target group per app (its web server alone) and a sticky lb_cookie group of both', () => {
    expect(Object.keys(targetGroups)).toHaveLength(3);
    const expectGroup = (id: string, targets: string[], healthPath: string, attributes: unknown[]) =>
      expect(targetGroups[id].Properties).toMatchObject({
        Port: 80,
        Protocol: 'HTTP',
        TargetType: 'instance',
        HealthCheckPath: healthPath,
        Matcher: { HttpCode: '200' },
        Targets: targets.map((t) => ({ Id: { Ref: t }, Port: 80 })),
        TargetGroupAttributes: attributes,
      });
    const notSticky = [{ Key: 'deregistration_delay.timeout_seconds', Value: '10' }, { Key: 'stickiness.enabled', Value: 'false' }];
    expectGroup(tg('App1TargetGroup'), [server1], '/app1/', notSticky);
    expectGroup(tg('App2TargetGroup'), [server2], '/app2/', notSticky);
    expectGroup(tg('WebTargetGroup'), [server1, server2], '/', [
      { Key: 'deregistration_delay.timeout_seconds', Value: '10' },
      { Key: 'stickiness.enabled', Value: 'true' },
      { Key: 'stickiness.type', Value: 'lb_cookie' },
      { Key: 'stickiness.lb_cookie.duration_seconds', Value: '600' },
    ]);
  });

  it('answers a fixed 404 by itself when no rule matches (the listener default action)', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: {
            StatusCode: '404',
            ContentType: 'text/plain',
            MessageBody: 'No rule matched: the load balancer answered this itself (LabAlbRouting default action)',
          },
        },
      ],
    });
  });

  it('routes by path, then by host name, then / and /echo to the sticky group, with these priorities', () => {
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))
      .map((r) => r.Properties)
      .sort((a, b) => a.Priority - b.Priority);
    const forward = (id: string) => [{ Type: 'forward', TargetGroupArn: { Ref: tg(id) } }];
    expect(rules).toEqual([
      { Priority: 10, ListenerArn: { Ref: listenerId }, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/app1*'] } }], Actions: forward('App1TargetGroup'), Tags: expect.anything() },
      { Priority: 20, ListenerArn: { Ref: listenerId }, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/app2*'] } }], Actions: forward('App2TargetGroup'), Tags: expect.anything() },
      { Priority: 30, ListenerArn: { Ref: listenerId }, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['app1.example.com'] } }], Actions: forward('App1TargetGroup'), Tags: expect.anything() },
      { Priority: 40, ListenerArn: { Ref: listenerId }, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['app2.example.com'] } }], Actions: forward('App2TargetGroup'), Tags: expect.anything() },
      { Priority: 50, ListenerArn: { Ref: listenerId }, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/', '/echo'] } }], Actions: forward('WebTargetGroup'), Tags: expect.anything() },
    ]);
  });

  it('outputs the URL and both instance ids', () => {
    const [albId] = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    template.hasOutput('Url', { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }]] } });
    template.hasOutput('WebServer1InstanceId', { Value: { Ref: server1 } });
    template.hasOutput('WebServer2InstanceId', { Value: { Ref: server2 } });
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});
