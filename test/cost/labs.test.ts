/**
 * The cost of the real labs, from their templates synthesized with cdk.json's
 * settings. Each expected figure is worked out by hand from the named prices.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { estimateLabCost, type LabCost } from '../../lib/cost/estimate';
import { PRICES } from '../../lib/pricing/prices';
import { readLabTemplates, synthesizeLabTemplates, type LabTemplate } from '../../lib/cost/templates';
import { main } from '../../lib/cost/cli';
import { describeCostLine } from '../../lib/cost/report';
import { captureIo } from '../cli/capture-io';
import { buildLabApp } from '../helpers/lab-app';
import { filesOf, runBin, type BinRun } from '../helpers/run-bin';

const HOURS = 730;
const ip = PRICES.items.publicIpv4Hour.usd;
const gp3PerHour = (gb: number) => (gb * PRICES.items.ebsGp3GbMonth.usd) / HOURS;
const alb = PRICES.items.albHour.usd + PRICES.items.albLcuHour.usd;
const ROOT_GB = 8;

let templates: LabTemplate[];
const costOf = (lab: string, list = templates): LabCost => {
  const found = list.find((t) => t.lab === lab);
  if (!found) throw new Error(`${lab} was not synthesized`);
  // The app's other templates: the EC2 labs' subnets are LabNetwork's, read through its exports.
  return estimateLabCost(lab, found.template, PRICES, list.map((t) => t.template));
};

/** A cloud assembly as `npx cdk synth -o <outdir>` writes it (.ci/run also runs the real CLI). */
let outdir: string;
/** The cost CLI as a script runs it: a real process (about a second), started early and read by the last test. */
let cliOnDisk: Promise<BinRun>;
/** What synthesizeLabTemplates() printed. */
let synthesisPrinted: string[];
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-test-cdkout-'));
  buildLabApp({ outdir }).app.synth();
  cliOnDisk = runBin('bin/cost.ts', ['--json', '--cdk-out', outdir, 'LabAlb']);
  const printed = (['log', 'warn', 'error'] as const).map((level) => jest.spyOn(console, level).mockImplementation(() => undefined));
  try {
    templates = synthesizeLabTemplates();
  } finally {
    synthesisPrinted = printed.flatMap((spy) => spy.mock.calls.map((args) => args.join(' ')));
    printed.forEach((spy) => spy.mockRestore());
  }
});
afterAll(async () => {
  await cliOnDisk;
  fs.rmSync(outdir, { recursive: true, force: true });
});

describe('synthesizeLabTemplates', () => {
  it('prints nothing: no CDK report of the labs\' warnings (LabBudget\'s missing budgetEmail), pointing at the folder it then removes', () => {
    expect(templates.map((t) => t.lab)).toContain('LabBudget');
    expect(synthesisPrinted).toEqual([]);
  });
});

describe('cost of the labs as synthesized (t3.micro)', () => {
  const t3 = PRICES.instanceHour['t3.micro'].usd;

  it('LabEc2: one t3.micro, its public IPv4 and an 8 GB gp3 root volume', () => {
    const cost = costOf('LabEc2');
    expect(cost.usdPerHour).toBeCloseTo(t3 + ip + gp3PerHour(ROOT_GB), 10);
    expect(cost.usdPerMonth).toBeCloseTo((t3 + ip + gp3PerHour(ROOT_GB)) * HOURS, 8);
    expect(cost.unpriced).toEqual([]);
  });

  it('LabElasticIp: the Elastic IP replaces the automatic address, so one public IPv4, not two', () => {
    const cost = costOf('LabElasticIp');
    expect(cost.lines.find((l) => l.item === 'public IPv4 address')).toMatchObject({ quantity: 1, note: '1 Elastic IP' });
    expect(cost.usdPerHour).toBeCloseTo(t3 + ip + gp3PerHour(ROOT_GB), 10);
  });

  it('LabEc2Apache: one t3.micro, its public IPv4 and its root volume', () => {
    expect(costOf('LabEc2Apache').usdPerHour).toBeCloseTo(t3 + ip + gp3PerHour(ROOT_GB), 10);
  });

  it('LabAlb: 2 x t3.micro + 4 public IPv4 (2 instances + 2 ALB AZs) + ALB hour + 1 LCU + 2 x 8 GB gp3', () => {
    const cost = costOf('LabAlb');
    expect(cost.lines.find((l) => l.item === 'public IPv4 address')).toMatchObject({ quantity: 4, note: '2 ALB subnets, 2 instances' });
    expect(cost.usdPerHour).toBeCloseTo(2 * t3 + 4 * ip + alb + gp3PerHour(2 * ROOT_GB), 10);
    expect(cost.unpriced).toEqual([]);
  });

  it('LabIam: one Secrets Manager secret (the console password); its helper Lambdas are negligible', () => {
    const cost = costOf('LabIam');
    expect(cost.usdPerMonth).toBeCloseTo(PRICES.items.secretMonth.usd, 10);
    expect(cost.negligible.length).toBeGreaterThan(0);
  });

  it('LabBudget: one budget, free as one of the account\'s first two', () => {
    const cost = costOf('LabBudget');
    expect(cost.lines).toEqual([expect.objectContaining({ item: 'budget', quantity: 1, usdPerHour: 0 })]);
  });

  it('every lab of the app gets an estimate, and nothing billed is left unpriced', () => {
    for (const { lab } of templates) expect(costOf(lab).unpriced).toEqual([]);
  });

  it('LabAmi: its AMI\'s snapshot, 8 GB written once, then its two instances as any web lab', () => {
    expect(costOf('LabAmi').lines.map(describeCostLine)).toEqual([
      '8 GB EBS snapshot (an AMI, at most its source volumes) $0.0005/h',
      '2 x t3.micro instance $0.0208/h',
      '2 x public IPv4 address (2 instances) $0.0100/h',
      '16 GB EBS gp3 $0.0018/h',
    ]);
  });

  it('every line of every lab names its unit once (8 GB EBS gp3, not 8 GB GB ...)', () => {
    for (const { lab } of templates) {
      for (const text of costOf(lab).lines.map(describeCostLine)) expect({ lab, text, doubled: /\b(\S+) \1\b/.test(text) }).toEqual({ lab, text, doubled: false });
    }
  });

  it('LabNetwork, the network the EC2 labs share: $0, nothing billed, nothing unpriced', () => {
    expect(templates[0].lab).toBe('LabNetwork');
    const cost = costOf('LabNetwork');
    expect({ usdPerHour: cost.usdPerHour, usdPerMonth: cost.usdPerMonth, lines: cost.lines, unpriced: cost.unpriced }).toEqual({
      usdPerHour: 0,
      usdPerMonth: 0,
      lines: [],
      unpriced: [],
    });
  });

  it("reads an EC2 lab's public IPv4 from LabNetwork's subnet: without that template it says it cannot tell, and does not guess", () => {
    const labEc2 = templates.find((t) => t.lab === 'LabEc2')!;
    const alone = estimateLabCost('LabEc2', labEc2.template);
    expect(alone.lines.find((l) => l.item === 'public IPv4 address')).toBeUndefined();
    expect(alone.unpriced).toEqual([expect.objectContaining({ type: 'AWS::EC2::Instance', reason: expect.stringMatching(/public IPv4/) })]);
    expect(costOf('LabEc2').lines.find((l) => l.item === 'public IPv4 address')).toMatchObject({ quantity: 1, note: '1 instance' });
  });
});

describe('cost follows the instanceType setting', () => {
  it('LabAlb with t4g.micro', () => {
    // LabAlb and the network it reads its subnets from, not the whole app (cost/cli.test.ts passes -c through the CLI).
    const { stacks, network } = buildLabApp({ only: ['LabAlb'], context: { instanceType: 't4g.micro' } });
    const arm = [network!, stacks.LabAlb].map((stack) => ({ lab: stack.stackName, template: Template.fromStack(stack).toJSON() }));
    const t4g = PRICES.instanceHour['t4g.micro'].usd;
    expect(costOf('LabAlb', arm).usdPerHour).toBeCloseTo(2 * t4g + 4 * ip + alb + gp3PerHour(2 * ROOT_GB), 10);
  });
});

describe('reading an existing cloud assembly', () => {
  it('reads a cloud assembly folder (cdk.out) to the same figures', () => {
    const fromDisk = readLabTemplates(outdir);
    expect(fromDisk.map((t) => t.lab).sort()).toEqual(templates.map((t) => t.lab).sort());
    for (const { lab } of templates) expect(costOf(lab, fromDisk).usdPerHour).toBeCloseTo(costOf(lab).usdPerHour, 12);
  });

  it('an unknown lab in the cloud assembly is a usage error (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['--cdk-out', outdir, 'LabNope'], io)).toBe(2);
    expect(io.err()).toBe(`Unknown lab: LabNope. Labs: ${readLabTemplates(outdir).map((t) => t.lab).join(', ')}\n`);
  });

  it('refuses a folder that is not a cloud assembly', () => {
    expect(() => readLabTemplates(os.tmpdir())).toThrow(/not a cloud assembly/);
  });
});

describe('the cost CLI, the real process (bin/cost.ts)', () => {
  it('reads the cloud assembly to the same figures, as JSON for a script, exit 0', async () => {
    const cli = await cliOnDisk;
    expect(cli.code).toBe(0);
    const report = JSON.parse(cli.stdout);
    expect(report.labs.map((l: LabCost) => l.lab)).toEqual(['LabAlb']);
    expect(report.labs[0].usdPerHour).toBeCloseTo(costOf('LabAlb').usdPerHour, 12);
    expect(report.hoursPerMonth).toBe(HOURS);
  });

  it('reads it without building the app: no cdk-nag, no lab stack code, no AWS SDK (0.4 s instead of 1.4 s)', async () => {
    const { loaded } = await cliOnDisk;
    expect(filesOf(loaded, 'cdk-nag', '@aws-sdk', '@smithy')).toEqual([]);
    expect(loaded.filter((file) => /lib[\\/](labs[\\/][^\\/]+[\\/]stack|lab-app)\.ts$/.test(file))).toEqual([]);
    // The guard itself: the assembly reader was loaded.
    expect(loaded.some((file) => file.endsWith(path.join('lib', 'cost', 'assembly.ts')))).toBe(true);
  });
});
