import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeWithMoto, motoClientConfig, motoProcessEnv, resetMoto } from '../moto/moto';
import { main } from '../../lib/check/cli';
import { DEFAULT_TTL_MINUTES, formatDeadlineUtc } from '../../lib/ttl';
import { captureIo } from '../cli/capture-io';
import { TEST_NOW } from '../helpers/lab-app';
import { deployLabStack, synthesizedTemplate } from '../helpers/lab-state';
import { filesOf, runBin, type BinRun } from '../helpers/run-bin';
import { tempDir } from '../helpers/temp-dir';

/** stderr without the SDK's Node-version notice, which is not ours. */
const ownStderr = (stderr: string) => stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings \.\.\.` to show where the warning was created\)\n/, '');

/** An environment with no AWS credentials anywhere: no variables, empty files, no instance metadata. */
function noCredentialsEnv(): NodeJS.ProcessEnv {
  const empty = path.join(tempDir('check-nocreds-'), 'empty');
  writeFileSync(empty, '');
  return { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', AWS_CONFIG_FILE: empty, AWS_SHARED_CREDENTIALS_FILE: empty, AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
}

/**
 * The few real processes of this file (2-3 s each), started together before the first test;
 * the tests that read them come last, so that they run while the in-process tests do.
 */
const bins: Record<'checkHelp' | 'leftoversHelp' | 'checkNoCredentials', Promise<BinRun>> = {} as never;
beforeAll(() => {
  bins.checkHelp = runBin('bin/check.ts', ['--help'], process.env);
  bins.leftoversHelp = runBin('bin/leftovers.ts', ['--help'], process.env);
  bins.checkNoCredentials = runBin('bin/check.ts', ['LabEc2'], noCredentialsEnv());
});
// Even when a filter (-t) skips the tests that read them.
afterAll(() => Promise.all(Object.values(bins)));

/**
 * `main` in this process, under `env` as a child process would get it: the SDK reads region,
 * credentials and AWS_ENDPOINT_URL from process.env, so no client setting is laid over them.
 */
async function mainWithEnv(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  try {
    const io = captureIo(env);
    const code = await main(argv, io);
    return { code, stdout: io.out(), stderr: io.err() };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('check CLI without AWS', () => {
  it('an unknown lab is a usage error (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['LabNope'], io)).toBe(2);
    expect(io.err()).toBe('Unknown lab "LabNope". Labs: LabBudget, LabIam, LabEc2, LabElasticIp, LabEc2Apache, LabAlb, LabNlb, LabAlbRouting, LabAmi, LabSpot, LabBurstable\n');
    expect(io.out()).toBe('');
  });
});

describeWithMoto('check CLI against moto', () => {
  beforeEach(resetMoto);

  it('a lab that is not deployed: one line naming the deploy command, exit 1', async () => {
    const { code, stdout, stderr } = await mainWithEnv(['LabAlb'], motoProcessEnv('eu-west-1'));
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const [first, , quotasTitle, vpcs] = stdout.split('\n');
    expect(first).toBe('LabAlb is not deployed in eu-west-1. Deploy it with: npx cdk deploy LabAlb');
    // Then the region's quotas a lab can hit: moto's default VPC is the learner's, not the kit's.
    expect(quotasTitle).toBe('Quotas in eu-west-1 that a lab can hit:');
    expect(vpcs).toMatch(/^ {2}OK {4}VPCs per Region: 1 of 5 VPCs.*; the kit's: 0, others: 1$/);
  });

  it('shows no quotas for a lab that runs no instance (LabIam)', async () => {
    const { stdout } = await mainWithEnv(['LabIam'], motoProcessEnv('eu-west-1'));
    expect(stdout).toContain('LabIam is not deployed in eu-west-1');
    expect(stdout).not.toContain('Quotas in');
  });

  it('--json reports a failing lab for scripts, exit 1', async () => {
    const cfn = new CloudFormationClient(motoClientConfig('eu-west-1'));
    // The lab's stack as synthesized, pointing at an instance that no longer exists.
    await deployLabStack(cfn, 'LabEc2', synthesizedTemplate('LabEc2'), [
      { type: 'AWS::EC2::Instance', ref: 'i-0123456789abcdef0', attributes: { PublicIp: '203.0.113.5', PrivateIp: '10.0.0.5', PublicDnsName: 'ec2-203-0-113-5.compute-1.amazonaws.com' } },
      { type: 'AWS::EC2::KeyPair', ref: 'LabEc2KeyPair', attributes: { KeyPairId: 'key-0123456789abcdef0' } },
    ]);
    cfn.destroy();
    const { code, stdout } = await mainWithEnv(['LabEc2', '--json', '--wait', '2'], motoProcessEnv('eu-west-1'));
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.summary).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(report.labs[0]).toMatchObject({ lab: 'LabEc2', region: 'eu-west-1', outcome: 'checked' });
    expect(report.labs[0].results[0]).toMatchObject({ id: 'instance.running', status: 'fail' });
  });

  it('--all with nothing deployed says so (AWS_ENDPOINT_URL honoured by every client, Budgets in us-east-1)', async () => {
    const { code, stdout } = await mainWithEnv(['--all'], motoProcessEnv('eu-west-1'));
    expect(code).toBe(1);
    expect(stdout).toContain('LabBudget: not deployed in us-east-1');
    expect(stdout).toContain('LabAlb: not deployed in eu-west-1');
    expect(stdout).toContain('No lab is deployed (looked in us-east-1 and eu-west-1)');
  });
});

describe('check CLI in-process (lib/check/cli.ts main)', () => {
  it('--help documents the exit codes', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toContain(
      [
        'Exit codes:',
        '  0  ok',
        '  1  not done: a check failed, or the lab is not deployed',
        '  2  usage error (unknown option or lab, bad value)',
        '  3  could not check: no credentials, profile not found, access denied, throttled,',
      ].join('\n'),
    );
  });

  it('an unknown --profile: exit 3, naming the profile', async () => {
    const io = captureIo({ AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' });
    expect(await main(['LabEc2', '--profile', 'my-typo'], io)).toBe(3);
    expect(io.err()).toBe(
      'AWS profile "my-typo" not found in ~/.aws/config or ~/.aws/credentials (no profile there). Create it with aws configure --profile my-typo (or aws configure sso --profile my-typo).\n',
    );
    expect(io.out()).toBe('');
  });

  it('a malformed --region: exit 3, saying so (not a network error)', async () => {
    const io = captureIo();
    expect(await main(['LabEc2', '--region', 'europe-west1'], io)).toBe(3);
    expect(io.err()).toBe('--region "europe-west1" is not a region name: regions look like us-east-1 or eu-west-3 (list them with aws ec2 describe-regions).\n');
  });

  it('--wait out of range is a usage error (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['LabEc2', '--wait', '0'], io)).toBe(2);
    expect(io.err()).toBe('--wait takes a whole number of seconds from 1 to 3600, not "0"\n');
  });
});

describeWithMoto('check CLI in-process against moto: auto-destroy time', () => {
  beforeEach(resetMoto);
  /** LabEc2Apache as synthesized with the test clock: its AutoDestroyAt is TEST_NOW + 4 h. */
  const TEMPLATE = synthesizedTemplate('LabEc2Apache');
  const deadline = new Date(TEST_NOW.getTime() + DEFAULT_TTL_MINUTES * 60_000);

  async function runAt(now: Date) {
    const cfn = new CloudFormationClient(motoClientConfig('eu-west-1'));
    await deployLabStack(cfn, 'LabEc2Apache', TEMPLATE, [
      { type: 'AWS::EC2::Instance', ref: 'i-0123456789abcdef0', attributes: { PublicIp: '203.0.113.5', PublicDnsName: 'ec2-203-0-113-5.compute-1.amazonaws.com' } },
      { type: 'AWS::EC2::KeyPair', ref: 'LabEc2ApacheKeyPair', attributes: { KeyPairId: 'key-0123456789abcdef0' } },
    ]);
    cfn.destroy();
    const io = captureIo({}, { now });
    const code = await main(['LabEc2Apache', '--region', 'eu-west-1', '--wait', '1'], io, { clientOverrides: motoClientConfig('eu-west-1') });
    return { code, out: io.out() };
  }

  it('shows the time left, as a plain line', async () => {
    const { code, out } = await runAt(new Date(deadline.getTime() - (3 * 60 + 58) * 60_000));
    // The instance does not exist: the lab is not done (exit 1); the time line is no failure.
    expect(code).toBe(1);
    expect(out).toContain(`  this lab deletes itself in 3 h 58 min (${formatDeadlineUtc(deadline)}); redeploy to extend (npx cdk deploy LabEc2Apache), or keep it with -c ttl=off\n`);
    expect(out).not.toContain('WARN');
  });

  it('warns under 15 minutes, with a line and not a failure', async () => {
    const { out } = await runAt(new Date(deadline.getTime() - 12 * 60_000));
    expect(out).toContain(`  WARN  this lab deletes itself in 12 min (${formatDeadlineUtc(deadline)}): redeploy to extend (npx cdk deploy LabEc2Apache), or keep it with -c ttl=off\n`);
    expect(out).toMatch(/\n0 passed, 1 failed, 2 skipped in 1 lab: not done yet\n\nQuotas in [a-z0-9-]+ that a lab can hit:\n/);
  });

  it('says when the deadline passed', async () => {
    const { out } = await runAt(new Date(deadline.getTime() + 5 * 60_000));
    expect(out).toContain(`  WARN  auto-destroy time ${formatDeadlineUtc(deadline)} passed 5 min ago: CloudFormation is deleting the lab\n`);
  });
});

describe('check CLI, the real process (bin/check.ts)', () => {
  it('--help lists every lab and the options on stdout, exit 0', async () => {
    const { code, stdout } = await bins.checkHelp;
    expect(code).toBe(0);
    for (const word of ['LabBudget', 'LabIam', 'LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb', '--region', '--profile', '--json', '--all', '--wait']) {
      expect(stdout).toContain(word);
    }
  });

  it('no credentials: one line on stderr, exit 3 (could not check), no stack trace', async () => {
    const { code, stdout, stderr } = await bins.checkNoCredentials;
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(ownStderr(stderr)).toBe('No AWS credentials found. Run `aws configure` (or `aws sso login --profile <name>` and pass --profile <name>), then try again.\n');
  });
});

/** Files of the AWS SDK (and its Smithy runtime) among those a process loaded. */
const sdkFiles = (loaded: readonly string[]) => filesOf(loaded, '@aws-sdk', '@smithy');

describe('start-up: check and leftovers load no CDK code, and --help not even the AWS SDK', () => {
  it.each([
    ['bin/check.ts', 'checkHelp'],
    ['bin/leftovers.ts', 'leftoversHelp'],
  ] as const)('%s --help loads neither aws-cdk-lib nor cdk-nag, nor the AWS SDK', async (_bin, run) => {
    const { code, stdout, loaded } = await bins[run];
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes:');
    expect(loaded.filter((file) => /node_modules[\\/](aws-cdk-lib|cdk-nag)[\\/]/.test(file))).toEqual([]);
    expect(sdkFiles(loaded)).toEqual([]);
    // The guard itself: the command's own code was loaded.
    expect(loaded.some((file) => file.endsWith(path.join('lib', 'cli', 'options.ts')))).toBe(true);
  });

  it('check <Lab> loads the AWS SDK, and still no CDK code (the guard above sees the SDK when it is there)', async () => {
    const { loaded } = await bins.checkNoCredentials;
    expect(sdkFiles(loaded)).toEqual(expect.arrayContaining([expect.stringMatching(/client-cloudformation/)]));
    expect(loaded.filter((file) => /node_modules[\\/](aws-cdk-lib|cdk-nag)[\\/]/.test(file))).toEqual([]);
  });
});
