/**
 * LabNetwork: the one network the EC2 labs share. Free, disposable, nag-clean, and held by
 * strong references (Export / Fn::ImportValue) so that CloudFormation refuses to delete it
 * while a lab uses it, and `cdk deploy <Lab>` deploys it first.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { estimateLabCost } from '../../lib/cost/estimate';
import type { CfnTemplate } from '../../lib/cost/template';
import { LAB_IDS, type LabId } from '../../lib/lab-app';
import { LAB_NETWORK_STACK_ID } from '../../lib/network/lab-network-stack';
import { acknowledgements, buildLabApp, normalizeTemplate } from '../helpers/lab-app';

/** The labs that build instances in the shared network. */
const EC2_LAB_IDS = ['LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb', 'LabNlb', 'LabAlbRouting', 'LabAmi', 'LabSpot', 'LabBurstable'] as const satisfies readonly LabId[];

const { app, stacks, network } = buildLabApp();
const assembly = app.synth();
const template = Template.fromStack(network!);
const json = template.toJSON() as CfnTemplate & { Outputs: Record<string, { Value: unknown; Export?: { Name: string } }> };

describe('LabNetwork: the shape of the shared network', () => {
  it('is one stack named LabNetwork, created because the EC2 labs ask for it', () => {
    expect(network!.stackName).toBe(LAB_NETWORK_STACK_ID);
    expect(assembly.stacks.filter((s) => s.stackName === LAB_NETWORK_STACK_ID)).toHaveLength(1);
  });

  it('is one VPC in two Availability Zones, public subnets only, one internet gateway', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    const azs = Object.values(template.findResources('AWS::EC2::Subnet')).map((s) => JSON.stringify(s.Properties.AvailabilityZone));
    expect(new Set(azs).size).toBe(2);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::Route', 2);
    const [igw] = Object.keys(template.findResources('AWS::EC2::InternetGateway'));
    template.allResourcesProperties('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: igw } });
  });

  it('has nothing that bills: no NAT gateway, no Elastic IP, no endpoint, no flow log, no instance', () => {
    for (const type of ['AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::FlowLog', 'AWS::EC2::Instance', 'AWS::Lambda::Function']) {
      template.resourceCountIs(type, 0);
    }
    const cost = estimateLabCost(LAB_NETWORK_STACK_ID, json);
    expect({ usdPerHour: cost.usdPerHour, lines: cost.lines, unpriced: cost.unpriced, negligible: cost.negligible }).toEqual({
      usdPerHour: 0,
      lines: [],
      unpriced: [],
      negligible: [],
    });
  });

  it('is disposable: nothing retained, no auto-destroy of its own (a lab destroy never removes it)', () => {
    for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, { DeletionPolicy?: string; UpdateReplacePolicy?: string }>)) {
      expect({ id, deletion: resource.DeletionPolicy ?? 'Delete', replace: resource.UpdateReplacePolicy ?? 'Delete' }).toEqual({ id, deletion: 'Delete', replace: 'Delete' });
    }
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  it('is tagged as the kit, so that leftovers finds it', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { Tags: [{ Key: 'Name', Value: 'LabNetwork/Network/Vpc' }, { Key: 'Project', Value: 'aws-dva-labs' }] });
  });

  it('passes cdk-nag with only the flow-log acknowledgement, and says why', () => {
    const acks = acknowledgements(network!).filter((a) => a.id.startsWith('AwsSolutions'));
    expect(acks.map((a) => [a.path, a.id])).toEqual([['LabNetwork/Network/Vpc', 'AwsSolutions-VPC7']]);
    expect(acks[0].reason).toMatch(/Flow logs bill/);
  });

  it('matches the snapshot', () => {
    expect(normalizeTemplate(template.toJSON())).toMatchSnapshot();
  });
});

describe('LabNetwork: strong references, whatever the app default', () => {
  it('keeps the app default weak (cdk.json), so the strength below is the network\'s own choice', () => {
    expect(app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences')).toBe('weak');
  });

  it('exports the VPC and both subnets under the stack\'s name', () => {
    const exported = Object.values(json.Outputs)
      .filter((o) => o.Export)
      .map((o) => [o.Export!.Name, (o.Value as { Ref: string }).Ref]);
    expect(exported).toHaveLength(3);
    for (const [name] of exported) expect(name).toMatch(/^LabNetwork:ExportsOutputRef/);
    const refs = exported.map(([, ref]) => json.Resources![ref].Type).sort();
    expect(refs).toEqual(['AWS::EC2::Subnet', 'AWS::EC2::Subnet', 'AWS::EC2::VPC']);
  });

  it.each(EC2_LAB_IDS)('%s imports the network with Fn::ImportValue, never Fn::GetStackOutput, and builds no network of its own', (lab) => {
    const labTemplate = Template.fromStack(stacks[lab]);
    const text = JSON.stringify(labTemplate.toJSON());
    expect(text).not.toContain('Fn::GetStackOutput');
    const imports = [...new Set(text.match(/"Fn::ImportValue":"([^"]+)"/g) ?? [])].map((m) => m.slice('"Fn::ImportValue":"'.length, -1));
    expect(imports.length).toBeGreaterThan(0);
    const exportNames = new Set(Object.values(json.Outputs).map((o) => o.Export?.Name));
    for (const name of imports) expect(exportNames).toContain(name);
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::RouteTable']) labTemplate.resourceCountIs(type, 0);
  });

  it.each(EC2_LAB_IDS)('%s depends on LabNetwork in the cloud assembly: `cdk deploy %s` deploys LabNetwork first', (lab) => {
    expect(assembly.getStackByName(lab).dependencies.map((d) => d.id)).toContain(LAB_NETWORK_STACK_ID);
  });

  it('is not created for, and not a dependency of, labs without instances', () => {
    const withoutEc2 = LAB_IDS.filter((id) => !(EC2_LAB_IDS as readonly string[]).includes(id));
    for (const lab of withoutEc2) expect(assembly.getStackByName(lab).dependencies.map((d) => d.id)).not.toContain(LAB_NETWORK_STACK_ID);
    const { network: none } = buildLabApp({ only: ['LabBudget', 'LabIam'] });
    expect(none).toBeUndefined();
  });

  it('is one network for every EC2 lab: each lab imports the same VPC export', () => {
    const vpcExport = Object.values(json.Outputs).find((o) => json.Resources![(o.Value as { Ref: string }).Ref].Type === 'AWS::EC2::VPC')!.Export!.Name;
    for (const lab of EC2_LAB_IDS) expect(JSON.stringify(Template.fromStack(stacks[lab]).toJSON())).toContain(vpcExport);
  });
});
