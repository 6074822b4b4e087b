/**
 * `npm run cost` in-process: the figures a learner reads, pinned as literals (a wrong
 * price in lib/pricing/prices.json fails here), and the most each lab can cost before
 * it deletes itself.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { main, type CostDeps } from '../../lib/cost/cli';
import { synthesizeLabTemplates, type LabTemplate } from '../../lib/cost/templates';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';
import { captureIo } from '../cli/capture-io';

/** Per hour while deployed, and at most before auto-destroy with the default ttl (4 h + 15 min of deletion). */
const PINNED: readonly [lab: string, perHour: string, perMonth: string, atMost: string][] = [
  ['LabBudget', '$0.0000', '$0.00', '-'],
  ['LabIam', '$0.0005', '$0.40', 'no limit (ttl off)'],
  ['LabEc2', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabElasticIp', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabEc2Apache', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabAlb', '$0.0731', '$53.33', '$0.31 (4 h)'],
  ['LabNlb', '$0.0711', '$51.87', '$0.30 (4 h)'],
  ['LabAlbRouting', '$0.0731', '$53.33', '$0.31 (4 h)'],
  // Two t3.micro, two public IPv4, 16 GB gp3 and the AMI's snapshot (8 GB at $0.05 a GB-month).
  ['LabAmi', '$0.0331', '$24.16', '$0.14 (4 h)'],
  ['LabSpot', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabBurstable', '$0.0163', '$11.88', '$0.07 (4 h)'],
];

/**
 * The real synthesis, once per distinct -c context in this file (each costs a second or more):
 * `npm run cost` and `npm run cost -- LabEc2` read the same templates.
 */
const synthesized = new Map<string, LabTemplate[]>();
const synthesizeOnce: CostDeps['synthesize'] = (context) => {
  const key = JSON.stringify(context);
  if (!synthesized.has(key)) synthesized.set(key, synthesizeLabTemplates(context));
  return synthesized.get(key)!;
};

describe('npm run cost', () => {
  let table: string;
  let json: { labs: { lab: string; usdPerHour: number; ttl: number | 'off'; maxUsdBeforeAutoDestroy?: number }[] };
  beforeAll(async () => {
    const text = captureIo();
    expect(await main([], text, { synthesize: synthesizeOnce })).toBe(0);
    table = text.out();
    // Through main's own synthesis (no synthesize given), as the learner's command runs.
    const asJson = captureIo();
    expect(await main(['--json', '-c', 'ttl=2h'], asJson)).toBe(0);
    json = JSON.parse(asJson.out());
  });

  it.each(PINNED)('%s: %s an hour, %s a month, at most %s', (lab, perHour, perMonth, atMost) => {
    const row = table.split('\n').find((line) => line.startsWith(`${lab} `));
    expect(row?.replace(/\s+/g, ' ').startsWith(`${lab} ${perHour} ${perMonth} ${atMost} `)).toBe(true);
  });

  it('-c ttl=2h changes the most before auto-destroy of every lab that has one', () => {
    const alb = json.labs.find((l) => l.lab === 'LabAlb')!;
    expect(alb.ttl).toBe(120);
    // 2 h + 15 min at $0.07305/h.
    expect(alb.maxUsdBeforeAutoDestroy!.toFixed(2)).toBe('0.16');
    // ttl=2h turns auto-destroy on for LabIam and LabBudget too: they have a deadline now.
    // LabNetwork is listed first, free, and never deletes itself: labs use it.
    expect(json.labs.map((l) => [l.lab, l.ttl])).toEqual([['LabNetwork', 'off'], ...PINNED.map(([lab]) => [lab, 120])]);
    expect(json.labs[0].usdPerHour).toBe(0);
  });

  it('a bad -c is a usage error (exit 2), naming the setting', async () => {
    const io = captureIo();
    expect(await main(['-c', 'ttl=5m'], io)).toBe(2);
    expect(io.err().split('\n')[0]).toBe('Invalid setting "ttl": "5m": shorter than 30 minutes: the lab would go before the lesson ends. Did you mean ttl=30m?');
  });

  it('an unknown lab is a usage error (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['LabNope'], io, { synthesize: () => [{ lab: 'LabEc2', template: {} }] })).toBe(2);
    expect(io.err()).toBe('Unknown lab: LabNope. Labs: LabEc2\n');
  });
});

describe('npm run cost -- <Lab>', () => {
  it('prices one EC2 lab with its public IPv4, which follows the shared network it does not print', async () => {
    const io = captureIo();
    expect(await main(['LabEc2'], io, { synthesize: synthesizeOnce })).toBe(0);
    const rows = io.out().split('\n').filter((line) => /^Lab\w+ /.test(line));
    expect(rows.map((r) => r.split(/\s+/).slice(0, 2))).toEqual([['LabEc2', '$0.0163']]);
  });
});

describeWithMoto('npm run cost -- --compare <type>', () => {
  beforeEach(resetMoto);

  it('compares the launch types of t3.micro, spot read from EC2', async () => {
    const io = captureIo();
    const ec2 = new EC2Client(motoClientConfig('us-east-1'));
    try {
      expect(await main(['--compare', 't3.micro', '--json'], io, { ec2 })).toBe(0);
    } finally {
      ec2.destroy();
    }
    const comparison = JSON.parse(io.out()) as { instanceType: string; rows: { usdPerHour?: number; source?: string }[] };
    expect(comparison.instanceType).toBe('t3.micro');
    expect(comparison.rows[0].usdPerHour).toBe(0.0104);
    expect(comparison.rows.some((row) => row.source === 'EC2 API')).toBe(true);
  });

  it('refuses a type it has no price for, naming the ones it has (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['--compare', 'z9.huge'], io)).toBe(2);
    expect(io.err()).toMatch(/^No on-demand price for "z9\.huge" in lib\/pricing\/prices\.json\. Types with a price: .*t3\.micro/);
  });
});
