/**
 * What each lab needs of the per-region quotas, counted from the templates the app really
 * synthesizes (cdk.json's settings), and whether every EC2 lab at once fits AWS's defaults.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { synthesizeLabTemplates, type LabTemplate } from '../../lib/cost/templates';
import type { LabId } from '../../lib/lab-app';
import { buildLabApp } from '../helpers/lab-app';
import { addNeeds, DEFAULT_VPC_NEEDS, fitsDefaults, isStandardInstanceType, quotaNeeds, quotaNeedsLine, type QuotaNeeds } from '../../lib/quotas';

const EC2_LABS = ['LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb'];

let templates: LabTemplate[];
const needsOf = (lab: string, list = templates): QuotaNeeds => {
  const found = list.find((t) => t.lab === lab);
  if (!found) throw new Error(`${lab} was not synthesized`);
  return quotaNeeds(found.template, list.map((t) => t.template));
};
const counts = ({ unknownInstanceTypes: _unknown, ...n }: QuotaNeeds) => n;

beforeAll(() => {
  templates = synthesizeLabTemplates();
});

/** One lab and the shared network it uses, synthesized with other settings (not the whole app: a second each). */
function labTemplates(lab: LabId, context: Record<string, string>): LabTemplate[] {
  const { stacks, network } = buildLabApp({ only: [lab], context });
  return [network!, stacks[lab]].map((stack) => ({ lab: stack.stackName, template: Template.fromStack(stack).toJSON() }));
}

describe('what each stack needs (t3.micro: 2 vCPUs)', () => {
  it.each([
    ['LabNetwork', { vpcs: 1, internetGateways: 1, elasticIps: 0, standardVcpus: 0, publicIpv4: 0 }],
    ['LabEc2', { vpcs: 0, internetGateways: 0, elasticIps: 0, standardVcpus: 2, publicIpv4: 1 }],
    ['LabElasticIp', { vpcs: 0, internetGateways: 0, elasticIps: 1, standardVcpus: 2, publicIpv4: 1 }],
    ['LabEc2Apache', { vpcs: 0, internetGateways: 0, elasticIps: 0, standardVcpus: 2, publicIpv4: 1 }],
    ['LabAlb', { vpcs: 0, internetGateways: 0, elasticIps: 0, standardVcpus: 4, publicIpv4: 4 }],
    ['LabIam', { vpcs: 0, internetGateways: 0, elasticIps: 0, standardVcpus: 0, publicIpv4: 0 }],
    ['LabBudget', { vpcs: 0, internetGateways: 0, elasticIps: 0, standardVcpus: 0, publicIpv4: 0 }],
  ])('%s', (lab, expected) => {
    expect(counts(needsOf(lab))).toEqual(expected);
    expect(needsOf(lab).unknownInstanceTypes).toEqual([]);
  });

  it('says each lab\'s needs in one README line', () => {
    expect(quotaNeedsLine(needsOf('LabAlb'))).toBe('4 vCPUs of On-Demand standard instances, 4 public IPv4 addresses (no quota; billed)');
    expect(quotaNeedsLine(needsOf('LabNetwork'))).toBe('1 VPC, 1 internet gateway');
    expect(quotaNeedsLine(needsOf('LabIam'))).toBe('none of the per-region quotas');
  });

  it('follows the instanceType setting: t2.micro has 1 vCPU, an unknown type is said, not guessed', () => {
    const t2 = labTemplates('LabAlb', { instanceType: 't2.micro' });
    expect(needsOf('LabAlb', t2).standardVcpus).toBe(2);
    const big = labTemplates('LabEc2', { instanceType: 'm7i.large' });
    expect(needsOf('LabEc2', big)).toMatchObject({ standardVcpus: 0, unknownInstanceTypes: ['m7i.large'] });
  });
});

describe('every EC2 lab deployed at once, with the shared network and the default VPC', () => {
  it('fits the default VPC, internet gateway and Elastic IP quotas; needs 10 vCPUs where AWS\'s default is 5', () => {
    const all = addNeeds(DEFAULT_VPC_NEEDS, needsOf('LabNetwork'), ...EC2_LABS.map((lab) => needsOf(lab)));
    expect(counts(all)).toEqual({ vpcs: 2, internetGateways: 2, elasticIps: 1, standardVcpus: 10, publicIpv4: 7 });
    expect(fitsDefaults(all)).toEqual({
      vpcs: { needed: 2, awsDefault: 5, fits: true },
      internetGateways: { needed: 2, awsDefault: 5, fits: true },
      elasticIps: { needed: 1, awsDefault: 5, fits: true },
      standardVcpus: { needed: 10, awsDefault: 5, fits: false },
    });
  });

  it('would not fit the VPC quota if each of the four labs still built its own VPC (the reason for LabNetwork)', () => {
    const ownVpcs = addNeeds(DEFAULT_VPC_NEEDS, ...EC2_LABS.map(() => needsOf('LabNetwork')), needsOf('LabNetwork'));
    expect(fitsDefaults(ownVpcs).vpcs).toEqual({ needed: 6, awsDefault: 5, fits: false });
  });
});

describe('quotaNeeds on hand-written templates', () => {
  it('leaves spot instances and non-standard families out of the On-Demand standard vCPUs', () => {
    const needs = quotaNeeds({
      Resources: {
        Spot: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro', InstanceMarketOptions: { MarketType: 'spot' } } },
        OnDemand: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro' } },
      },
    });
    expect(needs.standardVcpus).toBe(2);
    expect(['t3.micro', 'm7i.large', 'c6g.medium', 'r5.large', 'z1d.large', 'i3.large'].every(isStandardInstanceType)).toBe(true);
    expect(['g5.xlarge', 'p4d.24xlarge', 'inf1.xlarge', 'x2idn.16xlarge', 'f1.2xlarge', 'dl1.24xlarge'].some(isStandardInstanceType)).toBe(false);
  });
});
