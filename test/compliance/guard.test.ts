/**
 * AWS Control Tower's proactive controls (cfn-guard) on every lab's template, the way
 * cdk-nag runs on every stack: a finding passes only where lib/compliance/controls.ts
 * says why the control is not held (acknowledgeControl), and an acknowledgement that no
 * longer matches a finding fails too, so the table stays true.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { App, Stack } from 'aws-cdk-lib';
import { acknowledgeControl, CONTROLS, controlsMarkdownTable } from '../../lib/compliance/controls';
import { buildLabApp } from '../helpers/lab-app';
import { type GuardFinding, type GuardResult, guardAcknowledgements, runGuard } from './guard';

const describeFinding = (f: GuardFinding) =>
  `${f.control} (${f.rule}) at ${f.path}: fix it, or give it a "not held" entry with a reason in lib/compliance/controls.ts and call acknowledgeControl() where the resource is built. Guard's fix: ${f.fix}`;

const runs = new Map<string, { app: App; result: GuardResult }>();

/** Every lab with these settings, synthesized and checked once per test file. */
function guardLabs(context: Record<string, unknown> = {}): { app: App; result: GuardResult } {
  const key = JSON.stringify(context);
  if (!runs.has(key)) {
    const { app } = buildLabApp({ context });
    runs.set(key, { app, result: runGuard(app) });
  }
  return runs.get(key)!;
}

describe.each([
  ['the cdk.json settings', {}],
  [
    'every optional resource (SSH rule, alias, MFA policy, Graviton)',
    { sshCidr: '203.0.113.0/24', accountAlias: 'dva-labs-guard-test', requireMfa: true, instanceType: 't4g.micro' },
  ],
])('Control Tower proactive controls on every lab, with %s', (_name, context) => {
  let run: { app: App; result: GuardResult };
  beforeAll(() => {
    run = guardLabs(context);
  });

  it('finds no failing control without a written reason', () => {
    expect(run.result.unacknowledged.map(describeFinding)).toEqual([]);
  });

  it('checks the shared LabNetwork too: its public subnets are findings, acknowledged', () => {
    const network = run.result.findings.filter((f) => f.path.startsWith('LabNetwork/'));
    expect(network.map((f) => `${f.control} ${f.path}`).sort()).toEqual([
      'CT.EC2.PR.11 LabNetwork/Network/Vpc/PublicSubnet1/Subnet',
      'CT.EC2.PR.11 LabNetwork/Network/Vpc/PublicSubnet2/Subnet',
    ]);
    expect(run.result.unacknowledged.filter((f) => f.path.startsWith('LabNetwork/'))).toEqual([]);
  });

  it('has no stale acknowledgement: each one still matches a finding', () => {
    expect(run.result.stale.map((a) => `${a.rule} at ${a.path} matches no finding any more: remove it`)).toEqual([]);
  });

  it('acknowledges only controls the table marks "not held", with the table\'s id and reason', () => {
    for (const ack of guardAcknowledgements(run.app)) {
      const entry = CONTROLS.find((c) => c.guardRule === ack.rule);
      expect(entry).toMatchObject({ status: 'not held' });
      if (entry?.status === 'not held') expect(ack.reason).toBe(`${entry.id}: ${entry.reason}`);
    }
  });

  it("names each control as the rule's own message does (the table's ids are AWS's)", () => {
    for (const finding of run.result.findings) {
      expect(CONTROLS.find((c) => c.guardRule === finding.rule)?.id).toBe(finding.control);
    }
  });
});

describe('the Control Tower rows of the table', () => {
  it('every not-held Control Tower control fires on some lab, and no held one does', () => {
    const { result } = guardLabs();
    const firing = new Set(result.findings.map((f) => f.control));
    const table = CONTROLS.filter((c) => c.framework === 'Control Tower');
    expect(table.filter((c) => c.status === 'not held' && !firing.has(c.id)).map((c) => c.id)).toEqual([]);
    expect(table.filter((c) => c.status === 'held' && firing.has(c.id)).map((c) => c.id)).toEqual([]);
    expect([...firing].sort()).toEqual(table.filter((c) => c.status === 'not held').map((c) => c.id).sort());
  });

  it('a not-held row names, under "where", every lab it fires on (or says "every")', () => {
    const { result } = guardLabs();
    const unnamed = CONTROLS.filter((c) => c.framework === 'Control Tower' && c.status === 'not held' && !/\bevery\b/.test(c.where)).flatMap((c) => {
      const labs = new Set(result.findings.filter((f) => f.control === c.id).map((f) => f.path.split('/')[0]));
      return [...labs].filter((lab) => !new RegExp(`\\b${lab}\\b`).test(c.where)).map((lab) => `${c.id} fires on ${lab}, which "${c.where}" does not name`);
    });
    expect(unnamed).toEqual([]);
  });
});

describe('the guard check can fail', () => {
  function bareStack() {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bare');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    return { app, stack, vpc };
  }

  it('reports SSH open to the world as unacknowledged CT.EC2.PR.3 and CT.EC2.PR.4 findings', () => {
    const { app, stack, vpc } = bareStack();
    const group = new ec2.SecurityGroup(stack, 'WorldSsh', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    const { unacknowledged } = runGuard(app);
    expect(unacknowledged.map(({ control, rule, path }) => ({ control, rule, path }))).toEqual([
      { control: 'CT.EC2.PR.3', rule: 'vpc_sg_open_only_to_authorized_ports_check', path: 'Bare/WorldSsh/Resource' },
      { control: 'CT.EC2.PR.4', rule: 'vpc_sg_restricted_common_ports_check', path: 'Bare/WorldSsh/Resource' },
    ]);
  });

  it('passes the same finding once acknowledged on that construct, and only there', () => {
    const { app, stack, vpc } = bareStack();
    // Port 4567, as in LabEc2: CT.EC2.PR.3 only (22 would also be CT.EC2.PR.4).
    const group = new ec2.SecurityGroup(stack, 'WorldApp', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(4567));
    const other = new ec2.SecurityGroup(stack, 'AlsoWorldApp', { vpc });
    other.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(4567));
    acknowledgeControl(group, 'CT.EC2.PR.3');
    const { unacknowledged, stale } = runGuard(app);
    expect(unacknowledged.map((f) => `${f.control} ${f.path}`)).toEqual(['CT.EC2.PR.3 Bare/AlsoWorldApp/Resource']);
    expect(stale).toEqual([]);
  });

  it('reports an acknowledgement on a compliant resource as stale', () => {
    const { app, stack, vpc } = bareStack();
    const group = new ec2.SecurityGroup(stack, 'WebOnly', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    acknowledgeControl(group, 'CT.EC2.PR.3');
    const { unacknowledged, stale } = runGuard(app);
    expect(unacknowledged).toEqual([]);
    expect(stale).toEqual([expect.objectContaining({ rule: 'vpc_sg_open_only_to_authorized_ports_check', path: 'Bare/WebOnly' })]);
  });

  it('checks a template it has not seen (its results are remembered by template text only)', () => {
    const { app, stack, vpc } = bareStack();
    // A port that changes at every run: a new template, which guard itself must check.
    const port = 1024 + Math.floor(Math.random() * 60000);
    const group = new ec2.SecurityGroup(stack, 'WorldRandomPort', { vpc, description: `port ${port}` });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port));
    const { unacknowledged } = runGuard(app);
    expect(unacknowledged.map((f) => `${f.control} ${f.path}`)).toEqual(['CT.EC2.PR.3 Bare/WorldRandomPort/Resource']);
  });

  it('refuses to acknowledge a held control or one the table does not know', () => {
    const { stack } = bareStack();
    expect(() => acknowledgeControl(stack, 'CT.EC2.PR.1')).toThrow(/CT.EC2.PR.1 is held/);
    expect(() => acknowledgeControl(stack, 'CT.EC2.PR.99')).toThrow(/unknown control CT.EC2.PR.99/);
  });
});

describe('controlsMarkdownTable', () => {
  it('renders one row per control with its status and reason, pipes escaped', () => {
    const lines = controlsMarkdownTable().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '| Control | What it asks | Status | Where | How, or why not |',
      '| --- | --- | --- | --- | --- |',
    ]);
    expect(lines).toHaveLength(CONTROLS.length + 2);
    expect(lines).toContain(
      '| CT.ELASTICLOADBALANCING.PR.5 | Load balancers have deletion protection | **not held** | the load balancers of LabAlb, LabNlb and LabAlbRouting | ' +
        'Deletion protection would make `cdk destroy` fail, and a load balancer bills by the hour. |',
    );
    expect(lines.find((l) => l.startsWith('| EC2.8 |'))).toContain('| held |');
    for (const line of lines.slice(2)) expect(line.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it('lists each control once, and every not-held control with a reason', () => {
    const ids = CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CONTROLS) if (c.status === 'not held') expect(c.reason.length).toBeGreaterThan(20);
  });
});
