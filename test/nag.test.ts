/**
 * cdk-nag (AwsSolutions) on every stack of the app, with aws-cdk-lib's built-in
 * CloudFormation validation on, as `npx cdk synth` runs them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { buildLabApp } from './helpers/lab-app';

const ACKNOWLEDGED = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;

describe('cdk-nag AwsSolutions and CloudFormation validation on every lab', () => {
  const { app, stacks } = buildLabApp({ context: { sshCidr: '203.0.113.10/32' }, cloudFormationValidation: true, bundle: true });
  // Synthesis throws on any unacknowledged finding.
  const assembly = app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));

  it('synthesizes every stack with no unacknowledged finding', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(Object.keys(stacks).sort());
    const failures = report.pluginReports.filter((r: { conclusion: string }) => r.conclusion !== 'success');
    expect(failures).toEqual([]);
    const errors = report.pluginReports.flatMap((r: { violations: { severity: string }[] }) =>
      r.violations.filter((v) => v.severity === 'error' || v.severity === 'fatal'),
    );
    expect(errors).toEqual([]);
  });

  const acknowledgements = app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((m) => m.type === ACKNOWLEDGED)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );

  it('gives every acknowledgement a reason a learner can read', () => {
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const ack of acknowledgements) {
      expect({ ...ack, ok: ack.reason.trim().length >= 30 && /\s/.test(ack.reason) }).toEqual({ ...ack, ok: true });
    }
  });

  it('acknowledges nag findings on constructs, never on a whole stack', () => {
    const stackPaths = new Set(Object.keys(stacks));
    const onStacks = acknowledgements.filter((a) => stackPaths.has(a.path) && a.id.includes('AwsSolutions'));
    expect(onStacks).toEqual([]);
  });

  it('never acknowledges an unencrypted volume or SSH from the world', () => {
    const forbidden = acknowledgements.filter((a) => /EC26|EC27|EC2-?SSH/.test(a.id));
    expect(forbidden).toEqual([]);
  });

  it('acknowledges open web ports only on the groups whose lesson is a public web port', () => {
    const ec23 = acknowledgements.filter((a) => a.id.includes('EC23')).map((a) => a.path).sort();
    expect(ec23).toEqual(['LabAlb/AlbSecurityGroup', 'LabEc2/SecurityGroup', 'LabEc2Apache/SecurityGroup']);
  });
});
