import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { InstanceTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../../compliance/controls';
import { LabInstance, readUserDataScript } from '../../constructs/lab-instance';
import { addAccessOutputs, addSshSecurityGroup, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import { ALB_SECURITY_GROUP_NAME, WEB_SERVER_NUMBERS } from './meta';
import { OUTPUTS } from './outputs';

/**
 * Notes: "Load balancing", "Load Balancers Hands On". An internet-facing
 * Application Load Balancer in front of two Apache instances in two Availability
 * Zones. The closing lesson: the instances accept HTTP only from the load
 * balancer's security group, so the page is no longer reachable by their own IPs.
 */
export class LabAlbStack extends Stack {
  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      securityGroupName: ALB_SECURITY_GROUP_NAME,
      description: 'Load balancer: HTTP from anywhere',
      // Outbound is opened below, to the web servers on port 80 only.
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from anywhere');
    Validations.of(albSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The load balancer is the public entry point of the lab: HTTP (80) is open to the world on purpose.',
    });

    const webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Web servers: HTTP only from the load balancer',
      allowAllOutbound: true,
    });
    // InstanceTarget does not open the instances' group: this rule is the lesson.
    webSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(80), 'HTTP from the load balancer only');

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const script = readUserDataScript('apache.sh');
    const webServers = WEB_SERVER_NUMBERS.map(
      (n, i) =>
        new LabInstance(this, `WebServer${n}`, {
          vpc,
          subnet: vpc.publicSubnets[i],
          instanceType: props.settings.instanceType,
          securityGroup: webSecurityGroup,
          keyPair,
          name: `AlbWebServer${n}`,
          userDataScript: script,
        }).instance,
    );

    addSshSecurityGroup(this, vpc, props.settings.sshCidr, webServers);

    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
    });
    Validations.of(loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'Access logs need an S3 bucket that would outlive the lab; the check command verifies traffic instead.',
    });
    acknowledgeControl(loadBalancer, 'CT.ELASTICLOADBALANCING.PR.5');
    acknowledgeControl(loadBalancer, 'CT.ELASTICLOADBALANCING.PR.6');

    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: webServers.map((instance) => new InstanceTarget(instance, 80)),
      healthCheck: {
        path: '/',
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
      // Draining a lab instance need not take the default five minutes.
      deregistrationDelay: Duration.seconds(10),
    });
    const listener = loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      // The group's HTTP rule above is explicit; `open` would add a second one.
      open: false,
      defaultTargetGroups: [targetGroup],
    });
    acknowledgeControl(listener, 'CT.ELASTICLOADBALANCING.PR.1');

    new CfnOutput(this, OUTPUTS.url, {
      description: 'The page through the load balancer; reload to see both host names',
      value: `http://${loadBalancer.loadBalancerDnsName}`,
    });
    webServers.forEach((instance, i) => {
      const n = WEB_SERVER_NUMBERS[i];
      new CfnOutput(this, OUTPUTS.webServerPublicIp(n), {
        description: 'HTTP on this address no longer answers: only the load balancer may talk to port 80',
        value: instance.instancePublicIp,
      });
      addAccessOutputs(this, {
        instance,
        keyPair,
        sshCidr: props.settings.sshCidr,
        keyFile: 'lab-alb.pem',
        prefix: OUTPUTS.webServerPrefix(n),
      });
    });
  }
}
