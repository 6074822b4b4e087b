/**
 * What a lab's picture shows, read from its synthesized CloudFormation template: the
 * things a learner sees in the console (network, instances, load balancers, addresses,
 * key pairs, IAM, the budget, the auto-destroy schedule) and the security-group rules
 * as labelled edges. Plumbing a learner never sees is left out, and listed.
 * Pure: no CDK, no I/O; any template of any lab.
 */
import { IdAllocator, type Shape } from './mermaid';
import {
  asArray,
  constructPath,
  describeValue,
  humanizeLogicalId,
  humanizeType,
  isRecord,
  referencedId,
  referencesIn,
  tagValue,
  type CfnResource,
  type CfnTemplate,
  type Props,
} from './template';

/** What a lab may say about its picture (from its metadata); every field is optional. */
export interface DiagramHint {
  /**
   * The picture's accessible title (read by screen readers, not drawn).
   * @default - the template's Description
   */
  readonly title?: string;
  /**
   * The nodes that carry the lesson, drawn bold: construct ids as written in the stack
   * (`WebSecurityGroup`), matched against the start of each resource's construct path or logical id.
   * @default - none
   */
  readonly lesson?: readonly string[];
}

export type NodeKind =
  | 'internet'
  | 'instance'
  | 'loadBalancer'
  | 'listener'
  | 'targetGroup'
  | 'action'
  | 'securityGroup'
  | 'externalSecurityGroup'
  | 'elasticIp'
  | 'keyPair'
  | 'iamGroup'
  | 'iamUser'
  | 'iamRole'
  | 'iamPolicy'
  | 'secret'
  | 'budget'
  | 'subscriber'
  | 'schedule'
  | 'stack'
  | 'customResource'
  | 'other';

export interface PictureNode {
  /** Mermaid-safe and unique in the picture. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly lines: readonly string[];
  readonly shape: Shape;
  /** The resource drawn, when the node is one. */
  readonly logicalId?: string;
  readonly lesson: boolean;
}

/**
 * - `rule`: a security-group ingress rule, from where traffic may come to the group it opens;
 * - `traffic`: where a load balancer sends requests (listener, target group, targets);
 * - `attached`: one thing attached to, or used by, another (group to instance, key pair, address, IAM).
 */
export type EdgeKind = 'rule' | 'traffic' | 'attached';

export interface PictureEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly lines: readonly string[];
}

export type GroupKind = 'vpc' | 'sharedNetwork' | 'az' | 'subnet';

export interface PictureGroup {
  readonly id: string;
  readonly kind: GroupKind;
  readonly title: string;
  readonly groups: PictureGroup[];
  readonly nodeIds: string[];
}

/** A resource of the template that the picture does not draw, and why. */
export interface LeftOut {
  readonly logicalId: string;
  readonly type: string;
  readonly reason: string;
}

export interface Picture {
  readonly title?: string;
  readonly nodes: readonly PictureNode[];
  /** Nodes outside any network group, in drawing order. */
  readonly topNodeIds: readonly string[];
  readonly groups: readonly PictureGroup[];
  readonly edges: readonly PictureEdge[];
  readonly leftOut: readonly LeftOut[];
}

/** The fixed id of the Internet node. */
export const INTERNET_ID = 'internet';

/** Types never drawn: what CDK and CloudFormation need and a learner never handles. */
const PLUMBING: Readonly<Record<string, string>> = {
  'AWS::CDK::Metadata': 'CDK metadata',
  'AWS::EC2::RouteTable': 'routing (public subnets route to the internet gateway)',
  'AWS::EC2::Route': 'routing (public subnets route to the internet gateway)',
  'AWS::EC2::SubnetRouteTableAssociation': 'routing (public subnets route to the internet gateway)',
  'AWS::EC2::VPCGatewayAttachment': 'routing (the VPC title says it has an internet gateway)',
  'AWS::EC2::InternetGateway': 'routing (the VPC title says it has an internet gateway)',
  'AWS::IAM::InstanceProfile': "instance profile (the instance's role is on the instance)",
  'AWS::EC2::LaunchTemplate': 'launch template CDK adds for instance settings (IMDSv2)',
  'AWS::EC2::SecurityGroupEgress': 'outbound rule (the picture shows who may come in)',
  'AWS::EC2::SecurityGroupIngress': 'drawn as a rule edge',
  'AWS::EC2::EIPAssociation': 'drawn as an edge from the Elastic IP',
  'AWS::IAM::UserToGroupAddition': 'drawn as a member-of edge',
  'AWS::Lambda::Permission': 'helper plumbing',
};

interface Resource extends CfnResource {
  readonly id: string;
  readonly props: Props;
}

/** Builds the picture of a template. */
export function buildPicture(template: CfnTemplate, hint: DiagramHint = {}): Picture {
  return new PictureBuilder(template, hint).build();
}


/**
 * A subnet of another stack's CDK Vpc, read through CDK's strong reference
 * (`LabNetwork:ExportsOutputRefNetworkVpcPublicSubnet1Subnet<hash><hash>`), in words:
 * `Public subnet 1 (LabNetwork)`; undefined for anything else.
 */
function importedSubnetTitle(subnetRef: unknown): string | undefined {
  const name = isRecord(subnetRef) ? subnetRef['Fn::ImportValue'] : undefined;
  const match = typeof name === 'string' ? /^([\w-]+):ExportsOutputRef\w*?([A-Z][a-z]+)Subnet(\d+)Subnet[0-9A-F]{16}$/.exec(name) : null;
  return match ? `${match[2]} subnet ${match[3]} (${match[1]})` : undefined;
}

class PictureBuilder {
  private readonly resources: ReadonlyMap<string, Resource>;
  private readonly ids = new IdAllocator([INTERNET_ID]);
  private readonly nodes = new Map<string, PictureNode>();
  private readonly topNodeIds: string[] = [];
  private readonly groups: PictureGroup[] = [];
  private readonly groupsByKey = new Map<string, PictureGroup>();
  private readonly edges: PictureEdge[] = [];
  private readonly leftOut = new Map<string, LeftOut>();
  /** Node id of each drawn resource. */
  private readonly nodeOf = new Map<string, string>();
  /** VPCs and subnets: drawn as the boxes around what they hold. */
  private readonly shownAsGroup = new Set<string>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly hint: DiagramHint,
  ) {
    this.resources = new Map(
      Object.entries(template.Resources ?? {}).map(([id, r]) => [id, { ...r, id, props: r.Properties ?? {} }]),
    );
  }

  build(): Picture {
    this.leaveOutPlumbing();
    this.leaveOutHelpers();
    this.drawNetworks();
    this.drawSecurityGroups();
    this.drawInstances();
    this.drawLoadBalancing();
    this.drawElasticIps();
    this.drawKeyPairs();
    this.drawIam();
    this.drawBudgets();
    this.drawSchedules();
    this.drawTheRest();
    this.drawRules();
    this.markClosedGroups();
    return {
      title: this.hint.title ?? this.template.Description,
      nodes: [...this.nodes.values()],
      topNodeIds: this.topNodeIds,
      groups: this.groups,
      edges: this.edges,
      leftOut: [...this.leftOut.values()],
    };
  }

  // ---- what is left out -------------------------------------------------------------

  private leaveOut(id: string, reason: string): void {
    const r = this.resources.get(id);
    if (r && !this.leftOut.has(id) && !this.nodeOf.has(id) && !this.shownAsGroup.has(id)) this.leftOut.set(id, { logicalId: id, type: r.Type, reason });
  }

  private leaveOutPlumbing(): void {
    for (const r of this.resources.values()) {
      const reason = PLUMBING[r.Type];
      if (reason !== undefined) this.leaveOut(r.id, reason);
    }
  }

  /**
   * The Lambda functions behind custom resources (their ServiceToken) and what only they
   * use (roles, policies, log groups, invoke settings, other functions they call).
   */
  private leaveOutHelpers(): void {
    const helpers = new Set<string>();
    for (const r of this.resources.values()) {
      const token = referencedId(r.props.ServiceToken);
      if (token !== undefined && this.resources.get(token)?.Type === 'AWS::Lambda::Function') helpers.add(token);
    }
    const helperTypes = new Set(['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Logs::LogGroup', 'AWS::Lambda::EventInvokeConfig', 'AWS::Lambda::Permission']);
    for (let grown = true; grown; ) {
      grown = false;
      for (const r of this.resources.values()) {
        if (helpers.has(r.id) || !helperTypes.has(r.Type)) continue;
        const usedByHelper = [...helpers].some((h) => referencesIn(this.resources.get(h)?.props).has(r.id));
        const usesHelper = r.Type !== 'AWS::Lambda::Function' && [...referencesIn(r.props)].some((ref) => helpers.has(ref));
        if (usedByHelper || usesHelper) {
          helpers.add(r.id);
          grown = true;
        }
      }
    }
    helpers.forEach((id) => this.leaveOut(id, 'helper Lambda of a custom resource, and what only it uses'));
  }

  // ---- nodes and groups ---------------------------------------------------------------

  private isLesson(r: Resource | undefined): boolean {
    if (!r) return false;
    const path = constructPath(r);
    return (this.hint.lesson ?? []).some((l) => r.id.startsWith(l) || (path !== undefined && (path === l || path.startsWith(`${l}/`))));
  }

  private addNode(key: string, kind: NodeKind, shape: Shape, lines: readonly string[], group?: PictureGroup, preferredId?: string): string {
    const existing = this.nodeOf.get(key) ?? (key === INTERNET_ID && this.nodes.has(INTERNET_ID) ? INTERNET_ID : undefined);
    if (existing !== undefined) return existing;
    const resource = this.resources.get(key);
    const id = key === INTERNET_ID ? INTERNET_ID : this.ids.idFor(key, preferredId ?? humanizeLogicalId(key));
    this.nodes.set(id, { id, kind, lines, shape, logicalId: resource ? key : undefined, lesson: this.isLesson(resource) });
    this.nodeOf.set(key, id);
    (group ? group.nodeIds : this.topNodeIds).push(id);
    this.leftOut.delete(key);
    return id;
  }

  private internet(): string {
    return this.addNode(INTERNET_ID, 'internet', 'circle', ['Internet']);
  }

  private addEdge(from: string, to: string, kind: EdgeKind, lines: readonly string[] = []): void {
    const same = this.edges.find((e) => e.from === from && e.to === to && e.kind === kind);
    if (same) {
      // One edge per pair, one line per rule: two parallel arrows would hide each other's labels.
      const merged = { ...same, lines: [...same.lines, ...lines.filter((l) => !same.lines.includes(l))] };
      this.edges[this.edges.indexOf(same)] = merged;
      return;
    }
    this.edges.push({ from, to, kind, lines });
  }

  private group(key: string, kind: GroupKind, title: string, parent: PictureGroup | undefined, preferredId: string): PictureGroup {
    const known = this.groupsByKey.get(key);
    if (known) return known;
    const created: PictureGroup = { id: this.ids.idFor(`group:${key}`, preferredId), kind, title, groups: [], nodeIds: [] };
    (parent ? parent.groups : this.groups).push(created);
    this.groupsByKey.set(key, created);
    return created;
  }

  private sharedNetwork(): PictureGroup {
    return this.group('shared-network', 'sharedNetwork', 'Lab network (shared)', undefined, 'shared_network');
  }

  private defaultVpc(): PictureGroup {
    return this.group('default-vpc', 'sharedNetwork', 'Default VPC (not in this template)', undefined, 'default_vpc');
  }

  private drawNetworks(): void {
    const gatewayOf = new Set<string>();
    for (const r of this.resources.values()) {
      if (r.Type === 'AWS::EC2::VPCGatewayAttachment' && r.props.InternetGatewayId !== undefined) {
        const vpc = referencedId(r.props.VpcId);
        if (vpc) gatewayOf.add(vpc);
      }
    }
    for (const vpc of this.resourcesOf('AWS::EC2::VPC')) {
      const cidr = describeValue(vpc.props.CidrBlock, this.template);
      const title = [`VPC ${cidr ?? humanizeLogicalId(vpc.id)}`, gatewayOf.has(vpc.id) ? ' · internet gateway' : ''].join('');
      this.group(`vpc:${vpc.id}`, 'vpc', title, undefined, humanizeLogicalId(vpc.id));
      this.shownAsGroup.add(vpc.id);
    }
    for (const subnet of this.resourcesOf('AWS::EC2::Subnet')) {
      const vpcId = referencedId(subnet.props.VpcId);
      const parent = vpcId && this.groupsByKey.get(`vpc:${vpcId}`) ? this.groupsByKey.get(`vpc:${vpcId}`)! : this.sharedNetwork();
      const az = describeValue(subnet.props.AvailabilityZone, this.template) ?? 'AZ ?';
      const azGroup = this.azGroup(parent, az);
      const type = tagValue(subnet.props, 'aws-cdk:subnet-type') ?? (subnet.props.MapPublicIpOnLaunch === true ? 'Public' : undefined);
      const cidr = describeValue(subnet.props.CidrBlock, this.template) ?? '';
      this.group(`subnet:${subnet.id}`, 'subnet', [type ? `${type} subnet` : 'Subnet', cidr].filter(Boolean).join(' '), azGroup, humanizeLogicalId(subnet.id));
      this.shownAsGroup.add(subnet.id);
    }
  }

  private azGroup(parent: PictureGroup, az: string): PictureGroup {
    return this.group(`az:${parent.id}:${az}`, 'az', az.replace(/^AZ /, 'Availability Zone '), parent, `${parent.id}_${az.replace(/^AZ /, 'az')}`);
  }

  /** The group a VPC reference places a resource in: the template's VPC, the shared network, or the default VPC. */
  private vpcGroup(vpcRef: unknown): PictureGroup {
    const id = referencedId(vpcRef);
    if (id !== undefined && this.groupsByKey.has(`vpc:${id}`)) return this.groupsByKey.get(`vpc:${id}`)!;
    return vpcRef === undefined ? this.defaultVpc() : this.sharedNetwork();
  }

  /** The group a subnet reference places a resource in, with the AZ it names when the subnet is not in the template. */
  private subnetGroup(subnetRef: unknown, azValue: unknown): PictureGroup | undefined {
    if (subnetRef === undefined) return undefined;
    const id = referencedId(subnetRef);
    if (id !== undefined && this.groupsByKey.has(`subnet:${id}`)) return this.groupsByKey.get(`subnet:${id}`)!;
    const network = this.sharedNetwork();
    const az = describeValue(azValue, this.template);
    const parent = az ? this.azGroup(network, az) : network;
    const name = describeValue(subnetRef, this.template) ?? 'a subnet';
    return this.group(`subnet:${parent.id}:${name}`, 'subnet', importedSubnetTitle(subnetRef) ?? `Subnet ${name}`, parent, `${parent.id}_subnet_${name}`);
  }

  /** Where a set of subnets lies: their common VPC group, else the shared network. */
  private subnetsGroup(subnetRefs: readonly unknown[]): PictureGroup {
    const vpcs = new Set(
      subnetRefs.map((ref) => {
        const id = referencedId(ref);
        const subnet = id ? this.resources.get(id) : undefined;
        return subnet?.Type === 'AWS::EC2::Subnet' ? referencedId(subnet.props.VpcId) : undefined;
      }),
    );
    const [only] = [...vpcs];
    return vpcs.size === 1 && only !== undefined ? this.vpcGroup({ Ref: only }) : this.sharedNetwork();
  }

  // ---- network resources --------------------------------------------------------------

  private drawSecurityGroups(): void {
    for (const sg of this.resourcesOf('AWS::EC2::SecurityGroup')) {
      const name = typeof sg.props.GroupName === 'string' ? sg.props.GroupName : humanizeLogicalId(sg.id);
      this.addNode(sg.id, 'securityGroup', 'hexagon', kindAndName('Security group', name), this.vpcGroup(sg.props.VpcId));
    }
  }

  /** The node of a security group given by reference: the template's own, or one outside it. */
  private securityGroupNode(ref: unknown, near: () => PictureGroup): string | undefined {
    const id = referencedId(ref);
    if (id !== undefined && this.resources.get(id)?.Type === 'AWS::EC2::SecurityGroup') return this.nodeOf.get(id);
    const name = describeValue(ref, this.template);
    if (name === undefined) return undefined;
    const group = near();
    return this.addNode(`external-sg:${name}`, 'externalSecurityGroup', 'hexagon', ['Security group', name], group.kind === 'sharedNetwork' ? group : this.sharedNetwork(), `sg_${name}`);
  }

  private drawInstances(): void {
    for (const instance of this.resourcesOf('AWS::EC2::Instance')) {
      const p = instance.props;
      const nics = asArray(p.NetworkInterfaces).filter(isRecord);
      const subnetRef = p.SubnetId ?? nics[0]?.SubnetId;
      const groupRefs = [...asArray(p.SecurityGroupIds), ...nics.flatMap((n) => asArray(n.GroupSet))];
      const sgVpc = groupRefs.map(referencedId).map((id) => (id ? this.resources.get(id)?.props.VpcId : undefined)).find((v) => v !== undefined);
      const group = this.subnetGroup(subnetRef, p.AvailabilityZone) ?? this.vpcGroup(sgVpc);
      const lines = [
        'EC2 instance',
        tagValue(p, 'Name') ?? humanizeLogicalId(instance.id),
        [describeValue(p.InstanceType, this.template), this.imageName(p.ImageId)].filter(Boolean).join(' · '),
        ...this.instanceExtras(p),
      ].filter((l) => l !== '');
      const node = this.addNode(instance.id, 'instance', 'rectangle', lines, group);
      for (const ref of groupRefs) {
        const sg = this.securityGroupNode(ref, () => group);
        if (sg) this.addEdge(sg, node, 'attached');
      }
      for (const name of asArray(p.SecurityGroups)) {
        const sg = this.securityGroupNode(name, () => group);
        if (sg) this.addEdge(sg, node, 'attached');
      }
    }
  }

  private imageName(imageId: unknown): string | undefined {
    const param = referencedId(imageId);
    const ssmPath = param ? this.template.Parameters?.[param]?.Default : undefined;
    if (typeof ssmPath === 'string') return ssmPath.split('/').pop();
    return describeValue(imageId, this.template);
  }

  /** User data and the instance's role, folded into its label. */
  private instanceExtras(p: Props): string[] {
    const extras: string[] = [];
    const userData = isRecord(p.UserData) ? p.UserData['Fn::Base64'] : p.UserData;
    const script = typeof userData === 'string' ? userData : undefined;
    if (userData !== undefined && (script === undefined || script.trim().split('\n').length > 1)) extras.push('runs user data at first boot');
    const profile = this.resources.get(referencedId(p.IamInstanceProfile) ?? '');
    for (const roleRef of asArray(profile?.props.Roles)) {
      const role = this.resources.get(referencedId(roleRef) ?? '');
      const policies = asArray(role?.props.ManagedPolicyArns).map((arn) => describeValue(arn, this.template)?.split('/').pop()).filter(Boolean);
      if (role) {
        extras.push(`role: ${policies.length > 0 ? policies.join(', ') : humanizeLogicalId(role.id)}`);
        this.leaveOut(role.id, "instance role (its policies are on the instance's label)");
      }
    }
    return extras;
  }

  private drawLoadBalancing(): void {
    for (const lb of this.resourcesOf('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const p = lb.props;
      const mappings = asArray(p.SubnetMappings).filter(isRecord);
      const subnets = [...asArray(p.Subnets), ...mappings.map((m) => m.SubnetId)];
      const type = describeValue(p.Type, this.template) ?? 'application';
      const kind = type === 'network' ? 'Network Load Balancer' : type === 'gateway' ? 'Gateway Load Balancer' : 'Application Load Balancer';
      const scheme = describeValue(p.Scheme, this.template) ?? 'internet-facing';
      const name = typeof p.Name === 'string' ? p.Name : humanizeLogicalId(lb.id);
      const group = this.subnetsGroup(subnets);
      const node = this.addNode(lb.id, 'loadBalancer', 'stadium', [...kindAndName(kind, name), `${scheme}, ${subnets.length} subnets`], group);
      for (const ref of asArray(p.SecurityGroups)) {
        const sg = this.securityGroupNode(ref, () => group);
        if (sg) this.addEdge(sg, node, 'attached');
      }
      for (const m of mappings) {
        const eip = referencedId(m.AllocationId);
        if (eip) this.pendingEipTargets.push({ eip, target: lb.id });
      }
    }
    for (const tg of this.resourcesOf('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      const p = tg.props;
      const protocol = [describeValue(p.Protocol, this.template), p.Port !== undefined ? `:${describeValue(p.Port, this.template)}` : ''].filter(Boolean).join(' ');
      const health = describeValue(p.HealthCheckPath, this.template);
      const lines = [...kindAndName('Target group', humanizeLogicalId(tg.id)), [protocol, health ? `health check ${health}` : ''].filter(Boolean).join(' · ')];
      const node = this.addNode(tg.id, 'targetGroup', 'subroutine', lines.filter(Boolean), this.vpcGroup(p.VpcId ?? (p.TargetType === 'lambda' ? undefined : p.VpcId)));
      for (const target of asArray(p.Targets).filter(isRecord)) {
        const targetId = referencedId(target.Id);
        const port = target.Port ?? p.Port;
        if (targetId && this.nodeOf.has(targetId)) this.addEdge(node, this.nodeOf.get(targetId)!, 'traffic', port !== undefined ? [`:${describeValue(port, this.template)}`] : []);
      }
    }
    for (const listener of this.resourcesOf('AWS::ElasticLoadBalancingV2::Listener')) {
      const p = listener.props;
      const lbNode = this.nodeOf.get(referencedId(p.LoadBalancerArn) ?? '');
      const lbGroup = lbNode ? this.groupOfNode(lbNode) : undefined;
      const lines = ['Listener', [describeValue(p.Protocol, this.template), `:${describeValue(p.Port, this.template) ?? '?'}`].filter(Boolean).join(' ')];
      const node = this.addNode(listener.id, 'listener', 'flag', lines, lbGroup);
      if (lbNode) this.addEdge(lbNode, node, 'traffic');
      this.drawActions(node, listener.id, p.DefaultActions, ['default']);
    }
    for (const rule of this.resourcesOf('AWS::ElasticLoadBalancingV2::ListenerRule')) {
      const p = rule.props;
      const listenerNode = this.nodeOf.get(referencedId(p.ListenerArn) ?? '');
      if (!listenerNode) continue;
      this.leaveOut(rule.id, 'drawn as an edge from its listener');
      const conditions = asArray(p.Conditions).filter(isRecord).map((c) => this.describeCondition(c));
      this.drawActions(listenerNode, rule.id, p.Actions, [`priority ${describeValue(p.Priority, this.template) ?? '?'}`, ...conditions]);
    }
  }

  private describeCondition(c: Record<string, unknown>): string {
    const field = describeValue(c.Field, this.template) ?? 'condition';
    const config = Object.entries(c).find(([k, v]) => k.endsWith('Config') && isRecord(v))?.[1] as Record<string, unknown> | undefined;
    const values = asArray(config?.Values ?? c.Values).map((v) => describeValue(v, this.template) ?? '?');
    return `${field} ${values.join(', ')}`.trim();
  }

  /** A listener's (or rule's) actions: forward to target groups, or a fixed response or redirect of its own. */
  private drawActions(from: string, ownerId: string, actions: unknown, when: readonly string[]): void {
    for (const action of asArray(actions).filter(isRecord)) {
      const type = describeValue(action.Type, this.template);
      const forward = isRecord(action.ForwardConfig) ? asArray(action.ForwardConfig.TargetGroups).filter(isRecord).map((t) => t.TargetGroupArn) : [];
      const targetGroups = [action.TargetGroupArn, ...forward].map((ref) => this.nodeOf.get(referencedId(ref) ?? '')).filter((n): n is string => n !== undefined);
      if (type === 'forward') {
        targetGroups.forEach((tg) => this.addEdge(from, tg, 'traffic', when.filter((w) => w !== 'default')));
        continue;
      }
      const config = type === 'fixed-response' ? action.FixedResponseConfig : type === 'redirect' ? action.RedirectConfig : undefined;
      const detail = isRecord(config)
        ? type === 'fixed-response'
          ? `${describeValue(config.StatusCode, this.template) ?? ''} ${describeValue(config.MessageBody, this.template) ?? ''}`.trim()
          : `to ${[config.Protocol, config.Host, config.Port, config.Path].map((v) => describeValue(v, this.template)).filter(Boolean).join(' ')}`
        : '';
      const node = this.addNode(`action:${ownerId}:${type}`, 'action', 'rounded', [humanizeType(`x::${(type ?? 'action').replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}`), detail].filter(Boolean), this.groupOfNode(from), `${safeKey(ownerId)}_${safeKey(type ?? 'action')}`);
      this.addEdge(from, node, 'traffic', when.filter((w) => w !== 'default'));
    }
  }

  private readonly pendingEipTargets: { eip: string; target: string }[] = [];

  private drawElasticIps(): void {
    for (const eip of this.resourcesOf('AWS::EC2::EIP')) {
      this.addNode(eip.id, 'elasticIp', 'parallelogram', [...kindAndName('Elastic IP', humanizeLogicalId(eip.id)), 'public IPv4 that survives stop/start']);
      if (eip.props.InstanceId !== undefined) this.pendingEipTargets.push({ eip: eip.id, target: referencedId(eip.props.InstanceId) ?? '' });
    }
    for (const assoc of this.resourcesOf('AWS::EC2::EIPAssociation')) {
      const eip = referencedId(assoc.props.AllocationId) ?? referencedId(assoc.props.EIP);
      const target = referencedId(assoc.props.InstanceId) ?? referencedId(assoc.props.NetworkInterfaceId);
      if (eip && target) this.pendingEipTargets.push({ eip, target });
    }
    for (const { eip, target } of this.pendingEipTargets) {
      const from = this.nodeOf.get(eip);
      const to = this.nodeOf.get(target);
      if (from && to) this.addEdge(from, to, 'attached', ['associated']);
    }
  }

  private drawKeyPairs(): void {
    for (const key of this.resourcesOf('AWS::EC2::KeyPair')) {
      const p = key.props;
      const detail = [describeValue(p.KeyType, this.template), describeValue(p.KeyFormat, this.template)].filter(Boolean).join(', ');
      const node = this.addNode(key.id, 'keyPair', 'trapezoid', [...kindAndName('Key pair', humanizeLogicalId(key.id)), detail].filter(Boolean));
      for (const instance of this.resourcesOf('AWS::EC2::Instance')) {
        if (referencedId(instance.props.KeyName) === key.id) this.addEdge(node, this.nodeOf.get(instance.id)!, 'attached', ['SSH key']);
      }
    }
  }

  // ---- account-wide resources ---------------------------------------------------------

  private drawIam(): void {
    const managedPolicy = (arn: unknown) => {
      const name = describeValue(arn, this.template)?.split('/').pop() ?? 'a managed policy';
      return this.addNode(`managed-policy:${name}`, 'iamPolicy', 'parallelogram', ['IAM policy', name], undefined, `policy_${name}`);
    };
    for (const group of this.resourcesOf('AWS::IAM::Group')) {
      const node = this.addNode(group.id, 'iamGroup', 'rounded', ['IAM group', describeValue(group.props.GroupName, this.template) ?? humanizeLogicalId(group.id)]);
      asArray(group.props.ManagedPolicyArns).forEach((arn) => this.addEdge(managedPolicy(arn), node, 'attached', ['attached']));
    }
    for (const user of this.resourcesOf('AWS::IAM::User')) {
      const p = user.props;
      const console = isRecord(p.LoginProfile)
        ? p.LoginProfile.PasswordResetRequired === true
          ? 'console password, changed at first sign-in'
          : 'console password'
        : '';
      const node = this.addNode(user.id, 'iamUser', 'rounded', ['IAM user', describeValue(p.UserName, this.template) ?? humanizeLogicalId(user.id), console].filter(Boolean));
      asArray(p.ManagedPolicyArns).forEach((arn) => this.addEdge(managedPolicy(arn), node, 'attached', ['attached']));
      for (const g of asArray(p.Groups)) {
        const groupNode = this.nodeOf.get(referencedId(g) ?? '') ?? this.addNode(`external-group:${describeValue(g, this.template)}`, 'iamGroup', 'rounded', ['IAM group', describeValue(g, this.template) ?? '?']);
        this.addEdge(node, groupNode, 'attached', ['member of']);
      }
    }
    for (const addition of this.resourcesOf('AWS::IAM::UserToGroupAddition')) {
      const groupNode = this.nodeOf.get(referencedId(addition.props.GroupName) ?? '');
      for (const u of asArray(addition.props.Users)) {
        const userNode = this.nodeOf.get(referencedId(u) ?? '');
        if (userNode && groupNode) this.addEdge(userNode, groupNode, 'attached', ['member of']);
      }
    }
    for (const role of this.resourcesOf('AWS::IAM::Role')) {
      if (this.leftOut.has(role.id)) continue;
      const services = this.trustedServices(role.props);
      const usedBy = [...this.resources.values()].filter((r) => r.id !== role.id && referencesIn(r.props).has(role.id));
      if (services.length > 0 && usedBy.length > 0 && usedBy.every((r) => r.Type !== 'AWS::IAM::InstanceProfile')) {
        // A service's role (the scheduler's, a function's): the label of what uses it says what it may do.
        this.leaveOut(role.id, `role of ${usedBy.map((r) => humanizeLogicalId(r.id)).join(', ')} (a service assumes it)`);
        continue;
      }
      const node = this.addNode(role.id, 'iamRole', 'rounded', ['IAM role', describeValue(role.props.RoleName, this.template) ?? humanizeLogicalId(role.id), services.length ? `assumed by ${services.join(', ')}` : ''].filter(Boolean));
      asArray(role.props.ManagedPolicyArns).forEach((arn) => this.addEdge(managedPolicy(arn), node, 'attached', ['attached']));
    }
    for (const policy of [...this.resourcesOf('AWS::IAM::Policy'), ...this.resourcesOf('AWS::IAM::ManagedPolicy')]) {
      if (this.leftOut.has(policy.id)) continue;
      const holders = ['Groups', 'Users', 'Roles'].flatMap((k) => asArray(policy.props[k])).map((ref) => this.nodeOf.get(referencedId(ref) ?? '')).filter((n): n is string => n !== undefined);
      const name = describeValue(policy.props.PolicyName ?? policy.props.ManagedPolicyName, this.template) ?? humanizeLogicalId(policy.id);
      const node = this.addNode(policy.id, 'iamPolicy', 'parallelogram', ['IAM policy', name]);
      holders.forEach((h) => this.addEdge(node, h, 'attached', ['attached']));
    }
    for (const secret of this.resourcesOf('AWS::SecretsManager::Secret')) {
      const node = this.addNode(secret.id, 'secret', 'cylinder', ['Secrets Manager secret', describeValue(secret.props.Name, this.template) ?? humanizeLogicalId(secret.id)]);
      for (const r of this.resources.values()) {
        if (r.id !== secret.id && this.nodeOf.has(r.id) && referencesIn(r.props).has(secret.id)) this.addEdge(node, this.nodeOf.get(r.id)!, 'attached', ['read by']);
      }
    }
  }

  private trustedServices(role: Props): string[] {
    const doc = role.AssumeRolePolicyDocument;
    const statements = isRecord(doc) ? asArray(doc.Statement).filter(isRecord) : [];
    return statements.flatMap((s) => (isRecord(s.Principal) ? asArray(s.Principal.Service) : [])).map((s) => describeValue(s, this.template) ?? '?');
  }

  private drawBudgets(): void {
    for (const budget of this.resourcesOf('AWS::Budgets::Budget')) {
      const b = isRecord(budget.props.Budget) ? budget.props.Budget : {};
      const limit = isRecord(b.BudgetLimit) ? `${describeValue(b.BudgetLimit.Amount, this.template)} ${describeValue(b.BudgetLimit.Unit, this.template) ?? ''}`.trim() : undefined;
      const lines = ['Budget', describeValue(b.BudgetName, this.template) ?? humanizeLogicalId(budget.id), [describeValue(b.TimeUnit, this.template), describeValue(b.BudgetType, this.template), limit].filter(Boolean).join(' ').toLowerCase().replace(/usd$/, 'USD')];
      const node = this.addNode(budget.id, 'budget', 'rounded', lines);
      const alerts = new Map<string, string[]>();
      for (const n of asArray(budget.props.NotificationsWithSubscribers).filter(isRecord)) {
        const when = isRecord(n.Notification) ? this.describeNotification(n.Notification) : 'alert';
        for (const s of asArray(n.Subscribers).filter(isRecord)) {
          const key = `${describeValue(s.SubscriptionType, this.template) ?? ''} ${describeValue(s.Address, this.template) ?? '?'}`;
          alerts.set(key, [...(alerts.get(key) ?? []), when]);
        }
      }
      for (const [subscriber, whens] of alerts) {
        const [type, ...words] = subscriber.split(' ');
        const address = words.join(' ');
        const label = type === 'EMAIL' ? 'E-mail' : type === 'SNS' ? 'SNS topic' : type;
        const fromParameter = this.template.Parameters?.[address] !== undefined;
        const to = this.addNode(`subscriber:${subscriber}`, 'subscriber', 'flag', [label, fromParameter ? `${address} (stack parameter)` : address], undefined, `subscriber_${address}`);
        this.addEdge(node, to, 'attached', whens);
      }
    }
  }

  private describeNotification(n: Record<string, unknown>): string {
    const operator = { GREATER_THAN: '>', LESS_THAN: '<', EQUAL_TO: '=' }[String(n.ComparisonOperator)] ?? String(n.ComparisonOperator);
    const unit = n.ThresholdType === 'ABSOLUTE_VALUE' ? '' : '%';
    return `${describeValue(n.NotificationType, this.template) ?? ''} ${operator} ${describeValue(n.Threshold, this.template) ?? '?'}${unit}`.trim();
  }

  private drawSchedules(): void {
    for (const schedule of this.resourcesOf('AWS::Scheduler::Schedule')) {
      const p = schedule.props;
      const target = isRecord(p.Target) ? p.Target : {};
      const arn = describeValue(target.Arn, this.template) ?? '';
      const deletesStack = /cloudformation:deleteStack$/i.test(arn);
      const lines = [deletesStack ? 'Auto-destroy schedule' : 'EventBridge Scheduler schedule', describeValue(p.ScheduleExpression, this.template) ?? ''].filter(Boolean);
      const node = this.addNode(schedule.id, 'schedule', 'rounded', lines);
      if (deletesStack) {
        this.addEdge(node, this.addNode('stack', 'stack', 'subroutine', ["This lab's stack"]), 'attached', ['deletes']);
        continue;
      }
      const targetNode = this.nodeOf.get(referencedId(target.Arn) ?? '');
      if (targetNode) this.addEdge(node, targetNode, 'attached', ['invokes']);
    }
  }

  /** Everything else a learner would see in the console, drawn plainly so that new labs show up. */
  private drawTheRest(): void {
    for (const r of this.resources.values()) {
      if (this.nodeOf.has(r.id) || this.shownAsGroup.has(r.id) || this.leftOut.has(r.id)) continue;
      if (r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource') {
        const name = r.Type.startsWith('Custom::') ? humanizeType(r.Type) : humanizeLogicalId(r.id);
        this.addNode(r.id, 'customResource', 'rounded', [name, 'set by a helper Lambda']);
        continue;
      }
      this.addNode(r.id, 'other', 'rectangle', [humanizeType(r.Type), humanizeLogicalId(r.id)]);
    }
  }

  // ---- security-group rules -----------------------------------------------------------

  private drawRules(): void {
    for (const sg of this.resourcesOf('AWS::EC2::SecurityGroup')) {
      for (const rule of asArray(sg.props.SecurityGroupIngress).filter(isRecord)) this.drawRule(this.nodeOf.get(sg.id)!, rule);
    }
    for (const ingress of this.resourcesOf('AWS::EC2::SecurityGroupIngress')) {
      const p = ingress.props;
      const target = p.GroupId !== undefined ? this.securityGroupNode(p.GroupId, () => this.sharedNetwork()) : this.securityGroupNode(p.GroupName, () => this.defaultVpc());
      if (target) this.drawRule(target, p);
    }
  }

  /** A security group that admits nothing says so: that is a lesson too (SSH closed without sshCidr). */
  private markClosedGroups(): void {
    for (const node of this.nodes.values()) {
      if (node.kind !== 'securityGroup' || this.edges.some((e) => e.kind === 'rule' && e.to === node.id)) continue;
      this.nodes.set(node.id, { ...node, lines: [...node.lines, 'no inbound rule'] });
    }
  }

  private drawRule(to: string, rule: Props): void {
    const ports = this.describePorts(rule);
    for (const cidr of [rule.CidrIp, rule.CidrIpv6]) {
      if (cidr === undefined) continue;
      const source = describeValue(cidr, this.template) ?? 'a computed CIDR';
      this.addEdge(this.internet(), to, 'rule', [`${source} → ${ports}`]);
    }
    if (rule.SourcePrefixListId !== undefined) {
      this.addEdge(this.internet(), to, 'rule', [`prefix list ${describeValue(rule.SourcePrefixListId, this.template) ?? '?'} → ${ports}`]);
    }
    const sourceGroup = rule.SourceSecurityGroupId ?? rule.SourceSecurityGroupName;
    if (sourceGroup !== undefined) {
      const from = this.securityGroupNode(sourceGroup, () => this.groupOfNode(to) ?? this.sharedNetwork());
      if (from) this.addEdge(from, to, 'rule', [`${from === to ? 'same SG' : this.securityGroupShortName(from)} → ${ports}`]);
    }
  }

  /** `:80`, `:8000-8010`, `udp :53`, `all traffic`, `ICMP`. */
  private describePorts(rule: Props): string {
    const protocol = String(describeValue(rule.IpProtocol, this.template) ?? 'tcp').toLowerCase();
    if (protocol === '-1' || protocol === 'all') return 'all traffic';
    if (protocol === 'icmp' || protocol === '1' || protocol === 'icmpv6' || protocol === '58') return protocol.startsWith('icmpv6') || protocol === '58' ? 'ICMPv6' : 'ICMP';
    const from = describeValue(rule.FromPort, this.template);
    const to = describeValue(rule.ToPort, this.template) ?? from;
    const range = from === undefined ? 'all ports' : from === '0' && to === '65535' ? 'all ports' : from === to ? `:${from}` : `:${from}-${to}`;
    return protocol === 'tcp' || protocol === '6' ? range : `${protocol === '17' ? 'udp' : protocol} ${range}`;
  }

  /** How a rule names its source group: `ALB SG` when the group is only a load balancer's. */
  private securityGroupShortName(nodeId: string): string {
    const members = this.edges.filter((e) => e.from === nodeId && e.kind === 'attached').map((e) => this.nodes.get(e.to));
    if (members.length > 0 && members.every((m) => m?.kind === 'loadBalancer')) {
      const kinds = new Set(members.map((m) => (m!.lines[0].startsWith('Network') ? 'NLB' : m!.lines[0].startsWith('Gateway') ? 'GWLB' : 'ALB')));
      if (kinds.size === 1) return `${[...kinds][0]} SG`;
    }
    const node = this.nodes.get(nodeId);
    return node?.lines[1] ?? nodeId;
  }

  // ---- helpers --------------------------------------------------------------------------

  private resourcesOf(type: string): Resource[] {
    return [...this.resources.values()].filter((r) => r.Type === type);
  }

  private groupOfNode(nodeId: string): PictureGroup | undefined {
    const search = (groups: readonly PictureGroup[]): PictureGroup | undefined => {
      for (const g of groups) {
        if (g.nodeIds.includes(nodeId)) return g;
        const inner = search(g.groups);
        if (inner) return inner;
      }
      return undefined;
    };
    return search(this.groups);
  }
}

/** A node's first lines: what it is, then its name unless the name only repeats what it is (`TargetGroup`). */
function kindAndName(kind: string, name: string): string[] {
  const squash = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
  return squash(kind).endsWith(squash(name)) ? [kind] : [kind, name];
}

function safeKey(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '_');
}
