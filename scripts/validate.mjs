#!/usr/bin/env node
// npm run validate: synthesizes every stack (every lab and LabNetwork) and validates every
// template afresh with CDK's CloudFormation validation and cdk-nag, ignoring the results
// `cdk synth` remembers (lib/validation/): once with the cdk.json settings, once with every
// optional resource on (SSH rule, budget e-mail, alias, MFA policy, password expiry,
// Graviton). Exits non-zero on any error. Used by .ci/run; extra arguments go to both syntheses.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const EVERY_OPTION = {
  sshCidr: '203.0.113.10/32',
  budgetEmail: 'learner@example.com',
  accountAlias: 'my-dva-lab-2026',
  requireMfa: 'true',
  passwordMaxAgeDays: '0',
  instanceType: 't4g.micro',
};

function synth(label, args) {
  console.error(`Validating every stack afresh, ${label} ...`);
  const result = spawnSync('npx', ['cdk', 'synth', '-q', ...args, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CDK_VALIDATION_CACHE: 'off' },
    shell: process.platform === 'win32', // npx is npx.cmd there
  });
  return result.status ?? 1;
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-every-option-'));
try {
  const status =
    synth('with the cdk.json settings', []) ||
    synth('with every optional resource on', ['-o', outdir, ...Object.entries(EVERY_OPTION).flatMap(([k, v]) => ['-c', `${k}=${v}`])]);
  process.exitCode = status;
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
