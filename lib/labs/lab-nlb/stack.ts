import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { InstanceTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { CfnOutput, Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../../compliance/controls';
import { LabInstance, readUserDataScript } from '../../constructs/lab-instance';
import { addAccessOutputs, allowSshFrom, createLabKeyPair } from '../../constructs/lab-access';
import type { Ec2LabProps } from '../ec2-lab-props';
import { NLB_SECURITY_GROUP_NAME, ZONE_NUMBERS } from './meta';
import { OUTPUTS } from './outputs';

/**
 * Notes: "Network Load Balancer (v2)", "Load Balancers Hands On". An internet-facing
 * Network Load Balancer (layer 4, TCP) with one Elastic IP in each of two Availability
 * Zones (its static addresses), in front of two Apache instances. With client IP
 * preservation the instances see the client's own IP, where behind an ALB they see the
 * load balancer's. The load balancer has its own security group, and the instances
 * accept port 80 only from it (which AWS honours even with client IP preservation).
 */
export class LabNlbStack extends Stack {
  /** The load balancer's security group: TCP 80 from anywhere, out only to the web servers. */
  readonly nlbSecurityGroup: ec2.SecurityGroup;
  /** The web servers' group: port 80 only from the load balancer's group. */
  readonly webSecurityGroup: ec2.SecurityGroup;
  /** One Elastic IP per Availability Zone: the load balancer's static addresses. */
  readonly staticIps: ec2.CfnEIP[];
  readonly webServers: ec2.Instance[];
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly targetGroup: elbv2.NetworkTargetGroup;

  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;
    const subnets = ZONE_NUMBERS.map((_, i) => vpc.publicSubnets[i]);

    this.nlbSecurityGroup = new ec2.SecurityGroup(this, 'NlbSecurityGroup', {
      vpc,
      securityGroupName: NLB_SECURITY_GROUP_NAME,
      description: 'Network load balancer: TCP 80 from anywhere',
      // Outbound is opened below, to the web servers on port 80 only (traffic and health checks).
      allowAllOutbound: false,
    });
    this.nlbSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from anywhere');
    Validations.of(this.nlbSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The load balancer is the public entry point of the lab: TCP 80 is open to the world on purpose.',
    });

    this.webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Web servers: HTTP only from the load balancer, SSH from your network only',
      allowAllOutbound: true,
    });
    // The lesson: even though the packets keep the client's IP (client IP preservation),
    // a rule naming the NLB's group admits them, and nothing else reaches port 80.
    this.webSecurityGroup.connections.allowFrom(this.nlbSecurityGroup, ec2.Port.tcp(80), 'HTTP from the load balancer only');
    allowSshFrom(this.webSecurityGroup, props.settings.sshCidr);

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const script = readUserDataScript('apache-echo.sh');
    this.webServers = ZONE_NUMBERS.map(
      (n, i) =>
        new LabInstance(this, `WebServer${n}`, {
          vpc,
          subnet: subnets[i],
          instanceType: props.settings.instanceType,
          securityGroup: this.webSecurityGroup,
          keyPair,
          name: `NlbWebServer${n}`,
          userDataScript: script,
        }).instance,
    );

    this.staticIps = ZONE_NUMBERS.map((n) => {
      const eip = new ec2.CfnEIP(this, `ElasticIp${n}`, { domain: 'vpc' });
      Tags.of(eip).add('Name', `LabNlb static IP ${n}`);
      return eip;
    });

    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      // One Elastic IP per subnet (per AZ): the "static IP" of the notes.
      subnetMappings: subnets.map((subnet, i) => ({ subnet, allocationId: this.staticIps[i].attrAllocationId })),
      securityGroups: [this.nlbSecurityGroup],
      // Each static address reaches the web servers of both AZs (off by default on an NLB);
      // traffic between AZs bills per GB, fractions of a cent for a lab.
      crossZoneEnabled: true,
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'Access logs need an S3 bucket that would outlive the lab; the check command verifies traffic instead.',
    });
    acknowledgeControl(this.loadBalancer, 'CT.ELASTICLOADBALANCING.PR.5');
    acknowledgeControl(this.loadBalancer, 'CT.ELASTICLOADBALANCING.PR.6');

    this.targetGroup = new elbv2.NetworkTargetGroup(this, 'TargetGroup', {
      vpc,
      port: 80,
      protocol: elbv2.Protocol.TCP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: this.webServers.map((instance) => new InstanceTarget(instance, 80)),
      // On by default for instance targets; written out because it is the lesson.
      preserveClientIp: true,
      healthCheck: {
        protocol: elbv2.Protocol.HTTP,
        path: '/',
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
      // Draining a lab instance need not take the default five minutes.
      deregistrationDelay: Duration.seconds(10),
    });
    this.loadBalancer.addListener('TcpListener', {
      port: 80,
      protocol: elbv2.Protocol.TCP,
      defaultTargetGroups: [this.targetGroup],
    });

    new CfnOutput(this, OUTPUTS.dnsName, {
      description: "The load balancer's name: use it, never the addresses behind it",
      value: this.loadBalancer.loadBalancerDnsName,
    });
    new CfnOutput(this, OUTPUTS.url, {
      description: 'The page through the load balancer; /echo shows the address the web server saw (yours)',
      value: `http://${this.loadBalancer.loadBalancerDnsName}`,
    });
    ZONE_NUMBERS.forEach((n, i) => {
      new CfnOutput(this, OUTPUTS.staticIp(n), {
        description: `The load balancer's static address in Availability Zone ${n} (an Elastic IP)`,
        value: this.staticIps[i].attrPublicIp,
      });
      addAccessOutputs(this, {
        instance: this.webServers[i],
        keyPair,
        sshCidr: props.settings.sshCidr,
        keyFile: 'lab-nlb.pem',
        prefix: OUTPUTS.webServerPrefix(n),
      });
    });
  }
}
