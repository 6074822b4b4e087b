#!/usr/bin/env node
// npm run validate: synthesizes every stack (every lab and LabNetwork) and validates every
// template afresh with CDK's CloudFormation validation and cdk-nag, ignoring the results
// `cdk synth` remembers (lib/validation/). Exits non-zero on any error. Used by .ci/run.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['cdk', 'synth', '-q', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CDK_VALIDATION_CACHE: 'off' },
  shell: process.platform === 'win32', // npx is npx.cmd there
});
process.exit(result.status ?? 1);
