import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { InstanceTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../../compliance/controls';
import { LabInstance, readUserDataScript } from '../../constructs/lab-instance';
import { addAccessOutputs, allowSshFrom, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import {
  ALB_SECURITY_GROUP_NAME,
  APP_NUMBERS,
  appHost,
  appName,
  FIXED_RESPONSE,
  RULE_PRIORITY,
  STICKINESS_MINUTES,
  WEB_PATHS,
} from './meta';
import { OUTPUTS } from './outputs';

/** apache-echo.sh with `APP_NAME=<app>` set first: that instance alone serves /<app>/. */
export function appUserData(script: string, app: string): string {
  const shebang = '#!/bin/bash\n';
  if (!script.startsWith(shebang)) throw new Error(`the user data script must start with ${JSON.stringify(shebang)}`);
  return `${shebang}APP_NAME=${app}\n${script.slice(shebang.length)}`;
}

/** Health checks of every target group: `path` every 10 s, two answers decide. */
function healthCheck(path: string): elbv2.HealthCheck {
  return {
    path,
    protocol: elbv2.Protocol.HTTP,
    healthyHttpCodes: '200',
    interval: Duration.seconds(10),
    timeout: Duration.seconds(5),
    healthyThresholdCount: 2,
    unhealthyThresholdCount: 2,
  };
}

/**
 * Notes: "Application Load Balancer (v2)", "Load Balancers Hands On". One ALB, two
 * applications on two instances: rules route `/app1*` and `/app2*` by path, and
 * app1.example.com / app2.example.com by host name, to each app's target group; `/` and
 * `/echo` go to a third target group of both instances with load-balancer-generated
 * cookie stickiness; anything else gets a fixed 404 from the load balancer itself. The
 * instances log X-Forwarded-For and echo it on /echo, and admit HTTP only from the ALB.
 */
export class LabAlbRoutingStack extends Stack {
  readonly albSecurityGroup: ec2.SecurityGroup;
  readonly webSecurityGroup: ec2.SecurityGroup;
  readonly webServers: ec2.Instance[];
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  /** App n's target group: web server n alone. */
  readonly appTargetGroups: elbv2.ApplicationTargetGroup[];
  /** Both web servers, sticky (lb_cookie). */
  readonly webTargetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    this.albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      securityGroupName: ALB_SECURITY_GROUP_NAME,
      description: 'Load balancer: HTTP from anywhere',
      // Outbound is opened below, to the web servers on port 80 only.
      allowAllOutbound: false,
    });
    this.albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from anywhere');
    Validations.of(this.albSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The load balancer is the public entry point of the lab: HTTP (80) is open to the world on purpose.',
    });

    this.webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Web servers: HTTP only from the load balancer, SSH from your network only',
      allowAllOutbound: true,
    });
    // InstanceTarget does not open the instances' group: this rule is the lesson.
    this.webSecurityGroup.connections.allowFrom(this.albSecurityGroup, ec2.Port.tcp(80), 'HTTP from the load balancer only');
    allowSshFrom(this.webSecurityGroup, props.settings.sshCidr);

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const script = readUserDataScript('apache-echo.sh');
    this.webServers = APP_NUMBERS.map(
      (n, i) =>
        new LabInstance(this, `WebServer${n}`, {
          vpc,
          subnet: vpc.publicSubnets[i],
          instanceType: props.settings.instanceType,
          securityGroup: this.webSecurityGroup,
          keyPair,
          name: `RoutingWebServer${n}`,
          userDataScript: appUserData(script, appName(n)),
        }).instance,
    );

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.albSecurityGroup,
      dropInvalidHeaderFields: true,
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'Access logs need an S3 bucket that would outlive the lab; the check command verifies traffic instead.',
    });
    acknowledgeControl(this.loadBalancer, 'CT.ELASTICLOADBALANCING.PR.5');
    acknowledgeControl(this.loadBalancer, 'CT.ELASTICLOADBALANCING.PR.6');

    const targetGroup = (groupId: string, instances: ec2.Instance[], healthCheckPath: string, sticky: boolean) =>
      new elbv2.ApplicationTargetGroup(this, groupId, {
        vpc,
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.INSTANCE,
        targets: instances.map((instance) => new InstanceTarget(instance, 80)),
        healthCheck: healthCheck(healthCheckPath),
        // Stickiness generated by the load balancer (lb_cookie), not by the application.
        stickinessCookieDuration: sticky ? Duration.minutes(STICKINESS_MINUTES) : undefined,
        // Draining a lab instance need not take the default five minutes.
        deregistrationDelay: Duration.seconds(10),
      });
    this.appTargetGroups = APP_NUMBERS.map((n, i) => targetGroup(`App${n}TargetGroup`, [this.webServers[i]], `/${appName(n)}/`, false));
    this.webTargetGroup = targetGroup('WebTargetGroup', this.webServers, '/', true);

    this.listener = this.loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      // The group's HTTP rule above is explicit; `open` would add a second one.
      open: false,
      // No rule matched: the load balancer answers by itself, no web server involved.
      defaultAction: elbv2.ListenerAction.fixedResponse(FIXED_RESPONSE.status, {
        contentType: FIXED_RESPONSE.contentType,
        messageBody: FIXED_RESPONSE.body,
      }),
    });
    acknowledgeControl(this.listener, 'CT.ELASTICLOADBALANCING.PR.1');
    APP_NUMBERS.forEach((n, i) => {
      this.listener.addAction(`App${n}Path`, {
        priority: RULE_PRIORITY.path(n),
        conditions: [elbv2.ListenerCondition.pathPatterns([`/${appName(n)}*`])],
        action: elbv2.ListenerAction.forward([this.appTargetGroups[i]]),
      });
    });
    APP_NUMBERS.forEach((n, i) => {
      this.listener.addAction(`App${n}Host`, {
        priority: RULE_PRIORITY.host(n),
        conditions: [elbv2.ListenerCondition.hostHeaders([appHost(n)])],
        action: elbv2.ListenerAction.forward([this.appTargetGroups[i]]),
      });
    });
    this.listener.addAction('Web', {
      priority: RULE_PRIORITY.web,
      conditions: [elbv2.ListenerCondition.pathPatterns([...WEB_PATHS])],
      action: elbv2.ListenerAction.forward([this.webTargetGroup]),
    });

    new CfnOutput(this, OUTPUTS.url, {
      description: `The load balancer: try /${appName(1)}/, /${appName(2)}/, /echo, / and any other path`,
      value: `http://${this.loadBalancer.loadBalancerDnsName}`,
    });
    APP_NUMBERS.forEach((n, i) => {
      const instance = this.webServers[i];
      new CfnOutput(this, OUTPUTS.webServerInstanceId(n), {
        description: `Web server ${n}, the only one serving /${appName(n)}/`,
        value: instance.instanceId,
      });
      addAccessOutputs(this, {
        instance,
        keyPair,
        sshCidr: props.settings.sshCidr,
        keyFile: 'lab-alb-routing.pem',
        prefix: OUTPUTS.webServerPrefix(n),
      });
    });
  }
}
