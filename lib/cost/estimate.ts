/**
 * What a lab costs while it is deployed, read from its synthesized CloudFormation
 * template and priced with the kit's price table (us-east-1, on demand).
 *
 * Every figure is per hour; a month is the table's 730 hours. Anything that bills
 * but cannot be priced from the template is listed as `unpriced`, never guessed.
 */
import { instanceHourPrice, monthlyToHourly, PRICES, VOLUME_GB_MONTH_PRICE, type PriceName, type PriceTable } from '../pricing/prices';
import { importedResource, referencedLogicalId, resourcesOf, type CfnTemplate } from './template';

/** One billed item of a lab, e.g. "2 x t3.micro instance". */
export interface CostLine {
  /** What bills, in words. */
  readonly item: string;
  readonly quantity: number;
  /** Unit of the quantity: instance, address, GB, ... */
  readonly unit: string;
  /** US dollars per hour for the whole quantity. */
  readonly usdPerHour: number;
  /** Names of the prices used (keys of prices.json: an instance type or an item name). */
  readonly prices: readonly string[];
  /** Logical ids of the resources behind the line. */
  readonly resources: readonly string[];
  /** Why the line counts what it counts, when that is not obvious. */
  readonly note?: string;
}

/** Something that bills (or may bill) that the estimate could not put a figure on. */
export interface UnpricedItem {
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

/** Cost of one lab. */
export interface LabCost {
  readonly lab: string;
  readonly usdPerHour: number;
  /** usdPerHour x the table's hours per month (730). */
  readonly usdPerMonth: number;
  readonly lines: readonly CostLine[];
  /** Resources that bill too little at lab scale to show (Lambda, log groups, ...), with why. */
  readonly negligible: readonly string[];
  readonly unpriced: readonly UnpricedItem[];
}

/** Types that never bill by themselves. */
const FREE_TYPES = new Set([
  'AWS::CDK::Metadata',
  // CloudFormation's own resources: no charge.
  'AWS::CloudFormation::WaitCondition',
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::KeyPair',
  'AWS::EC2::EIPAssociation',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::UserToGroupAddition',
  'AWS::Lambda::Permission',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::IAM::AccessKey',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SSM::Parameter',
]);

/** Types that bill per request or per GB stored: nothing worth a line at lab scale. */
const NEGLIGIBLE_TYPES: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'Lambda functions bill per request and GB-second; a lab calls them a few times (always free: 1M requests a month)',
  'AWS::Logs::LogGroup': 'log groups bill per GB ingested and stored (0.50 USD/GB ingested, 0.03 USD/GB-month); a lab writes kilobytes',
  'AWS::S3::Bucket': 'S3 bills per GB stored and per request; an empty or tiny bucket costs fractions of a cent',
  'AWS::SNS::Topic': 'SNS bills per message; a lab sends a handful',
  'AWS::SQS::Queue': 'SQS bills per request; the first million a month are free',
  'AWS::Scheduler::Schedule': 'EventBridge Scheduler bills per invocation (14 million a month free); auto-destroy invokes once',
};

/** A resource type billed per unit by named prices: the line it makes in the estimate. */
interface BilledPerUnit {
  /** Orders the lines and groups the resources of one line. */
  readonly key: string;
  readonly item: string;
  readonly unit: string;
  readonly prices: readonly PriceName[];
  /** US dollars per hour for `quantity` of them. */
  readonly usdPerHour: (quantity: number, prices: PriceTable) => number;
  readonly note?: string;
}

const hourly = (name: PriceName) => (quantity: number, prices: PriceTable) => quantity * prices.items[name].usd;
const monthly = (name: PriceName) => (quantity: number, prices: PriceTable) => quantity * monthlyToHourly(prices.items[name].usd, prices);

/**
 * The resource types billed per unit, one row each. Public IPv4 addresses and EBS
 * volumes have their own logic below (an instance's address depends on its subnet).
 */
/** The row of a Network Load Balancer (AWS::ElasticLoadBalancingV2::LoadBalancer with Type network). */
/** LabAmi's image (lib/labs/lab-ami/ami-from-instance.ts): a custom resource that leaves a snapshot. */
const AMI_FROM_INSTANCE = 'Custom::AmiFromInstance';

const NLB_KEY = 'AWS::ElasticLoadBalancingV2::LoadBalancer#network';

const BILLED_PER_UNIT: Readonly<Record<string, BilledPerUnit>> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    key: 'alb',
    item: 'Application Load Balancer hour + 1 LCU',
    unit: 'load balancer',
    prices: ['albHour', 'albLcuHour'],
    usdPerHour: (quantity, prices) => quantity * (prices.items.albHour.usd + prices.items.albLcuHour.usd),
  },
  // A load balancer's type is a property, not a resource type: the network one has its own row.
  [NLB_KEY]: {
    key: 'nlb',
    item: 'Network Load Balancer hour + 1 NLCU',
    unit: 'load balancer',
    prices: ['nlbHour', 'nlbNlcuHour'],
    usdPerHour: (quantity, prices) => quantity * (prices.items.nlbHour.usd + prices.items.nlbNlcuHour.usd),
  },
  // A NAT gateway's public address is the Elastic IP it names, counted with the EIPs.
  'AWS::EC2::NatGateway': { key: 'natGateway', item: 'NAT gateway', unit: 'gateway', prices: ['natGatewayHour'], usdPerHour: hourly('natGatewayHour') },
  'AWS::SecretsManager::Secret': { key: 'secret', item: 'Secrets Manager secret', unit: 'secret', prices: ['secretMonth'], usdPerHour: monthly('secretMonth') },
  'AWS::KMS::Key': { key: 'kmsKey', item: 'KMS customer managed key', unit: 'key', prices: ['kmsKeyMonth'], usdPerHour: monthly('kmsKeyMonth') },
  'AWS::CloudWatch::Alarm': { key: 'alarm', item: 'CloudWatch alarm', unit: 'alarm', prices: ['alarmMonth'], usdPerHour: monthly('alarmMonth') },
  'AWS::Budgets::Budget': {
    key: 'budget',
    item: 'budget',
    unit: 'budget',
    prices: ['budgetDay'],
    // The account's first two budgets are free.
    usdPerHour: (quantity, prices) => (Math.max(0, quantity - 2) * prices.items.budgetDay.usd) / 24,
    note: "the account's first two budgets are free, budgets made outside the kit included",
  },
};

const isCustomResource = (type: string) => type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

/** Adds up lines into a lab's cost. */
function total(lab: string, lines: CostLine[], negligible: string[], unpriced: UnpricedItem[], prices: PriceTable): LabCost {
  const usdPerHour = lines.reduce((sum, line) => sum + line.usdPerHour, 0);
  return { lab, usdPerHour, usdPerMonth: usdPerHour * prices.hoursPerMonth, lines, negligible, unpriced };
}

/** Counts things by a key, remembering which resources made each count. */
class Tally {
  private readonly counts = new Map<string, { quantity: number; resources: string[] }>();
  add(key: string, resource: string, quantity = 1): void {
    const entry = this.counts.get(key) ?? { quantity: 0, resources: [] };
    entry.quantity += quantity;
    if (!entry.resources.includes(resource)) entry.resources.push(resource);
    this.counts.set(key, entry);
  }
  entries(): [string, { quantity: number; resources: string[] }][] {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}

/**
 * Whether an instance gets an automatic public IPv4: true, false, or undefined when the
 * templates cannot tell. Its subnet is in the template (`Ref`) or in the template of the
 * stack that exports it (`Fn::ImportValue`, as the EC2 labs read LabNetwork's subnets).
 */
function instanceGetsPublicIp(template: CfnTemplate, props: Readonly<Record<string, unknown>>, exporters: readonly CfnTemplate[]): boolean | undefined {
  const interfaces = Array.isArray(props.NetworkInterfaces) ? (props.NetworkInterfaces as Record<string, unknown>[]) : [];
  const primary = interfaces.find((ni) => String(ni.DeviceIndex ?? '0') === '0');
  if (primary && typeof primary.AssociatePublicIpAddress === 'boolean') return primary.AssociatePublicIpAddress;
  const subnetValue = primary?.SubnetId ?? props.SubnetId;
  // No subnet at all: the default VPC's default subnets map public IPs.
  if (subnetValue === undefined) return true;
  const subnetId = referencedLogicalId(subnetValue);
  const subnet = subnetId ? template.Resources?.[subnetId] : importedResource(subnetValue, exporters)?.resource;
  if (!subnet || subnet.Type !== 'AWS::EC2::Subnet') return undefined;
  return subnet.Properties?.MapPublicIpOnLaunch === true;
}

/** Logical ids of the instances an Elastic IP of the template is associated with. */
function instancesWithElasticIp(template: CfnTemplate): Set<string> {
  const ids = new Set<string>();
  for (const [, r] of resourcesOf(template)) {
    if (r.Type !== 'AWS::EC2::EIPAssociation' && r.Type !== 'AWS::EC2::EIP') continue;
    const instance = referencedLogicalId(r.Properties?.InstanceId);
    if (instance) ids.add(instance);
  }
  return ids;
}

interface EbsTally {
  readonly gbByType: Tally;
  readonly extraIops: Tally;
  readonly extraThroughput: Tally;
}

const GP3_FREE_IOPS = 3000;
const GP3_FREE_THROUGHPUT = 125;

/** Tallies one EBS volume (a block device mapping or an AWS::EC2::Volume). */
function addVolume(
  ebs: EbsTally,
  unpriced: UnpricedItem[],
  resource: string,
  type: string,
  volume: Readonly<Record<string, unknown>>,
  sizeKey: 'VolumeSize' | 'Size',
): void {
  // EC2 creates gp2 when a volume names no type.
  const volumeType = typeof volume.VolumeType === 'string' ? volume.VolumeType : 'gp2';
  const size = volume[sizeKey];
  if (!Object.hasOwn(VOLUME_GB_MONTH_PRICE, volumeType)) {
    unpriced.push({ resource, type, reason: `no price in the table for EBS volume type ${volumeType}` });
    return;
  }
  if (typeof size !== 'number') {
    unpriced.push({ resource, type, reason: 'EBS volume size not in the template (the AMI or a snapshot decides it)' });
    return;
  }
  ebs.gbByType.add(volumeType, resource, size);
  if (volumeType === 'gp3') {
    if (typeof volume.Iops === 'number' && volume.Iops > GP3_FREE_IOPS) ebs.extraIops.add('gp3', resource, volume.Iops - GP3_FREE_IOPS);
    if (typeof volume.Throughput === 'number' && volume.Throughput > GP3_FREE_THROUGHPUT) {
      ebs.extraThroughput.add('gp3', resource, volume.Throughput - GP3_FREE_THROUGHPUT);
    }
  }
}

/**
 * Estimates the hourly and monthly cost of one lab from its template. `exporters` are the
 * app's other templates (LabNetwork's among them): what the lab imports is looked up there.
 */
export function estimateLabCost(lab: string, template: CfnTemplate, prices: PriceTable = PRICES, exporters: readonly CfnTemplate[] = []): LabCost {
  const lines: CostLine[] = [];
  const negligible = new Set<string>();
  const unpriced: UnpricedItem[] = [];
  const item = (name: PriceName) => prices.items[name].usd;

  const instances = new Tally();
  const ebs: EbsTally = { gbByType: new Tally(), extraIops: new Tally(), extraThroughput: new Tally() };
  const publicIps = new Tally();
  const withElasticIp = instancesWithElasticIp(template);
  const counts = new Tally();
  const snapshotGb = new Tally();

  for (const [id, resource] of resourcesOf(template)) {
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::EC2::Instance': {
        const instanceType = props.InstanceType;
        if (typeof instanceType !== 'string') {
          unpriced.push({ resource: id, type: resource.Type, reason: 'instance type not written in the template' });
        } else if (!instanceHourPrice(instanceType, prices)) {
          unpriced.push({ resource: id, type: resource.Type, reason: `no price in the table for instance type ${instanceType}` });
        } else {
          instances.add(instanceType, id);
        }
        // An Elastic IP replaces the automatic public IPv4: the EIP is counted instead.
        if (!withElasticIp.has(id)) {
          const publicIp = instanceGetsPublicIp(template, props, exporters);
          if (publicIp === undefined) {
            unpriced.push({ resource: id, type: resource.Type, reason: 'cannot tell from the templates whether it gets a public IPv4 (its subnet is in no template given)' });
          } else if (publicIp) {
            publicIps.add('instance', id);
          }
        }
        const mappings = Array.isArray(props.BlockDeviceMappings) ? (props.BlockDeviceMappings as Record<string, unknown>[]) : [];
        const volumes = mappings.filter((m) => typeof m.Ebs === 'object' && m.Ebs !== null);
        if (volumes.length === 0) {
          unpriced.push({ resource: id, type: resource.Type, reason: 'root volume comes from the AMI: its size is not in the template' });
        }
        for (const mapping of volumes) addVolume(ebs, unpriced, id, resource.Type, mapping.Ebs as Record<string, unknown>, 'VolumeSize');
        break;
      }
      case 'AWS::EC2::Volume':
        addVolume(ebs, unpriced, id, resource.Type, props, 'Size');
        break;
      case 'AWS::EC2::EIP':
        publicIps.add('Elastic IP', id);
        break;
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        const lbType = typeof props.Type === 'string' ? props.Type : 'application';
        if (lbType !== 'application' && lbType !== 'network') {
          unpriced.push({ resource: id, type: resource.Type, reason: `no price in the table for ${lbType} load balancers` });
          break;
        }
        counts.add(BILLED_PER_UNIT[lbType === 'network' ? NLB_KEY : resource.Type].key, id);
        if (props.Scheme === 'internal') break;
        // Subnet mappings with Elastic IPs: those addresses are the EIPs, counted with them.
        const mappings = Array.isArray(props.SubnetMappings) ? (props.SubnetMappings as Record<string, unknown>[]) : [];
        if (mappings.length > 0 && mappings.every((m) => m.AllocationId !== undefined)) break;
        // An internet-facing load balancer holds one public IPv4 per subnet (one per Availability Zone).
        const subnets = Array.isArray(props.Subnets) ? props.Subnets : Array.isArray(props.SubnetMappings) ? props.SubnetMappings : undefined;
        if (subnets) publicIps.add(lbType === 'network' ? 'NLB subnet' : 'ALB subnet', id, subnets.length);
        else unpriced.push({ resource: id, type: resource.Type, reason: 'cannot count the subnets (public IPv4 addresses) of the load balancer' });
        break;
      }
      case AMI_FROM_INSTANCE: {
        // The AMI keeps a snapshot of the instance's volumes: at most their size (snapshots
        // store only the blocks in use), billed by the GB-month until the AMI is deregistered.
        const source = referencedLogicalId(props.InstanceId);
        const sourceProps = (source ? template.Resources?.[source]?.Properties : undefined) ?? {};
        const mappings = Array.isArray(sourceProps.BlockDeviceMappings) ? (sourceProps.BlockDeviceMappings as Record<string, unknown>[]) : [];
        const gb = mappings.reduce((sum, m) => sum + Number((m.Ebs as Record<string, unknown> | undefined)?.VolumeSize ?? NaN), 0);
        if (mappings.length === 0 || !Number.isFinite(gb)) {
          unpriced.push({ resource: id, type: resource.Type, reason: "cannot read the size of the image's source volumes from the template" });
        } else {
          snapshotGb.add('snapshot', id, gb);
        }
        break;
      }
      default:
        if (Object.hasOwn(BILLED_PER_UNIT, resource.Type)) {
          counts.add(BILLED_PER_UNIT[resource.Type].key, id);
          break;
        }
        if (FREE_TYPES.has(resource.Type)) break;
        if (resource.Type in NEGLIGIBLE_TYPES) negligible.add(`${resource.Type}: ${NEGLIGIBLE_TYPES[resource.Type]}`);
        else if (isCustomResource(resource.Type)) negligible.add('custom resources: one Lambda call at deploy and one at destroy');
        else unpriced.push({ resource: id, type: resource.Type, reason: `no price in the table for ${resource.Type}` });
    }
  }

  for (const [, { quantity, resources }] of snapshotGb.entries()) {
    lines.push({
      item: 'EBS snapshot (an AMI, at most its source volumes)',
      quantity,
      unit: 'GB',
      usdPerHour: quantity * monthlyToHourly(item('ebsSnapshotGbMonth'), prices),
      prices: ['ebsSnapshotGbMonth'],
      resources,
    });
  }
  for (const [instanceType, { quantity, resources }] of instances.entries()) {
    lines.push({
      item: `${instanceType} instance`,
      quantity,
      unit: 'instance',
      usdPerHour: quantity * instanceHourPrice(instanceType, prices)!.usd,
      prices: [instanceType],
      resources,
    });
  }
  const ipEntries = publicIps.entries();
  if (ipEntries.length > 0) {
    const quantity = ipEntries.reduce((sum, [, e]) => sum + e.quantity, 0);
    lines.push({
      item: 'public IPv4 address',
      quantity,
      unit: 'address',
      usdPerHour: quantity * item('publicIpv4Hour'),
      prices: ['publicIpv4Hour'],
      resources: ipEntries.flatMap(([, e]) => e.resources),
      note: ipEntries.map(([kind, e]) => `${e.quantity} ${kind}${e.quantity > 1 ? 's' : ''}`).join(', '),
    });
  }
  for (const [key, { quantity, resources }] of counts.entries()) {
    const billed = Object.values(BILLED_PER_UNIT).find((b) => b.key === key)!;
    lines.push({
      item: billed.item,
      quantity,
      unit: billed.unit,
      usdPerHour: billed.usdPerHour(quantity, prices),
      prices: billed.prices,
      resources,
      ...(billed.note ? { note: billed.note } : {}),
    });
  }
  for (const [volumeType, { quantity, resources }] of ebs.gbByType.entries()) {
    lines.push({
      item: `EBS ${volumeType}`,
      quantity,
      unit: 'GB',
      usdPerHour: quantity * monthlyToHourly(item(VOLUME_GB_MONTH_PRICE[volumeType]), prices),
      prices: [VOLUME_GB_MONTH_PRICE[volumeType]],
      resources,
    });
  }
  for (const [, { quantity, resources }] of ebs.extraIops.entries()) {
    lines.push({ item: 'EBS gp3 IOPS above 3,000', quantity, unit: 'IOPS', usdPerHour: quantity * monthlyToHourly(item('ebsGp3IopsMonth'), prices), prices: ['ebsGp3IopsMonth'], resources });
  }
  for (const [, { quantity, resources }] of ebs.extraThroughput.entries()) {
    lines.push({ item: 'EBS gp3 throughput above 125 MiB/s', quantity, unit: 'MiB/s', usdPerHour: quantity * monthlyToHourly(item('ebsGp3ThroughputMonth'), prices), prices: ['ebsGp3ThroughputMonth'], resources });
  }
  return total(lab, lines, [...negligible], unpriced, prices);
}

