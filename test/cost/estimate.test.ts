/**
 * The cost estimate, on small hand-written templates: one priced resource type at a
 * time, each expected figure worked out here from the price table's named prices.
 */
import { estimateLabCost } from '../../lib/cost/estimate';
import { PRICES } from '../../lib/pricing/prices';
import type { CfnTemplate } from '../../lib/cost/template';

const HOURS = PRICES.hoursPerMonth;
const price = PRICES.items;
const hour = (type: string) => PRICES.instanceHour[type].usd;

const publicSubnet = { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: true } };
const privateSubnet = { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: false } };
const instance = (props: Record<string, unknown>) => ({ Type: 'AWS::EC2::Instance', Properties: props });
const rootVolume = (size: number, type = 'gp3') => [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: size, VolumeType: type } }];

describe('estimateLabCost on hand-written templates', () => {
  it('prices the instance types the kit offers, by the hour', () => {
    for (const type of ['t3.micro', 't3.small', 't4g.micro', 't4g.small', 't2.micro']) {
      const cost = estimateLabCost('T', {
        Resources: { Subnet: privateSubnet, Box: instance({ InstanceType: type, SubnetId: { Ref: 'Subnet' }, BlockDeviceMappings: rootVolume(8) }) },
      });
      expect(cost.usdPerHour).toBeCloseTo(hour(type) + (8 * price.ebsGp3GbMonth.usd) / HOURS, 10);
      expect(cost.usdPerMonth).toBeCloseTo(cost.usdPerHour * 730, 10);
      expect(cost.unpriced).toEqual([]);
    }
  });

  it('says so for an instance type the table does not know, instead of guessing', () => {
    const cost = estimateLabCost('T', {
      Resources: { Subnet: privateSubnet, Box: instance({ InstanceType: 'm7i.48xlarge', SubnetId: { Ref: 'Subnet' }, BlockDeviceMappings: rootVolume(8) }) },
    });
    expect(cost.lines.map((l) => l.item)).toEqual(['EBS gp3']);
    expect(cost.unpriced).toEqual([{ resource: 'Box', type: 'AWS::EC2::Instance', reason: 'no price in the table for instance type m7i.48xlarge' }]);
  });

  it('counts a public IPv4 for an instance in a subnet that maps public IPs, none in one that does not', () => {
    const inPublic = estimateLabCost('T', { Resources: { Subnet: publicSubnet, Box: instance({ InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, BlockDeviceMappings: rootVolume(8) }) } });
    const inPrivate = estimateLabCost('T', { Resources: { Subnet: privateSubnet, Box: instance({ InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, BlockDeviceMappings: rootVolume(8) }) } });
    expect(inPublic.usdPerHour - inPrivate.usdPerHour).toBeCloseTo(price.publicIpv4Hour.usd, 10);
  });

  it("reads the subnet of another stack's template through Fn::ImportValue and its Export", () => {
    const network = (subnet: typeof publicSubnet): CfnTemplate & { Outputs: object } => ({
      Resources: { NetSubnet: subnet },
      Outputs: { ExportsOutputRefNetSubnet: { Value: { Ref: 'NetSubnet' }, Export: { Name: 'Net:ExportsOutputRefNetSubnet' } } },
    });
    const lab: CfnTemplate = {
      Resources: { Box: instance({ InstanceType: 't3.micro', SubnetId: { 'Fn::ImportValue': 'Net:ExportsOutputRefNetSubnet' }, BlockDeviceMappings: rootVolume(8) }) },
    };
    const inPublic = estimateLabCost('T', lab, PRICES, [network(publicSubnet)]);
    const inPrivate = estimateLabCost('T', lab, PRICES, [network(privateSubnet)]);
    expect(inPublic.lines.find((l) => l.item === 'public IPv4 address')).toMatchObject({ quantity: 1, resources: ['Box'] });
    expect(inPublic.usdPerHour - inPrivate.usdPerHour).toBeCloseTo(price.publicIpv4Hour.usd, 10);
    expect([inPublic.unpriced, inPrivate.unpriced]).toEqual([[], []]);
    // No template exports that name: said, not guessed.
    const elsewhere = estimateLabCost('T', lab, PRICES, [{ ...network(publicSubnet), Outputs: {} }]);
    expect(elsewhere.unpriced).toEqual([{ resource: 'Box', type: 'AWS::EC2::Instance', reason: expect.stringMatching(/cannot tell .* public IPv4/) }]);
  });

  it('follows AssociatePublicIpAddress on the primary network interface over the subnet', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        Subnet: privateSubnet,
        Box: instance({
          InstanceType: 't3.micro',
          NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: true, SubnetId: { Ref: 'Subnet' } }],
          BlockDeviceMappings: rootVolume(8),
        }),
      },
    });
    expect(cost.lines.find((l) => l.item === 'public IPv4 address')?.quantity).toBe(1);
  });

  it('counts one address, not two, for an instance with an Elastic IP', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        Subnet: publicSubnet,
        Box: instance({ InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, BlockDeviceMappings: rootVolume(8) }),
        Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
        Assoc: { Type: 'AWS::EC2::EIPAssociation', Properties: { AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] }, InstanceId: { Ref: 'Box' } } },
      },
    });
    const ips = cost.lines.find((l) => l.item === 'public IPv4 address')!;
    expect(ips.quantity).toBe(1);
    expect(ips.resources).toEqual(['Eip']);
  });

  it('bills an Elastic IP on its own, associated or idle', () => {
    const cost = estimateLabCost('T', { Resources: { Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } } } });
    expect(cost.usdPerHour).toBeCloseTo(price.publicIpv4Hour.usd, 10);
  });

  it('prices an internet-facing ALB: its hour, one LCU and one public IPv4 per subnet', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        A: publicSubnet,
        B: publicSubnet,
        C: publicSubnet,
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: [{ Ref: 'A' }, { Ref: 'B' }, { Ref: 'C' }] } },
      },
    });
    expect(cost.usdPerHour).toBeCloseTo(price.albHour.usd + price.albLcuHour.usd + 3 * price.publicIpv4Hour.usd, 10);
  });

  it('gives an internal ALB no public address', () => {
    const cost = estimateLabCost('T', {
      Resources: { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: [{ Ref: 'A' }, { Ref: 'B' }] } } },
    });
    expect(cost.usdPerHour).toBeCloseTo(price.albHour.usd + price.albLcuHour.usd, 10);
  });

  it('prices a network load balancer at the NLB rate (hour + 1 NLCU), never as an ALB', () => {
    const cost = estimateLabCost('T', { Resources: { Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: ['a', 'b'] } } } });
    // The hour and one NLCU, and one public IPv4 per subnet (no Elastic IPs in its mappings).
    expect(cost.usdPerHour).toBeCloseTo(0.0225 + 0.006 + 2 * 0.005, 12);
    expect(cost.lines.map((l) => [l.item, l.quantity])).toEqual([['public IPv4 address', 2], ['Network Load Balancer hour + 1 NLCU', 1]]);
    expect(cost.unpriced).toEqual([]);
  });

  it('leaves a gateway load balancer unpriced rather than guessed', () => {
    const cost = estimateLabCost('T', { Resources: { Gwlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'gateway', Subnets: [] } } } });
    expect(cost.usdPerHour).toBe(0);
    expect(cost.unpriced.map((u) => u.resource)).toEqual(['Gwlb']);
  });

  it('prices EBS volumes per GB-month, gp2 by default, and gp3 IOPS and throughput above the baseline', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        Plain: { Type: 'AWS::EC2::Volume', Properties: { Size: 10 } },
        Fast: { Type: 'AWS::EC2::Volume', Properties: { Size: 20, VolumeType: 'gp3', Iops: 4000, Throughput: 250 } },
      },
    });
    const expected =
      (10 * price.ebsGp2GbMonth.usd + 20 * price.ebsGp3GbMonth.usd + 1000 * price.ebsGp3IopsMonth.usd + 125 * price.ebsGp3ThroughputMonth.usd) / HOURS;
    expect(cost.usdPerHour).toBeCloseTo(expected, 10);
  });

  it('leaves an io2 volume and a root volume of unknown size unpriced', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        Io: { Type: 'AWS::EC2::Volume', Properties: { Size: 10, VolumeType: 'io2', Iops: 1000 } },
        Box: instance({ InstanceType: 't3.micro' }),
      },
    });
    expect(cost.unpriced.map((u) => `${u.resource}: ${u.reason}`)).toEqual([
      'Io: no price in the table for EBS volume type io2',
      'Box: root volume comes from the AMI: its size is not in the template',
    ]);
  });

  it('prices a Secrets Manager secret per month, spread over the hours', () => {
    const cost = estimateLabCost('T', { Resources: { S: { Type: 'AWS::SecretsManager::Secret', Properties: {} } } });
    expect(cost.usdPerMonth).toBeCloseTo(price.secretMonth.usd, 10);
  });

  it('gives the first two budgets for free and bills the third by the day', () => {
    const budget = { Type: 'AWS::Budgets::Budget', Properties: {} };
    expect(estimateLabCost('T', { Resources: { B1: budget, B2: budget } }).usdPerHour).toBe(0);
    expect(estimateLabCost('T', { Resources: { B1: budget, B2: budget, B3: budget } }).usdPerHour).toBeCloseTo(price.budgetDay.usd / 24, 10);
  });

  it('prices a NAT gateway, a KMS key and an alarm', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
      },
    });
    expect(cost.usdPerHour).toBeCloseTo(price.natGatewayHour.usd + (price.kmsKeyMonth.usd + price.alarmMonth.usd) / HOURS, 10);
  });

  it('calls Lambda functions, log groups and custom resources negligible, and flags a type it cannot price', () => {
    const cost = estimateLabCost('T', {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
        Custom: { Type: 'Custom::UserPassword', Properties: {} },
        Db: { Type: 'AWS::RDS::DBInstance', Properties: {} },
      },
    } satisfies CfnTemplate);
    expect(cost.usdPerHour).toBe(0);
    expect(cost.negligible).toHaveLength(3);
    expect(cost.unpriced).toEqual([{ resource: 'Db', type: 'AWS::RDS::DBInstance', reason: 'no price in the table for AWS::RDS::DBInstance' }]);
  });

  it('costs nothing for a template of free resources only', () => {
    const cost = estimateLabCost('T', {
      Resources: { Vpc: { Type: 'AWS::EC2::VPC' }, Sg: { Type: 'AWS::EC2::SecurityGroup' }, Key: { Type: 'AWS::EC2::KeyPair' }, Role: { Type: 'AWS::IAM::Role' } },
    });
    expect(cost).toMatchObject({ usdPerHour: 0, usdPerMonth: 0, lines: [], unpriced: [], negligible: [] });
  });
});
