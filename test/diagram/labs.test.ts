/**
 * Each lab's picture, drawn from the lab's synthesized template (the same cdk.json
 * context as `cdk synth`): the lesson edges are there, and mermaid reads every picture.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildPicture, INTERNET_ID, labDiagramMarkdown, renderMermaid, type Picture } from '../../lib/diagram';
import { LAB_IDS, type LabId } from '../../lib/lab-app';
import { buildLabApp } from '../helpers/lab-app';
import { edgeLines, expectMermaidReadsPicture, nodeWith, placeOf } from './expect-picture';
import { startMermaidParser, type ParseResult } from './mermaid-parser';

// The run's mermaid parser loads mermaid while the app below is built.
const mermaid = startMermaidParser();

const SSH_CIDR = '203.0.113.10/32';

// The whole app once, as `npm run diagram` synthesizes it; LabAlb again with sshCidr.
const { stacks } = buildLabApp();
const templates = Object.fromEntries(LAB_IDS.map((lab) => [lab, Template.fromStack(stacks[lab]).toJSON()])) as Record<LabId, object>;
const pictures = Object.fromEntries(LAB_IDS.map((lab) => [lab, buildPicture(templates[lab])])) as Record<LabId, Picture>;
const { stacks: withSsh } = buildLabApp({ only: ['LabAlb'], context: { sshCidr: SSH_CIDR } });
const albWithSsh = buildPicture(Template.fromStack(withSsh.LabAlb).toJSON());

let parsed: ParseResult[];
beforeAll(async () => {
  parsed = await mermaid.parse([...LAB_IDS.map((lab) => renderMermaid(pictures[lab])), renderMermaid(albWithSsh)]);
});

describe('every lab', () => {
  it.each(LAB_IDS.map((lab, i) => [lab, i] as const))('mermaid reads the %s picture as exactly what was drawn', (lab, i) => {
    expectMermaidReadsPicture(parsed[i], pictures[lab]);
  });

  it.each(LAB_IDS)('%s: no CDK plumbing in the picture', (lab) => {
    const resources = (templates[lab] as { Resources: Record<string, { Type: string }> }).Resources;
    const drawnTypes = pictures[lab].nodes.filter((n) => n.logicalId).map((n) => resources[n.logicalId!].Type);
    expect(drawnTypes.filter((t) => /CDK::Metadata|RouteTable|Route$|GatewayAttachment|InstanceProfile|LaunchTemplate|LogGroup|Lambda|IAM::Role/.test(t))).toEqual([]);
    expect(JSON.stringify(pictures[lab].nodes)).not.toMatch(/BootstrapVersion|SsmParameterValue/);
  });

  it('fences each picture for the README', () => {
    expect(labDiagramMarkdown('LabEc2', templates.LabEc2)).toMatch(/^```mermaid\nflowchart LR\n {2}accTitle: LabEc2 — aws-dva-labs: first EC2 instance/);
  });
});

describe('LabEc2', () => {
  const p = pictures.LabEc2;
  it("opens the notes' rule table to the world: 0.0.0.0/0 → :80 and :4567, and no SSH without sshCidr", () => {
    const sg = nodeWith(p, 'ec2a-security-group');
    expect(edgeLines(p, 'rule')).toEqual([`${INTERNET_ID} → ${sg}: 0.0.0.0/0 → :80`, `${INTERNET_ID} → ${sg}: 0.0.0.0/0 → :4567`]);
    expect(edgeLines(p, 'attached')).toEqual(expect.arrayContaining([`${sg} → ${nodeWith(p, 'FirstInstance')}:`]));
  });
  it('puts the instance in public subnet 1 of the shared lab network, in AZ 1, with its key pair', () => {
    const instance = nodeWith(p, 'EC2 instance');
    expect(placeOf(p, instance)).toEqual(['Lab network (shared)', 'Availability Zone 1', 'Public subnet 1 (LabNetwork)']);
    expect(edgeLines(p, 'attached')).toContain(`${nodeWith(p, 'Key pair')} → ${instance}: SSH key`);
  });
});

describe('LabElasticIp', () => {
  const p = pictures.LabElasticIp;
  it('associates the Elastic IP with the instance; SSH is closed without sshCidr', () => {
    expect(edgeLines(p, 'attached')).toContain(`${nodeWith(p, 'Elastic IP')} → ${nodeWith(p, 'EC2 instance')}: associated`);
    expect(edgeLines(p, 'rule')).toEqual([]);
    expect(p.nodes.find((n) => n.kind === 'securityGroup')!.lines).toContain('no inbound rule');
  });
});

describe('LabEc2Apache', () => {
  const p = pictures.LabEc2Apache;
  it('serves HTTP to the world from an instance that runs user data', () => {
    const sg = p.nodes.find((n) => n.kind === 'securityGroup')!.id;
    expect(edgeLines(p, 'rule')).toEqual([`${INTERNET_ID} → ${sg}: 0.0.0.0/0 → :80`]);
    expect(p.nodes.find((n) => n.kind === 'instance')!.lines).toContain('runs user data at first boot');
  });
});

describe('LabAlb', () => {
  it("admits the world on 80 at the ALB's group only; the instances are reachable on 80 only from the ALB's group", () => {
    const p = pictures.LabAlb;
    const albSg = nodeWith(p, 'web-ap-load-balancer-first');
    const webSg = nodeWith(p, 'WebSecurityGroup');
    expect(edgeLines(p, 'rule')).toEqual([`${INTERNET_ID} → ${albSg}: 0.0.0.0/0 → :80`, `${albSg} → ${webSg}: ALB SG → :80`]);
    const instances = p.nodes.filter((n) => n.kind === 'instance').map((n) => n.id);
    expect(instances).toHaveLength(2);
    expect(edgeLines(p, 'attached').filter((l) => l.startsWith(`${webSg} →`))).toEqual(instances.map((i) => `${webSg} → ${i}:`));
    expect(edgeLines(p, 'attached')).toContain(`${albSg} → ${nodeWith(p, 'Application Load Balancer')}:`);
  });

  it('sends traffic ALB → listener HTTP :80 → target group → both instances on :80, one in each AZ', () => {
    const p = pictures.LabAlb;
    const [lb, listener, tg] = [nodeWith(p, 'Application Load Balancer'), nodeWith(p, 'Listener', 'HTTP :80'), nodeWith(p, 'Target group')];
    const instances = p.nodes.filter((n) => n.kind === 'instance').map((n) => n.id);
    expect(edgeLines(p, 'traffic').sort()).toEqual([`${lb} → ${listener}:`, `${listener} → ${tg}:`, ...instances.map((i) => `${tg} → ${i}: :80`)].sort());
    expect(instances.map((i) => placeOf(p, i)[1])).toEqual(['Availability Zone 1', 'Availability Zone 2']);
  });

  it('with sshCidr, adds sshCidr → :22 in a separate SSH group (the notes\' advice), and nothing else', () => {
    const webSg = nodeWith(albWithSsh, 'WebSecurityGroup');
    const sshSg = nodeWith(albWithSsh, 'SshSecurityGroup');
    expect(edgeLines(albWithSsh, 'rule').filter((l) => l.includes(`→ ${webSg}:`))).toEqual([`${nodeWith(albWithSsh, 'web-ap-load-balancer-first')} → ${webSg}: ALB SG → :80`]);
    expect(edgeLines(albWithSsh, 'rule').filter((l) => l.includes(`→ ${sshSg}:`))).toEqual([`${INTERNET_ID} → ${sshSg}: ${SSH_CIDR} → :22`]);
    expectMermaidReadsPicture(parsed[LAB_IDS.length], albWithSsh);
  });
});

describe('LabIam', () => {
  it('draws the admin group with AdministratorAccess, the user in it, its initial password, and the password policy', () => {
    const p = pictures.LabIam;
    const [group, user] = [nodeWith(p, 'IAM group', 'admin'), nodeWith(p, 'IAM user', 'dva-learner')];
    expect(edgeLines(p, 'attached')).toEqual(
      expect.arrayContaining([`${nodeWith(p, 'AdministratorAccess')} → ${group}: attached`, `${user} → ${group}: member of`, `${nodeWith(p, 'Secrets Manager secret')} → ${user}: read by`]),
    );
    expect(nodeWith(p, 'Account password policy')).toBeDefined();
  });
});

describe('LabBudget', () => {
  it('draws the 0.01 USD monthly cost budget alerting the e-mail on ACTUAL and FORECASTED', () => {
    const p = pictures.LabBudget;
    const [budget, email] = [nodeWith(p, 'aws-dva-labs-monthly'), nodeWith(p, 'E-mail')];
    expect(p.nodes.find((n) => n.id === budget)!.lines).toContain('monthly cost 0.01 USD');
    expect(edgeLines(p, 'attached')).toEqual([`${budget} → ${email}: ACTUAL > 100%`, `${budget} → ${email}: FORECASTED > 100%`]);
  });
});
