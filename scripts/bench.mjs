#!/usr/bin/env node
// npm run bench [-- --runs N]
//
// Measures, side by side and in one run, with alternating repetitions:
//   (a) `npx cdk synth -q` of every lab, as the README runs it;
//   (b) a reference: an empty one-stack CDK app, precompiled JavaScript, made on the
//       fly in a temporary folder from this project's node_modules and synthesized
//       through the same CLI with the same settings;
//   (c) `npm test` without the tests that need moto (MOTO_DISABLED=1);
// then prints medians of wall time and peak memory (largest single process, from
// GNU time's maximum resident set size) and the ratios a/b and c/a, with targets.
// Needs GNU time at /usr/bin/time (Debian package `time`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const TIME = '/usr/bin/time';
if (!fs.existsSync(TIME)) {
  console.error('GNU time is missing: apt-get install time');
  process.exit(1);
}

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
const subjects = {
  a: { label: 'cdk synth -q, every lab', cwd: root, cmd: ['npx', 'cdk', 'synth', '-q'] },
  b: { label: 'cdk synth -q, empty one-stack app (JS)', cwd: referenceDir, cmd: ['npx', 'cdk', 'synth', '-q'] },
  c: { label: 'npm test, without moto', cwd: root, cmd: ['npm', 'test', '--silent'], env: { MOTO_DISABLED: '1' } },
};

function measure(subject) {
  const out = path.join(os.tmpdir(), `bench-${process.pid}.time`);
  const result = spawnSync(TIME, ['-f', '%e %M', '-o', out, ...subject.cmd], {
    cwd: subject.cwd,
    env: { ...env, ...subject.env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(result.stderr.slice(-2000));
    throw new Error(`${subject.cmd.join(' ')} exited with ${result.status}`);
  }
  const [wall, maxRssKiB] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, mib: maxRssKiB / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log(`warm-up, then ${runs} alternating runs of a, b, c ...`);
for (const s of Object.values(subjects)) measure(s); // warm-up: file cache, compiled code caches
const samples = { a: [], b: [], c: [] };
const ratios = { ab: [], ca: [] };
for (let i = 0; i < runs; i++) {
  const a = measure(subjects.a);
  const b = measure(subjects.b);
  const c = measure(subjects.c);
  samples.a.push(a);
  samples.b.push(b);
  samples.c.push(c);
  ratios.ab.push(a.wall / b.wall);
  ratios.ca.push(c.wall / a.wall);
  process.stderr.write(`  run ${i + 1}: a ${a.wall.toFixed(2)} s, b ${b.wall.toFixed(2)} s, c ${c.wall.toFixed(2)} s\n`);
}
fs.rmSync(referenceDir, { recursive: true, force: true });

const row = (key) => {
  const s = samples[key];
  const walls = s.map((x) => x.wall);
  return `(${key}) ${subjects[key].label.padEnd(40)} wall median ${median(walls).toFixed(2)} s ` +
    `(min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}), ` +
    `peak memory median ${median(s.map((x) => x.mib)).toFixed(0)} MiB`;
};
console.log(row('a'));
console.log(row('b'));
console.log(row('c'));
const ab = median(ratios.ab);
const ca = median(ratios.ca);
const peakA = median(samples.a.map((x) => x.mib));
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log(`a/b = ${ab.toFixed(2)} (target <= 1.5, aim 1.3): ${verdict(ab <= 1.5)}`);
console.log(`c/a = ${ca.toFixed(2)} (target <= 3): ${verdict(ca <= 3)}`);
console.log(`peak memory of a = ${peakA.toFixed(0)} MiB (target <= 600): ${verdict(peakA <= 600)}`);
