/**
 * The settings as the app really uses them: through the app process `cdk synth` runs (a
 * child process, slow: run once, while the rest of the file runs), and into the security
 * group of a synthesized lab.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildLabApp } from '../helpers/lab-app';

const ROOT = path.join(__dirname, '..', '..');

interface AppRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly templates: readonly string[];
}

/**
 * Runs cdk.json's `app` command as `npx cdk synth -c key=value ...` does: in a shell from the
 * project folder, with cdk.json's context under the -c values in CDK_CONTEXT_JSON and the
 * output folder in CDK_OUTDIR (without the CDK CLI around it, which alone costs seconds to load).
 */
function synthApp(context: Record<string, string>): Promise<AppRun> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { app: string; context: Record<string, unknown> };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-setting-'));
  return new Promise((resolve) => {
    const child = spawn(cdkJson.app, {
      shell: true,
      cwd: ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }), CDK_OUTDIR: outdir },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
      fs.rmSync(outdir, { recursive: true, force: true });
      resolve({ code, stderr, templates });
    });
  });
}

// Started before the first test; read by the last one.
let badSettings: Promise<AppRun>;
beforeAll(() => {
  badSettings = synthApp({ instanceType: 'mac2-m2pro.metal', sshCidr: '0.0.0.0/0' });
});
afterAll(() => badSettings);

describe('what reaches the security group', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0000:0000/32', { CidrIpv6: '2001:db8::/32' }],
    [' 203.0.113.10/32 ', { CidrIp: '203.0.113.10/32' }],
  ])('sshCidr=%j becomes the canonical %j', (sshCidr, peer) => {
    const { stacks } = buildLabApp({ only: ['LabEc2'], context: { sshCidr } });
    Template.fromStack(stacks.LabEc2).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, ...peer })]),
    });
  });
});

describe('cdk synth with a bad setting', () => {
  it('stops with the message and exit code 1, no stack trace, nothing synthesized', async () => {
    const result = await badSettings;
    expect(result.code).toBe(1);
    // The first bad setting in the table's order (sshCidr comes before instanceType).
    expect(result.stderr).toContain('Invalid setting "sshCidr": "0.0.0.0/0": that opens SSH to the whole internet.');
    expect(result.stderr).toContain('  Example: -c sshCidr=203.0.113.10/32 ');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/Error:|\.ts:\d+/);
    expect(result.templates).toEqual([]);
  });
});
