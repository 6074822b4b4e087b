#!/usr/bin/env node
// npm run bench [-- --runs N] [-- --only a,b] [-- --host-drift 0.25]
//
// Measures, side by side and in one run, with alternating repetitions:
//   (a)  `npx cdk synth -q` of every lab, as the README runs it, again and again as a
//        learner does (the CloudFormation validation remembers templates it has validated);
//   (a0) the same into an empty output folder: a first synthesis (validation of every
//        template, helper Lambdas bundled); for information, no target;
//   (b)  a reference: an empty one-stack CDK app, precompiled JavaScript, made on the
//        fly in a temporary folder from this project's node_modules and synthesized
//        through the same CLI with the same settings;
//   (c)  `npm test`, the whole suite, with moto;
//   (c') `npm test` without the tests that need moto (MOTO_DISABLED=1);
// then prints medians of wall time and peak memory (largest single process, from GNU
// time's maximum resident set size), the ratios a/b, c/a and c'/a with their targets,
// and the machine's load average with every run. Ratios drift with load, and the load
// average counts the measured processes too (a test run keeps every core busy), so the
// verdict comes from what *other* processes did: the CPU time the whole machine used
// during each run (/proc/stat) minus the CPU time of the measured command and its
// children (GNU time). Above 10% of the machine in any run, no target is called met.
// Nor when the host itself changed speed: a VM's host can slow it down and report no
// steal time, which no load figure shows. So before each run the bench times a fixed
// piece of work (JSON, ~0.05 s, best of 5); when the slowest of these probes is more than
// 25% (--host-drift 0.25) slower than the fastest, no target is called met either.
// What it concludes (the judging, the ratios, the verdicts) is in bench-verdict.cjs, tested
// by test/bench/verdict.test.ts. Needs GNU time at /usr/bin/time (Debian package `time`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUSY_SHARE, HOST_DRIFT, failingTests, judgement, median, othersShare, pairedRatio, targetLine, targets } from './bench-verdict.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 5);
const hostDrift = Number(arg('--host-drift') ?? HOST_DRIFT);
if (!(hostDrift >= 0)) throw new Error(`--host-drift: "${arg('--host-drift')}" is not a share (0.25 allows the host 25% of drift)`);
const TIME = '/usr/bin/time';
if (!fs.existsSync(TIME)) {
  console.error('GNU time is missing: apt-get install time');
  process.exit(1);
}
const cores = os.cpus().length;
const CLOCK_TICKS = 100; // USER_HZ: /proc/stat counts in hundredths of a second on Linux

/** CPU seconds the whole machine has spent busy since boot (everything but idle and iowait), or undefined off Linux. */
function machineBusySeconds() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields; // idle and iowait left out
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const PROBE_TREE = Array.from({ length: 2000 }, (_, i) => ({ id: `r${i}`, props: { n: i, tags: ['a', 'b', String(i)] } }));
/** Seconds a fixed piece of single-core work takes now (best of 5): the host's speed. */
function hostProbe() {
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 40; i++) JSON.parse(JSON.stringify(PROBE_TREE));
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}
const probes = [];
/** The fastest and slowest of some probes, as `54-58 ms`. */
const probeRange = (xs) => `${(1000 * Math.min(...xs)).toFixed(0)}-${(1000 * Math.max(...xs)).toFixed(0)} ms`;

// No network here and no surprises in the figures: no version check, telemetry or notices.
const env = {
  ...process.env,
  CDK_DISABLE_VERSION_CHECK: '1',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
};

function makeReferenceApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-empty-app-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'app.js'),
    "const { App, Stack } = require('aws-cdk-lib');\n" +
      "const app = new App();\nnew Stack(app, 'Empty');\napp.synth();\n",
  );
  // The same feature flags as the kit, so both apps synthesize under the same rules.
  const { context } = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', notices: false, context }));
  return dir;
}

const referenceDir = makeReferenceApp();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const freshOutdir = () => fs.mkdtempSync(path.join(scratch, 'cdk.out-'));
const subjects = {
  a: { label: 'cdk synth -q, every lab', cwd: root, cmd: () => ['npx', 'cdk', 'synth', '-q'] },
  a0: { label: 'the same, first synthesis (empty cdk.out)', cwd: root, cmd: () => ['npx', 'cdk', 'synth', '-q', '-o', freshOutdir()] },
  b: { label: 'cdk synth -q, empty one-stack app (JS)', cwd: referenceDir, cmd: () => ['npx', 'cdk', 'synth', '-q'] },
  c: { label: 'npm test, with moto', cwd: root, cmd: () => ['npm', 'test', '--silent'], tolerateFailure: true },
  "c'": { label: 'npm test, without moto', cwd: root, cmd: () => ['npm', 'test', '--silent'], env: { MOTO_DISABLED: '1' }, tolerateFailure: true },
};
const chosen = (arg('--only') ?? Object.keys(subjects).join(',')).split(',');
for (const key of chosen) if (!subjects[key]) throw new Error(`--only: unknown subject "${key}" (${Object.keys(subjects).join(', ')})`);

const loads = [];
const load = () => {
  const [one, five, fifteen] = os.loadavg();
  loads.push(one);
  return `load ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)}`;
};

function measure(subject) {
  probes.push(hostProbe());
  const out = path.join(scratch, 'time.txt');
  const busyBefore = machineBusySeconds();
  const result = spawnSync(TIME, ['-f', '%e %M %U %S', '-o', out, ...subject.cmd()], {
    cwd: subject.cwd,
    env: { ...env, ...subject.env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0 && !subject.tolerateFailure) {
    console.error(result.stderr.slice(-2000));
    throw new Error(`${subject.cmd().join(' ')} exited with ${result.status}`);
  }
  const busyAfter = machineBusySeconds();
  const [wall, maxRssKiB, user, system] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  const others = othersShare({ machineBusyBefore: busyBefore, machineBusyAfter: busyAfter, user, system, cores, wall });
  const failed = result.status !== 0;
  return { wall, mib: maxRssKiB / 1024, failed, failedTests: failed ? failingTests(result.stderr ?? '') : [], others };
}

console.log(`${cores} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log(`${load()} at the start; warm-up, then ${runs} alternating runs of ${chosen.join(', ')} ...`);
for (const key of chosen) measure(subjects[key]); // warm-up: file cache, compiled code caches, cdk.out
probes.length = 0; // the host's speed counts from the measured runs on
const samples = Object.fromEntries(chosen.map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  const line = [];
  for (const key of chosen) {
    const m = measure(subjects[key]);
    samples[key].push(m);
    line.push(`${key} ${m.wall.toFixed(2)} s${m.failed ? ' (exit non-zero)' : ''}${m.others === undefined ? '' : ` (others ${(100 * m.others).toFixed(0)}%)`}`);
  }
  process.stderr.write(`  run ${i + 1}: ${line.join(', ')}; ${load()}; host probe ${probeRange(probes.slice(-chosen.length))}\n`);
  for (const key of chosen) for (const name of samples[key].at(-1).failedTests) process.stderr.write(`    ${key} failed: ${name}\n`);
}
fs.rmSync(referenceDir, { recursive: true, force: true });
fs.rmSync(scratch, { recursive: true, force: true });

for (const key of chosen) {
  const s = samples[key];
  const walls = s.map((x) => x.wall);
  const failures = s.filter((x) => x.failed).length;
  console.log(
    `(${key})`.padEnd(5) + ` ${subjects[key].label.padEnd(42)} wall median ${median(walls).toFixed(2)} s ` +
      `(min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}), ` +
      `peak memory median ${median(s.map((x) => x.mib)).toFixed(0)} MiB` +
      (failures ? `; ${failures} of ${s.length} runs had failing tests` : ''),
  );
}

const maxLoad = Math.max(...loads);
probes.push(hostProbe());
const judged = judgement({ others: chosen.flatMap((k) => samples[k].map((m) => m.others)), startLoad: loads[0], cores, probes, hostDrift });
console.log(`${load()} at the end; highest 1-minute load during the runs ${maxLoad.toFixed(2)} (${cores} CPUs, the measured runs included)`);
if (judged.maxOthers !== undefined) console.log(`other processes took at most ${(100 * judged.maxOthers).toFixed(1)}% of the machine during a run (busy above ${100 * BUSY_SHARE}%)`);
console.log(`host probe ${probeRange(probes)} over the runs: ${(100 * judged.drift).toFixed(0)}% apart (changed above ${(100 * hostDrift).toFixed(0)}%)`);
for (const target of targets(samples, judged)) console.log(targetLine(target));
if (chosen.includes('a0') && chosen.includes('b')) {
  const a0b = pairedRatio(samples.a0.map((s) => s.wall), samples.b.map((s) => s.wall));
  console.log(`a0/b = ${a0b.toFixed(2)} (first synthesis, for information)`);
}
if (!judged.judged) console.log(`Targets not judged: ${judged.reason}. Run again on a quiet machine.`);
