/**
 * The settings as the app really uses them: through `npx cdk synth` (a child process,
 * slow: run once), and into the security group of a synthesized lab.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildLabApp } from '../helpers/lab-app';

const ROOT = path.join(__dirname, '..', '..');

describe('npx cdk synth with a bad setting', () => {
  it('stops with the message and exit code 1, no stack trace, nothing synthesized', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-setting-'));
    try {
      const result = spawnSync(
        'npx',
        ['cdk', 'synth', '-q', '--output', outdir, '-c', 'instanceType=mac2-m2pro.metal', '-c', 'sshCidr=0.0.0.0/0'],
        { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.status).toBe(1);
      // The first bad setting in the table's order (sshCidr comes before instanceType).
      expect(result.stderr).toContain('Invalid setting "sshCidr": "0.0.0.0/0": that opens SSH to the whole internet.');
      expect(result.stderr).toContain('  Example: -c sshCidr=203.0.113.10/32 ');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toMatch(/Error:|\.ts:\d+/);
      expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'))).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

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
