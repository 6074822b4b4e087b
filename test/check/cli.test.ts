import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeWithMoto, motoClientConfig, motoProcessEnv, resetMoto } from '../moto/moto';
import { deployLabStack, synthesizedTemplate } from '../helpers/lab-state';

const ROOT = path.join(__dirname, '..', '..');

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'bin/check.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** stderr without the SDK's Node-version notice, which is not ours. */
const ownStderr = (stderr: string) => stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings \.\.\.` to show where the warning was created\)\n/, '');

describe('check CLI without AWS', () => {
  it('--help lists every lab and the options', async () => {
    const { code, stdout } = await runCli(['--help'], process.env);
    expect(code).toBe(0);
    for (const word of ['LabBudget', 'LabIam', 'LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb', '--region', '--profile', '--json', '--all', '--wait']) {
      expect(stdout).toContain(word);
    }
  });

  it('an unknown lab is a usage error (exit 2)', async () => {
    const { code, stderr } = await runCli(['LabNope'], process.env);
    expect(code).toBe(2);
    expect(ownStderr(stderr)).toBe('Unknown lab "LabNope". Labs: LabBudget, LabIam, LabEc2, LabElasticIp, LabEc2Apache, LabAlb, LabNlb, LabAlbRouting, LabSpot, LabBurstable\n');
  });

  it('no credentials: one line, exit 1, no stack trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-nocreds-'));
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '');
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', AWS_CONFIG_FILE: empty, AWS_SHARED_CREDENTIALS_FILE: empty, AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
    const { code, stdout, stderr } = await runCli(['LabEc2'], env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(ownStderr(stderr)).toBe('No AWS credentials found. Run `aws configure` (or `aws sso login --profile <name>` and pass --profile <name>), then try again.\n');
  });
});

describeWithMoto('check CLI against moto', () => {
  beforeEach(resetMoto);

  it('a lab that is not deployed: one line naming the deploy command, exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['LabAlb'], motoProcessEnv('eu-west-1'));
    expect(code).toBe(1);
    expect(ownStderr(stderr)).toBe('');
    expect(stdout).toBe('LabAlb is not deployed in eu-west-1. Deploy it with: npx cdk deploy LabAlb\n');
  });

  it('--json reports a failing lab for scripts, exit 1', async () => {
    const cfn = new CloudFormationClient(motoClientConfig('eu-west-1'));
    // The lab's stack as synthesized, pointing at an instance that no longer exists.
    await deployLabStack(cfn, 'LabEc2', synthesizedTemplate('LabEc2'), [
      { type: 'AWS::EC2::Instance', ref: 'i-0123456789abcdef0', attributes: { PublicIp: '203.0.113.5', PrivateIp: '10.0.0.5', PublicDnsName: 'ec2-203-0-113-5.compute-1.amazonaws.com' } },
      { type: 'AWS::EC2::KeyPair', ref: 'LabEc2KeyPair', attributes: { KeyPairId: 'key-0123456789abcdef0' } },
    ]);
    cfn.destroy();
    const { code, stdout } = await runCli(['LabEc2', '--json', '--wait', '2'], motoProcessEnv('eu-west-1'));
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.summary).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(report.labs[0]).toMatchObject({ lab: 'LabEc2', region: 'eu-west-1', outcome: 'checked' });
    expect(report.labs[0].results[0]).toMatchObject({ id: 'instance.running', status: 'fail' });
  });

  it('--all with nothing deployed says so (AWS_ENDPOINT_URL honoured by every client, Budgets in us-east-1)', async () => {
    const { code, stdout } = await runCli(['--all'], motoProcessEnv('eu-west-1'));
    expect(code).toBe(1);
    expect(stdout).toContain('LabBudget: not deployed in us-east-1');
    expect(stdout).toContain('LabAlb: not deployed in eu-west-1');
    expect(stdout).toContain('No lab is deployed (looked in us-east-1 and eu-west-1)');
  });
});
