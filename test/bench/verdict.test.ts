/**
 * What `npm run bench` concludes from its runs (scripts/bench-verdict.cjs): the ratios, each
 * target's verdict, and the two ways it refuses to judge (a busy machine, a host that
 * changed speed). The measuring itself runs only in the bench.
 */
import { BUSY_SHARE, HOST_DRIFT, failingTests, judgement, median, othersShare, pairedRatio, targetLine, targets, type Run } from '../../scripts/bench-verdict.cjs';

const QUIET = { others: [0.01, 0.004, 0.02], startLoad: 1.8, cores: 2, probes: [0.054, 0.056, 0.058] };
const runs = (...walls: number[]): Run[] => walls.map((wall) => ({ wall, mib: 240 }));

describe('median and paired ratios', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/nothing/);
  });

  it('compares runs pair by pair (each pair ran back to back), not the medians', () => {
    // The machine slowed down in the second pair: both took twice as long.
    const a = [5, 10, 5.5];
    const b = [6, 12, 5];
    expect(pairedRatio(a, b)).toBeCloseTo(5 / 6, 10); // ratios 0.833, 0.833, 1.1
    expect(median(a) / median(b)).toBeCloseTo(5.5 / 6, 10); // what comparing medians would say
    expect(() => pairedRatio([1, 2], [1])).toThrow(/paired runs: 2 against 1/);
  });
});

describe('othersShare: what the rest of the machine used during a run', () => {
  it('is the machine\'s busy CPU less the measured command\'s, over all cores and the run', () => {
    // 2 cores for 10 s; the machine was busy 21 CPU-s, the command used 18 + 1: others 2 of 20.
    expect(othersShare({ machineBusyBefore: 100, machineBusyAfter: 121, user: 18, system: 1, cores: 2, wall: 10 })).toBeCloseTo(0.1, 10);
  });

  it('is never below zero (the two clocks round differently), and unknown without /proc/stat', () => {
    expect(othersShare({ machineBusyBefore: 100, machineBusyAfter: 118.9, user: 18, system: 1, cores: 2, wall: 10 })).toBe(0);
    expect(othersShare({ machineBusyBefore: undefined, machineBusyAfter: undefined, user: 18, system: 1, cores: 2, wall: 10 })).toBeUndefined();
  });
});

describe('judgement: whether the targets can be judged', () => {
  it('judges on a quiet machine whose host kept its speed, whatever the load the runs made themselves', () => {
    expect(judgement({ ...QUIET, startLoad: 4.1 })).toEqual({ judged: true, maxOthers: 0.02, drift: expect.closeTo(0.0741, 3) });
  });

  it(`refuses when other processes took more than ${100 * BUSY_SHARE}% of the machine in any one run`, () => {
    expect(judgement({ ...QUIET, others: [0.01, BUSY_SHARE, 0.02] }).judged).toBe(true);
    const busy = judgement({ ...QUIET, others: [0.01, 0.11, 0.02] });
    expect(busy).toMatchObject({ judged: false, why: 'busy machine', maxOthers: 0.11 });
    expect(busy.reason).toBe('other processes took up to 11.0% of the machine during a run (above 10%)');
  });

  it('without /proc/stat, falls back to the load at the start: above half the cores is busy', () => {
    const unknown = [undefined, undefined];
    expect(judgement({ ...QUIET, others: unknown, startLoad: 1 }).judged).toBe(true);
    expect(judgement({ ...QUIET, others: unknown, startLoad: 1.01 })).toMatchObject({
      judged: false,
      why: 'busy machine',
      reason: 'the 1-minute load was 1.01 at the start, above 1 (half of 2 CPUs)',
    });
    // One run without the figure is as good as none: the load decides.
    expect(judgement({ ...QUIET, others: [0.01, undefined], startLoad: 1.5 }).judged).toBe(false);
  });

  it(`refuses when the host probe drifted more than ${100 * HOST_DRIFT}% (or --host-drift), which no load figure shows`, () => {
    expect(judgement({ ...QUIET, probes: [0.055, 0.0685] }).judged).toBe(true); // 24.5%
    const drifted = judgement({ ...QUIET, probes: [0.055, 0.077, 0.056] });
    expect(drifted).toMatchObject({ judged: false, why: 'the host changed speed', drift: expect.closeTo(0.4, 10) });
    expect(drifted.reason).toMatch(/^the same work took 40% longer in one run than in another \(above 25%\)/);
    expect(judgement({ ...QUIET, hostDrift: 0.01 }).judged).toBe(false);
    expect(judgement({ ...QUIET, probes: [0.055, 0.077], hostDrift: 0.5 }).judged).toBe(true);
  });

  it('names the busy machine first when both happened', () => {
    expect(judgement({ ...QUIET, others: [0.3], probes: [0.05, 0.1] }).why).toBe('busy machine');
  });
});

describe('targets: the figures of issue 16 and their verdicts', () => {
  const judged = judgement(QUIET);

  it('a/b <= 1.3, peak memory of a <= 600 MiB, c/a <= 8, c\'/a <= 3, each met up to its limit', () => {
    const samples = { a: runs(5, 5, 5), b: runs(5, 5, 5), c: runs(40, 40, 40), "c'": runs(15, 15, 15) };
    expect(targets(samples, judged).map(targetLine)).toEqual([
      'a/b = 1.00 (target <= 1.3): met',
      'peak memory of a = 240 MiB (target <= 600): met',
      'c/a = 8.00 (target <= 8): met',
      "c'/a = 3.00 (target <= 3): met",
    ]);
  });

  it('says NOT met past a limit', () => {
    const samples = { a: [{ wall: 6.6, mib: 601 }], b: runs(5), c: runs(50), "c'": runs(33.6) };
    expect(targets(samples, judged).map((t) => `${t.name}: ${t.verdict}`)).toEqual([
      'a/b: NOT met',
      'peak memory of a: NOT met',
      'c/a: met',
      "c'/a: NOT met",
    ]);
  });

  it('judges only the targets whose subjects ran (--only)', () => {
    expect(targets({ a: runs(5), c: runs(50) }, judged).map((t) => t.name)).toEqual(['peak memory of a', 'c/a']);
    expect(targets({ c: runs(50), "c'": runs(30) }, judged)).toEqual([]);
  });

  it('calls nothing met or NOT met when the runs could not be judged, and says why', () => {
    const samples = { a: runs(5), b: runs(5) };
    const verdicts = (j: ReturnType<typeof judgement>) => targets(samples, j).map((t) => t.verdict);
    expect(verdicts(judgement({ ...QUIET, others: [0.5] }))).toEqual(['not judged (busy machine)', 'not judged (busy machine)']);
    expect(verdicts(judgement({ ...QUIET, probes: [0.05, 0.1] }))).toEqual(['not judged (the host changed speed)', 'not judged (the host changed speed)']);
  });
});

describe('failingTests: which tests failed in a run the bench measured', () => {
  // What Jest 30 writes to standard error for the failure canary (test/canary/), shortened.
  const stderr = [
    'FAIL test/canary/fails-on-purpose.canary.ts',
    '  ● runs with moto up, as the real suite does',
    '',
    '    moto disabled by MOTO_DISABLED=1',
    '',
    '    > 66 |   if (endpoints.length === 0) throw new Error(process.env.MOTO_UNAVAILABLE ?? \'moto is not running\');',
    '      at serverEndpoint (test/moto/moto.ts:66:37)',
    '',
    '  ● fails on purpose',
    '',
    '    expect(received).toBe(expected) // Object.is equality',
    '',
    'Summary of all failing tests',
    'FAIL test/canary/fails-on-purpose.canary.ts',
    '  ● fails on purpose',
    '',
    'Tests:       2 failed, 2 total',
  ].join('\n');

  it("names each failure once, in Jest's order", () => {
    expect(failingTests(stderr)).toEqual(['runs with moto up, as the real suite does', 'fails on purpose']);
  });

  it('names none in a run that passed', () => {
    expect(failingTests('PASS test/ttl.test.ts\nTests:       43 passed, 43 total\n')).toEqual([]);
  });
});
