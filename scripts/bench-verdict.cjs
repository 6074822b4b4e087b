/**
 * What `npm run bench` (scripts/bench.mjs) concludes from its measurements, apart from the
 * measuring: whether the machine was quiet enough to judge, the ratios, and each target's
 * verdict. Plain functions of plain numbers, so that each way of judging and of refusing to
 * judge has a test (test/bench/verdict.test.ts). CommonJS, with its types in
 * bench-verdict.d.cts: bench.mjs runs on Node.js as it is, and Jest loads it untransformed.
 */
'use strict';

/** Above this share of the machine taken by other processes in any run, no target is judged. */
const BUSY_SHARE = 0.1;
/** Where that share is unknown (no /proc/stat): above this 1-minute load per core at the start. */
const BUSY_LOAD_PER_CORE = 0.5;
/** Default for --host-drift: the slowest host probe may be this much slower than the fastest. */
const HOST_DRIFT = 0.25;

/** The targets of issue 16, each a ratio or a figure of the medians, and its limit. */
const TARGETS = [
  { name: 'a/b', needs: ['a', 'b'], limit: 1.3, value: (s) => pairedRatio(walls(s.a), walls(s.b)) },
  { name: 'peak memory of a', unit: 'MiB', needs: ['a'], limit: 600, value: (s) => median(s.a.map((run) => run.mib)) },
  { name: 'c/a', needs: ['a', 'c'], limit: 8, value: (s) => pairedRatio(walls(s.c), walls(s.a)) },
  { name: "c'/a", needs: ['a', "c'"], limit: 3, value: (s) => pairedRatio(walls(s["c'"]), walls(s.a)) },
];

function median(xs) {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const walls = (runs) => runs.map((run) => run.wall);

/** The median of the ratios run by run: each pair ran back to back, under the same conditions. */
function pairedRatio(xs, ys) {
  if (xs.length !== ys.length || xs.length === 0) throw new Error(`paired runs: ${xs.length} against ${ys.length}`);
  return median(xs.map((x, i) => x / ys[i]));
}

/**
 * The CPU the rest of the machine used during a run, as a share of all its cores over the
 * run: what the whole machine spent busy (/proc/stat, before and after) less what the
 * measured command and its children spent (GNU time). Undefined where /proc/stat is missing.
 */
function othersShare({ machineBusyBefore, machineBusyAfter, user, system, cores, wall }) {
  if (machineBusyBefore === undefined || machineBusyAfter === undefined) return undefined;
  return Math.max(0, machineBusyAfter - machineBusyBefore - user - system) / (cores * wall);
}

/**
 * Whether the targets can be judged from these runs. Not when other processes took more than
 * BUSY_SHARE of the machine in any run (they take turns with the measured ones, unevenly),
 * or, where that share is unknown, when the load at the start was above half the cores. Nor
 * when the host changed speed: the slowest probe more than `hostDrift` slower than the fastest.
 * @returns {{ judged: boolean, why?: string, reason?: string, maxOthers?: number, drift: number }}
 *   `why` in a few words for the verdicts, `reason` in a sentence; `maxOthers` where known.
 */
function judgement({ others, startLoad, cores, probes, hostDrift = HOST_DRIFT }) {
  if (probes.length === 0) throw new Error('no host probe');
  const drift = Math.max(...probes) / Math.min(...probes) - 1;
  const known = others.length > 0 && others.every((share) => share !== undefined);
  const maxOthers = known ? Math.max(...others) : undefined;
  if (known ? maxOthers > BUSY_SHARE : startLoad > BUSY_LOAD_PER_CORE * cores) {
    const reason = known
      ? `other processes took up to ${(100 * maxOthers).toFixed(1)}% of the machine during a run (above ${100 * BUSY_SHARE}%)`
      : `the 1-minute load was ${startLoad.toFixed(2)} at the start, above ${BUSY_LOAD_PER_CORE * cores} (half of ${cores} CPUs)`;
    return { judged: false, why: 'busy machine', reason, maxOthers, drift };
  }
  if (drift > hostDrift) {
    const reason =
      `the same work took ${(100 * drift).toFixed(0)}% longer in one run than in another (above ${(100 * hostDrift).toFixed(0)}%): ` +
      'the host changed speed during the runs (a VM shares its host, which no load figure shows)';
    return { judged: false, why: 'the host changed speed', reason, maxOthers, drift };
  }
  return { judged: true, maxOthers, drift };
}

/** 'met', 'NOT met', or why it was not judged. */
function verdict(judged, ok) {
  if (!judged.judged) return `not judged (${judged.why})`;
  return ok ? 'met' : 'NOT met';
}

/** `a/b = 0.94 (target <= 1.3): met`: one target as the bench prints it. */
function targetLine(t) {
  const value = t.unit ? `${t.value.toFixed(0)} ${t.unit}` : t.value.toFixed(2);
  return `${t.name} = ${value} (target <= ${t.limit}): ${t.verdict}`;
}

/**
 * Each target whose subjects were measured: its value, its limit and its verdict.
 * @param samples the runs of each subject ({ wall, mib } each), in the order they ran
 */
function targets(samples, judged) {
  return TARGETS.filter((t) => t.needs.every((key) => samples[key]?.length)).map((t) => {
    const value = t.value(samples);
    return { name: t.name, unit: t.unit, value, limit: t.limit, verdict: verdict(judged, value <= t.limit) };
  });
}

/**
 * The tests that failed in a run of `npm test`, from what Jest wrote to standard error: its
 * heading of each failure ("  ● describe › test"), once each, in order. A bench that says only
 * that a run "had failing tests" leaves nothing to look for when it does not happen again.
 */
function failingTests(stderr) {
  const names = [];
  for (const line of stderr.split('\n')) {
    const heading = /^ {2}● (.+)$/.exec(line);
    if (heading && !names.includes(heading[1])) names.push(heading[1]);
  }
  return names;
}

module.exports = { BUSY_SHARE, HOST_DRIFT, median, pairedRatio, othersShare, judgement, targets, targetLine, failingTests };
