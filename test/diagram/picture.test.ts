/**
 * The drawing logic on small hand-made templates: every node kind, every edge kind,
 * every way a template states a security-group rule; each picture is also read back
 * by mermaid's own parser.
 */
import { buildPicture, INTERNET_ID, labDiagram, labDiagramMarkdown, renderMermaid, type CfnTemplate, type DiagramHint, type Picture } from '../../lib/diagram';
import { edgeLines, expectMermaidReadsPicture, nodeWith, placeOf } from './expect-picture';
import { startMermaidParser, type ParseResult } from './mermaid-parser';

// The run's mermaid parser, asked now to load mermaid while this file is set up.
const mermaid = startMermaidParser();

const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
const ref = (id: string) => ({ Ref: id });
const az = (i: number) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] });

/** A VPC with two public subnets, its routing plumbing and CDK's metadata, as CDK synthesizes them. */
const NETWORK = {
  Vpc8378EB38: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  VpcPublicSubnet1Subnet5C2D37C4: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc8378EB38'), AvailabilityZone: az(0), CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true } },
  VpcPublicSubnet2Subnet691E08A3: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc8378EB38'), AvailabilityZone: az(1), CidrBlock: '10.0.1.0/24', Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Public' }] } },
  VpcPublicSubnet1RouteTable6C95E38E: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc8378EB38') } },
  VpcPublicSubnet1DefaultRoute3DA9E72A: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('VpcPublicSubnet1RouteTable6C95E38E'), GatewayId: ref('VpcIGWD7BA715C') } },
  VpcIGWD7BA715C: { Type: 'AWS::EC2::InternetGateway' },
  VpcVPCGWBF912B6E: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc8378EB38'), InternetGatewayId: ref('VpcIGWD7BA715C') } },
  CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:...' } },
};

const instance = (subnet: unknown, groups: unknown[], extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::EC2::Instance',
  Properties: { InstanceType: 't3.micro', ImageId: 'ami-0123', SubnetId: subnet, SecurityGroupIds: groups, ...extra },
});

/** The ALB lesson: the world reaches the ALB on 80, the web servers admit 80 from the ALB's group only, SSH from a parameter. */
const ALB_TEMPLATE: CfnTemplate = {
  Description: 'An "ALB" <in front> of two servers',
  Parameters: { SshCidr: { Type: 'String' }, BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>' } },
  Resources: {
    ...NETWORK,
    AlbSgA1B2C3D4: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: ref('Vpc8378EB38'), GroupDescription: 'alb', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '::/0' }] } },
    WebSgE5F6A7B8: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: ref('Vpc8378EB38'), GroupName: 'web-servers', GroupDescription: 'web' } },
    WebSgFromAlb0A1B2C3D: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: getAtt('WebSgE5F6A7B8', 'GroupId'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: getAtt('AlbSgA1B2C3D4', 'GroupId') } },
    WebSgSsh1A2B3C4D: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: ref('WebSgE5F6A7B8'), IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: ref('SshCidr') } },
    AlbSgToWeb9F8E7D6C: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: getAtt('AlbSgA1B2C3D4', 'GroupId'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: getAtt('WebSgE5F6A7B8', 'GroupId') } },
    Web1Instance11111111: instance(ref('VpcPublicSubnet1Subnet5C2D37C4'), [getAtt('WebSgE5F6A7B8', 'GroupId')], { Tags: [{ Key: 'Name', Value: 'web-1' }], KeyName: ref('KeyPairABCDEF12'), UserData: { 'Fn::Base64': '#!/bin/bash\ndnf install -y httpd' } }),
    Web2Instance22222222: instance(ref('VpcPublicSubnet2Subnet691E08A3'), [getAtt('WebSgE5F6A7B8', 'GroupId')], { KeyName: ref('KeyPairABCDEF12') }),
    KeyPairABCDEF12: { Type: 'AWS::EC2::KeyPair', Properties: { KeyName: 'lab-key', KeyType: 'ed25519' } },
    Alb12345678: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', Scheme: 'internet-facing', SecurityGroups: [getAtt('AlbSgA1B2C3D4', 'GroupId')], Subnets: [ref('VpcPublicSubnet1Subnet5C2D37C4'), ref('VpcPublicSubnet2Subnet691E08A3')] } },
    AlbHttp87654321: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: ref('Alb12345678'), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: ref('WebTg0F0F0F0F') }] } },
    ApiRuleAAAABBBB: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: ref('AlbHttp87654321'), Priority: 10, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', MessageBody: 'Not "here"' } }] } },
    WebTg0F0F0F0F: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { VpcId: ref('Vpc8378EB38'), Port: 80, Protocol: 'HTTP', HealthCheckPath: '/', Targets: [{ Id: ref('Web1Instance11111111'), Port: 80 }, { Id: ref('Web2Instance22222222') }] } },
  },
};

/** An NLB lab on a shared network it imports: subnets and VPC come from another stack. */
const NLB_TEMPLATE: CfnTemplate = {
  Parameters: { SubnetB: { Type: 'AWS::EC2::Subnet::Id' } },
  Resources: {
    NlbSgC0C0C0C0: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { 'Fn::ImportValue': 'LabNetwork-VpcId' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] } },
    AppSgD0D0D0D0: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        VpcId: { 'Fn::ImportValue': 'LabNetwork-VpcId' },
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: ref('NlbSgC0C0C0C0') },
          { IpProtocol: 'tcp', FromPort: 8000, ToPort: 8010, CidrIp: '10.0.0.0/16' },
          { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/16' },
          { IpProtocol: '-1', SourceSecurityGroupId: getAtt('AppSgD0D0D0D0', 'GroupId') },
          { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIp: '203.0.113.0/24' },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::ImportValue': 'LabNetwork-BastionSg' } },
        ],
      },
    },
    AppInstanceE0E0E0E0: instance({ 'Fn::ImportValue': 'LabNetwork-PublicSubnet1' }, [ref('AppSgD0D0D0D0')], { AvailabilityZone: az(0) }),
    OtherInstanceF0F0F0F0: instance(ref('SubnetB'), [ref('AppSgD0D0D0D0')]),
    NlbEip01010101: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    AppEip02020202: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc', InstanceId: ref('AppInstanceE0E0E0E0') } },
    Nlb03030303: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', SecurityGroups: [ref('NlbSgC0C0C0C0')], SubnetMappings: [{ SubnetId: { 'Fn::ImportValue': 'LabNetwork-PublicSubnet1' }, AllocationId: getAtt('NlbEip01010101', 'AllocationId') }] } },
    NlbTcp04040404: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: ref('Nlb03030303'), Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: ref('AppTg05050505') }] } }] } },
    AppTg05050505: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { VpcId: { 'Fn::ImportValue': 'LabNetwork-VpcId' }, Port: 80, Protocol: 'TCP', Targets: [{ Id: ref('AppInstanceE0E0E0E0') }] } },
  },
};

/** Account-wide labs: IAM, a budget, an auto-destroy schedule, a custom resource and its helper Lambda. */
const ACCOUNT_TEMPLATE: CfnTemplate = {
  Parameters: { BudgetEmail: { Type: 'String' } },
  Resources: {
    AdminsAAAA1111: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'admin', ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':iam::aws:policy/AdministratorAccess']] }] } },
    ReadersBBBB2222: { Type: 'AWS::IAM::Group' },
    LearnerCCCC3333: { Type: 'AWS::IAM::User', Properties: { UserName: 'dva-learner', Groups: [ref('AdminsAAAA1111')], LoginProfile: { Password: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref('PasswordDDDD4444'), ':SecretString:password::}}']] }, PasswordResetRequired: true } } },
    AddToReadersEEEE5555: { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: ref('ReadersBBBB2222'), Users: [ref('LearnerCCCC3333')] } },
    ReadOnlyFFFF6666: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'read-only-s3', Groups: [ref('ReadersBBBB2222')], PolicyDocument: {} } },
    PasswordDDDD4444: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
    Budget: {
      Type: 'AWS::Budgets::Budget',
      Properties: {
        Budget: { BudgetName: 'monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 0.01, Unit: 'USD' } },
        NotificationsWithSubscribers: [
          { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: ref('BudgetEmail') }] },
          { Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 5, ThresholdType: 'ABSOLUTE_VALUE' }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: ref('BudgetEmail') }] },
        ],
      },
    },
    AutoDestroy11112222: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'at(2030-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:scheduler:::aws-sdk:cloudformation:deleteStack', RoleArn: getAtt('AutoDestroyRole33334444', 'Arn'), Input: '{"StackName":"LabX"}' } } },
    AutoDestroyRole33334444: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
    PolicyHandlerLogGroup5555AAAA: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
    PolicyHandlerRole6666BBBB: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] }, Policies: [{ PolicyDocument: { Statement: [{ Resource: getAtt('PolicyHandlerLogGroup5555AAAA', 'Arn') }] } }] } },
    PolicyHandlerFunction7777CCCC: { Type: 'AWS::Lambda::Function', Properties: { Role: getAtt('PolicyHandlerRole6666BBBB', 'Arn'), LoggingConfig: { LogGroup: ref('PolicyHandlerLogGroup5555AAAA') } } },
    PolicyHandlerInvokeConfig8888DDDD: { Type: 'AWS::Lambda::EventInvokeConfig', Properties: { FunctionName: ref('PolicyHandlerFunction7777CCCC'), MaximumRetryAttempts: 0 } },
    PasswordPolicy9999EEEE: { Type: 'Custom::AccountPasswordPolicy', Properties: { ServiceToken: getAtt('PolicyHandlerFunction7777CCCC', 'Arn'), MinimumPasswordLength: 14 } },
    NotesBucketABCD1234: { Type: 'AWS::S3::Bucket' },
    CDKMetadata: { Type: 'AWS::CDK::Metadata' },
  },
};

/** Labels a template might carry that would break a careless picture. */
const NASTY_TEMPLATE: CfnTemplate = {
  Description: 'quotes " and <b>tags</b> & #quot; entities',
  Resources: {
    end: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupName: 'sg "one" <two> [three] {four} |five| `six`', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'a "rule"' }] } },
    'bad-id.x': { Type: 'AWS::EC2::Instance', Properties: { SecurityGroupIds: [ref('end')], Tags: [{ Key: 'Name', Value: 'web #1 (the "first") ; end' }] } },
  },
};

const ALB_HINT: DiagramHint = { title: 'ALB lab', lesson: ['WebSg'] };
const pictures: Record<string, Picture> = {
  alb: buildPicture(ALB_TEMPLATE, ALB_HINT),
  nlb: buildPicture(NLB_TEMPLATE),
  account: buildPicture(ACCOUNT_TEMPLATE),
  nasty: buildPicture(NASTY_TEMPLATE),
  empty: buildPicture({}),
};

let parsed: Record<string, ParseResult>;
beforeAll(async () => {
  const names = Object.keys(pictures);
  const results = await mermaid.parse(names.map((n) => renderMermaid(pictures[n])));
  parsed = Object.fromEntries(names.map((n, i) => [n, results[i]]));
});

describe('security-group rules as labelled edges', () => {
  const alb = pictures.alb;
  const albSg = nodeWith(alb, 'AlbSg');
  const webSg = nodeWith(alb, 'web-servers');

  it('draws inline CIDR rules (IPv4 and IPv6) from the Internet to the group they open', () => {
    expect(edgeLines(alb, 'rule')).toEqual(expect.arrayContaining([`${INTERNET_ID} → ${albSg}: 0.0.0.0/0 → :80`, `${INTERNET_ID} → ${albSg}: ::/0 → :80`]));
  });

  it('draws a separate ingress from another group (Fn::GetAtt) from that group, named after its load balancer', () => {
    expect(edgeLines(alb, 'rule')).toContain(`${albSg} → ${webSg}: ALB SG → :80`);
  });

  it('draws a separate ingress from a parameterised CIDR (Ref) with the parameter name, on a group given by Ref', () => {
    expect(edgeLines(alb, 'rule')).toContain(`${INTERNET_ID} → ${webSg}: SshCidr → :22`);
  });

  it("the ALB lesson: nothing but the ALB's group reaches the web servers on 80", () => {
    expect(edgeLines(alb, 'rule').filter((l) => l.includes(`→ ${webSg}:`))).toEqual([`${albSg} → ${webSg}: ALB SG → :80`, `${INTERNET_ID} → ${webSg}: SshCidr → :22`]);
  });

  it('names ports, ranges, protocols and sources as the console does; NLB, self and imported groups as sources', () => {
    const nlb = pictures.nlb;
    const appSg = nodeWith(nlb, 'AppSg');
    const nlbSg = nodeWith(nlb, 'NlbSg');
    const bastion = nodeWith(nlb, 'import LabNetwork-BastionSg');
    expect(edgeLines(nlb, 'rule').filter((l) => l.includes(`→ ${appSg}:`)).sort()).toEqual(
      [
        `${nlbSg} → ${appSg}: NLB SG → :80`,
        `${INTERNET_ID} → ${appSg}: 10.0.0.0/16 → :8000-8010`,
        `${INTERNET_ID} → ${appSg}: 10.0.0.0/16 → udp :53`,
        `${appSg} → ${appSg}: same SG → all traffic`,
        `${INTERNET_ID} → ${appSg}: 203.0.113.0/24 → ICMP`,
        `${bastion} → ${appSg}: import LabNetwork-BastionSg → :443`,
      ].sort(),
    );
  });

  it('merges the rules between the same two nodes into one edge, one line per rule', () => {
    const rulesToAlbSg = alb.edges.filter((e) => e.kind === 'rule' && e.to === albSg);
    expect(rulesToAlbSg).toEqual([{ from: INTERNET_ID, to: albSg, kind: 'rule', lines: ['0.0.0.0/0 → :80', '::/0 → :80'] }]);
  });

  it('says when a group admits nothing, and draws no Internet without a reason', () => {
    const closed = buildPicture({ Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} } } });
    expect(closed.nodes).toEqual([expect.objectContaining({ lines: ['Security group', 'Sg', 'no inbound rule'] })]);
    expect(closed.nodes.map((n) => n.id)).not.toContain(INTERNET_ID);
  });
});

describe('the network', () => {
  it('puts instances in their subnet, in their AZ, in the VPC; groups, the ALB and its target group in the VPC', () => {
    const alb = pictures.alb;
    expect(placeOf(alb, nodeWith(alb, 'web-1'))).toEqual(['VPC 10.0.0.0/16 · internet gateway', 'Availability Zone 1', 'Public subnet 10.0.0.0/24']);
    expect(placeOf(alb, nodeWith(alb, 'Web2Instance'))).toEqual(['VPC 10.0.0.0/16 · internet gateway', 'Availability Zone 2', 'Public subnet 10.0.1.0/24']);
    for (const n of [nodeWith(alb, 'AlbSg'), nodeWith(alb, 'Application Load Balancer'), nodeWith(alb, 'Target group'), nodeWith(alb, 'Listener')]) {
      expect(placeOf(alb, n)).toEqual(['VPC 10.0.0.0/16 · internet gateway']);
    }
  });

  it('draws what lies in a network the template imports inside "Lab network (shared)"', () => {
    const nlb = pictures.nlb;
    expect(placeOf(nlb, nodeWith(nlb, 'AppInstance'))).toEqual(['Lab network (shared)', 'Availability Zone 1', 'Subnet import LabNetwork-PublicSubnet1']);
    expect(placeOf(nlb, nodeWith(nlb, 'OtherInstance'))).toEqual(['Lab network (shared)', 'Subnet SubnetB']);
    for (const n of [nodeWith(nlb, 'AppSg'), nodeWith(nlb, 'Network Load Balancer'), nodeWith(nlb, 'Target group'), nodeWith(nlb, 'import LabNetwork-BastionSg')]) {
      expect(placeOf(nlb, n)).toEqual(['Lab network (shared)']);
    }
  });

  it('draws an instance without a subnet in the default VPC', () => {
    const p = buildPicture({ Resources: { I: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro' } } } });
    expect(placeOf(p, 'I')).toEqual(['Default VPC (not in this template)']);
  });

  it('leaves out routing, gateway attachments, outbound rules, CDK metadata and bootstrap parameters, and says why', () => {
    const leftOut = Object.fromEntries(pictures.alb.leftOut.map((l) => [l.logicalId, l.reason]));
    expect(Object.keys(leftOut).sort()).toEqual(
      ['AlbSgToWeb9F8E7D6C', 'ApiRuleAAAABBBB', 'CDKMetadata', 'VpcIGWD7BA715C', 'VpcPublicSubnet1DefaultRoute3DA9E72A', 'VpcPublicSubnet1RouteTable6C95E38E', 'VpcVPCGWBF912B6E', 'WebSgFromAlb0A1B2C3D', 'WebSgSsh1A2B3C4D'].sort(),
    );
    expect(JSON.stringify(pictures.alb.nodes)).not.toMatch(/Bootstrap|RouteTable|Metadata/);
  });
});

describe('instances, load balancers, addresses and keys', () => {
  it('labels an instance with its name, type, image and user data', () => {
    expect(pictures.alb.nodes.find((n) => n.id === nodeWith(pictures.alb, 'web-1'))!.lines).toEqual(['EC2 instance', 'web-1', 't3.micro · ami-0123', 'runs user data at first boot']);
  });

  it('draws the ALB path: group on the ALB, listener, target group, each target on its port; a rule to a fixed response', () => {
    const alb = pictures.alb;
    const [lb, listener, tg, sg] = [nodeWith(alb, 'Application Load Balancer'), nodeWith(alb, 'Listener'), nodeWith(alb, 'Target group'), nodeWith(alb, 'AlbSg')];
    const fixed = nodeWith(alb, 'Fixed response');
    expect(edgeLines(alb, 'traffic')).toEqual([
      `${tg} → ${nodeWith(alb, 'web-1')}: :80`,
      `${tg} → ${nodeWith(alb, 'Web2Instance')}: :80`,
      `${lb} → ${listener}:`,
      `${listener} → ${tg}:`,
      `${listener} → ${fixed}: priority 10`,
      `${listener} → ${fixed}: path-pattern /api/*`,
    ]);
    expect(alb.nodes.find((n) => n.id === fixed)!.lines).toEqual(['Fixed response', '404 Not "here"']);
    expect(edgeLines(alb, 'attached')).toContain(`${sg} → ${lb}:`);
  });

  it('draws an NLB with ForwardConfig, and Elastic IPs on the NLB (subnet mapping) and on an instance (InstanceId)', () => {
    const nlb = pictures.nlb;
    const [lb, listener, tg, app] = [nodeWith(nlb, 'Network Load Balancer'), nodeWith(nlb, 'Listener', 'TCP :80'), nodeWith(nlb, 'Target group'), nodeWith(nlb, 'AppInstance')];
    expect(edgeLines(nlb, 'traffic')).toEqual([`${tg} → ${app}: :80`, `${lb} → ${listener}:`, `${listener} → ${tg}:`]);
    expect(edgeLines(nlb, 'attached')).toEqual(expect.arrayContaining([`NlbEip → ${lb}: associated`, `AppEip → ${app}: associated`]));
  });

  it('draws the key pair an instance uses, and the group attached to each instance', () => {
    const alb = pictures.alb;
    const [key, sg] = [nodeWith(alb, 'Key pair'), nodeWith(alb, 'web-servers')];
    expect(edgeLines(alb, 'attached')).toEqual(
      expect.arrayContaining([`${key} → ${nodeWith(alb, 'web-1')}: SSH key`, `${key} → Web2Instance: SSH key`, `${sg} → ${nodeWith(alb, 'web-1')}:`, `${sg} → Web2Instance:`]),
    );
  });
});

describe('account-wide resources', () => {
  const account = pictures.account;

  it('draws IAM: managed and inline policies, membership by Groups and by UserToGroupAddition, the secret the user reads', () => {
    expect(edgeLines(account, 'attached')).toEqual(
      expect.arrayContaining([
        'policy_AdministratorAccess → Admins: attached',
        'Learner → Admins: member of',
        'Learner → Readers: member of',
        'ReadOnly → Readers: attached',
        'Password → Learner: read by',
      ]),
    );
    expect(account.nodes.find((n) => n.id === 'Learner')!.lines).toEqual(['IAM user', 'dva-learner', 'console password, changed at first sign-in']);
  });

  it('draws the budget and who it alerts, on what', () => {
    expect(edgeLines(account, 'attached')).toEqual(expect.arrayContaining(['Budget → subscriber_BudgetEmail: ACTUAL > 100%', 'Budget → subscriber_BudgetEmail: FORECASTED > 5']));
    expect(account.nodes.find((n) => n.id === 'Budget')!.lines).toEqual(['Budget', 'monthly', 'monthly cost 0.01 USD']);
  });

  it('draws the auto-destroy schedule deleting the stack, without its role', () => {
    expect(edgeLines(account, 'attached')).toContain('AutoDestroy → stack: deletes');
    expect(account.nodes.find((n) => n.id === 'AutoDestroy')!.lines).toEqual(['Auto-destroy schedule', 'at(2030-01-01T00:00:00)']);
    expect(account.leftOut.map((l) => l.logicalId)).toContain('AutoDestroyRole33334444');
  });

  it("draws a custom resource as what it sets, and leaves out its helper Lambda's function, role, log group and invoke config", () => {
    expect(account.nodes.find((n) => n.logicalId === 'PasswordPolicy9999EEEE')!.lines).toEqual(['Account password policy', 'set by a helper Lambda']);
    expect(account.leftOut.map((l) => l.logicalId).sort()).toEqual(
      ['AddToReadersEEEE5555', 'AutoDestroyRole33334444', 'CDKMetadata', 'PolicyHandlerFunction7777CCCC', 'PolicyHandlerInvokeConfig8888DDDD', 'PolicyHandlerLogGroup5555AAAA', 'PolicyHandlerRole6666BBBB'].sort(),
    );
  });

  it('draws a resource type it does not know, so that a new lab shows it', () => {
    expect(account.nodes.find((n) => n.logicalId === 'NotesBucketABCD1234')!.lines).toEqual(['Bucket', 'NotesBucket']);
  });
});

describe('hints, escaping and mermaid', () => {
  it('marks the lesson nodes a hint names, and uses its title', () => {
    expect(pictures.alb.nodes.filter((n) => n.lesson).map((n) => n.id)).toEqual([nodeWith(pictures.alb, 'web-servers')]);
    expect(pictures.alb.title).toBe('ALB lab');
    expect(pictures.nlb.nodes.some((n) => n.lesson)).toBe(false);
  });

  it('keeps hostile names inside their labels and ids mermaid accepts', () => {
    const nasty = pictures.nasty;
    expect(nasty.nodes.map((n) => n.id).sort()).toEqual(['bad_id_x', INTERNET_ID, 'n_end'].sort());
    expect(nasty.nodes.find((n) => n.id === 'n_end')!.lines).toEqual(['Security group', 'sg "one" <two> [three] {four} |five| `six`']);
    expect(labDiagram(NASTY_TEMPLATE)).not.toMatch(/<b>|"one"/);
  });

  it.each(Object.keys(pictures))('mermaid reads the %s picture as exactly what was drawn', (name) => {
    expectMermaidReadsPicture(parsed[name], pictures[name]);
  });

  it('fences the picture for Markdown with the lab in its accessible title', () => {
    const markdown = labDiagramMarkdown('LabAlb', ALB_TEMPLATE);
    expect(markdown.startsWith('```mermaid\nflowchart LR\n  accTitle: LabAlb — An #quot;ALB#quot; #lt;in front#gt; of two servers\n')).toBe(true);
    expect(markdown.endsWith('\n```\n')).toBe(true);
  });
});
