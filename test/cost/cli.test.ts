/**
 * `npm run cost` in-process: the figures a learner reads, pinned as literals (a wrong
 * price in lib/pricing/prices.json fails here), and the most each lab can cost before
 * it deletes itself.
 */
import { main } from '../../lib/cost/cli';
import { captureIo } from '../cli/capture-io';

/** Per hour while deployed, and at most before auto-destroy with the default ttl (4 h + 15 min of deletion). */
const PINNED: readonly [lab: string, perHour: string, perMonth: string, atMost: string][] = [
  ['LabBudget', '$0.0000', '$0.00', '-'],
  ['LabIam', '$0.0005', '$0.40', 'no limit (ttl off)'],
  ['LabEc2', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabElasticIp', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabEc2Apache', '$0.0163', '$11.88', '$0.07 (4 h)'],
  ['LabAlb', '$0.0731', '$53.33', '$0.31 (4 h)'],
];

describe('npm run cost', () => {
  let table: string;
  let json: { labs: { lab: string; usdPerHour: number; ttl: number | 'off'; maxUsdBeforeAutoDestroy?: number }[] };
  beforeAll(async () => {
    const text = captureIo();
    expect(await main([], text)).toBe(0);
    table = text.out();
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
    expect(json.labs.map((l) => [l.lab, l.ttl])).toEqual(PINNED.map(([lab]) => [lab, 120]));
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
