/**
 * What a lab needs of the per-region quotas a lab can hit, counted from its synthesized
 * template(s): VPCs, internet gateways, Elastic IPs, vCPUs of running On-Demand standard
 * instances, and its public IPv4 addresses (which bill, and have no quota of their own).
 *
 * Pure: no SDK, no aws-cdk-lib. The app's templates come from lib/cost/templates.ts.
 */
import { estimateLabCost } from '../cost/estimate';
import { PRICES } from '../pricing/prices';
import { resourcesOf, type CfnTemplate } from '../cost/template';

/** The quotas the kit counts. */
export type QuotaId = 'vpcs' | 'internetGateways' | 'elasticIps' | 'standardVcpus';

/** One per-region quota, as Service Quotas names it. */
export interface QuotaSpec {
  readonly id: QuotaId;
  /** Service Quotas' name of the quota. */
  readonly name: string;
  /** What one unit is, in the learner's words. */
  readonly unit: string;
  readonly serviceCode: 'vpc' | 'ec2';
  readonly quotaCode: string;
  /**
   * AWS's default value (what a new account has unless raised): 5 for each of them, per
   * Service Quotas' `get-aws-default-service-quota` (L-1216C47A's example answers 5.0).
   */
  readonly awsDefault: number;
}

export const QUOTAS: readonly QuotaSpec[] = [
  { id: 'vpcs', name: 'VPCs per Region', unit: 'VPC', serviceCode: 'vpc', quotaCode: 'L-F678F1CE', awsDefault: 5 },
  { id: 'internetGateways', name: 'Internet gateways per Region', unit: 'internet gateway', serviceCode: 'vpc', quotaCode: 'L-A4707A72', awsDefault: 5 },
  { id: 'elasticIps', name: 'EC2-VPC Elastic IPs', unit: 'Elastic IP', serviceCode: 'ec2', quotaCode: 'L-0263D0A3', awsDefault: 5 },
  {
    id: 'standardVcpus',
    name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
    unit: 'vCPU',
    serviceCode: 'ec2',
    quotaCode: 'L-1216C47A',
    awsDefault: 5,
  },
];

/** What a set of templates needs, per quota; plus its public IPv4 addresses. */
export interface QuotaNeeds {
  readonly vpcs: number;
  readonly internetGateways: number;
  readonly elasticIps: number;
  readonly standardVcpus: number;
  /** Public IPv4 addresses (instances, Elastic IPs, load balancer nodes): no quota, $0.005/h each. */
  readonly publicIpv4: number;
  /** Instance types whose vCPUs the kit does not know (not counted above): said, not guessed. */
  readonly unknownInstanceTypes: readonly string[];
}

/**
 * vCPUs of the burstable types a learner may pick with `-c instanceType=` (AWS's
 * instance-type specifications). Other types are reported as unknown.
 */
export const VCPUS: Readonly<Record<string, number>> = {
  't2.nano': 1, 't2.micro': 1, 't2.small': 1, 't2.medium': 2, 't2.large': 2, 't2.xlarge': 4, 't2.2xlarge': 8,
  ...Object.fromEntries(
    ['t3', 't3a', 't4g'].flatMap((family) =>
      Object.entries({ nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 }).map(([size, vcpus]) => [`${family}.${size}`, vcpus]),
    ),
  ),
};

/** Whether a type counts against L-1216C47A: the families A, C, D, H, I, M, R, T, Z (t3, m7i, c6g, ...). */
export function isStandardInstanceType(instanceType: string): boolean {
  const family = /^([a-z]+)\d/.exec(instanceType)?.[1];
  return family !== undefined && /^[acdhimrtz]$/.test(family);
}

/** Adds needs up (several labs deployed at once). */
export function addNeeds(...needs: readonly QuotaNeeds[]): QuotaNeeds {
  const sum = (key: QuotaId | 'publicIpv4') => needs.reduce((total, n) => total + n[key], 0);
  return {
    vpcs: sum('vpcs'),
    internetGateways: sum('internetGateways'),
    elasticIps: sum('elasticIps'),
    standardVcpus: sum('standardVcpus'),
    publicIpv4: sum('publicIpv4'),
    unknownInstanceTypes: [...new Set(needs.flatMap((n) => n.unknownInstanceTypes))],
  };
}

/** What the account's default VPC holds, as every account has it unless deleted: one VPC, one internet gateway. */
export const DEFAULT_VPC_NEEDS: QuotaNeeds = { vpcs: 1, internetGateways: 1, elasticIps: 0, standardVcpus: 0, publicIpv4: 0, unknownInstanceTypes: [] };

/**
 * What one stack's template needs of each quota. `exporters` are the app's other templates
 * (LabNetwork's): an instance's public IPv4 depends on its subnet, which lives there.
 */
export function quotaNeeds(template: CfnTemplate, exporters: readonly CfnTemplate[] = []): QuotaNeeds {
  const count = (type: string) => resourcesOf(template, type).length;
  let standardVcpus = 0;
  const unknownInstanceTypes: string[] = [];
  for (const [, instance] of resourcesOf(template, 'AWS::EC2::Instance')) {
    const props = instance.Properties ?? {};
    // A spot instance counts against the spot quota, not the On-Demand one.
    if ((props.InstanceMarketOptions as { MarketType?: string } | undefined)?.MarketType === 'spot') continue;
    const type = props.InstanceType;
    if (typeof type !== 'string' || VCPUS[type] === undefined) {
      unknownInstanceTypes.push(typeof type === 'string' ? type : '(not in the template)');
    } else if (isStandardInstanceType(type)) {
      standardVcpus += VCPUS[type];
    }
  }
  const publicIpv4 = estimateLabCost('quota', template, PRICES, exporters).lines.find((l) => l.item === 'public IPv4 address')?.quantity ?? 0;
  return {
    vpcs: count('AWS::EC2::VPC'),
    internetGateways: count('AWS::EC2::InternetGateway'),
    elasticIps: count('AWS::EC2::EIP'),
    standardVcpus,
    publicIpv4,
    unknownInstanceTypes,
  };
}

/** For each quota: needed, AWS's default, and whether it fits an account at its defaults with nothing else in it. */
export function fitsDefaults(needs: QuotaNeeds): Record<QuotaId, { needed: number; awsDefault: number; fits: boolean }> {
  return Object.fromEntries(QUOTAS.map((q) => [q.id, { needed: needs[q.id], awsDefault: q.awsDefault, fits: needs[q.id] <= q.awsDefault }])) as Record<
    QuotaId,
    { needed: number; awsDefault: number; fits: boolean }
  >;
}

/** One line for a lab's README section: `Quotas: 2 vCPUs (On-Demand standard), 1 public IPv4; no VPC of its own`. */
export function quotaNeedsLine(needs: QuotaNeeds): string {
  const parts = [
    needs.vpcs > 0 ? `${needs.vpcs} VPC${needs.vpcs > 1 ? 's' : ''}` : undefined,
    needs.internetGateways > 0 ? `${needs.internetGateways} internet gateway${needs.internetGateways > 1 ? 's' : ''}` : undefined,
    needs.elasticIps > 0 ? `${needs.elasticIps} Elastic IP${needs.elasticIps > 1 ? 's' : ''}` : undefined,
    needs.standardVcpus > 0 ? `${needs.standardVcpus} vCPUs of On-Demand standard instances` : undefined,
    needs.publicIpv4 > 0 ? `${needs.publicIpv4} public IPv4 address${needs.publicIpv4 > 1 ? 'es' : ''} (no quota; billed)` : undefined,
    ...needs.unknownInstanceTypes.map((t) => `vCPUs of ${t} unknown to the kit`),
  ].filter(Boolean);
  return parts.length === 0 ? 'none of the per-region quotas' : parts.join(', ');
}
