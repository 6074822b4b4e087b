/**
 * cdk-nag (AwsSolutions) on every stack of the app; in one variant also CloudFormation
 * validation and the helper Lambdas' bundling, as `npx cdk synth` runs them (bin/app.ts).
 * Synthesis throws on any unacknowledged finding. The validation remembers the templates
 * it validated, as the learner's synth does, in its output folder under node_modules/.cache/:
 * a template that changed is validated again; `npm run validate` (a CI step) validates every
 * stack afresh.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { App, type Stack } from 'aws-cdk-lib';
import { addLabs } from '../lib/lab-app';
import { readSettings } from '../lib/settings';
import { acknowledgements, buildLabApp, CDK_JSON_CONTEXT, TEST_NOW } from './helpers/lab-app';

const VARIANTS: Record<string, { context: Record<string, unknown>; validateAndBundle: boolean }> = {
  'the cdk.json defaults': { context: {}, validateAndBundle: false },
  // Every resource exists with these settings: validate every template and bundle every
  // helper Lambda once, as the CLI does.
  'every option set': {
    context: {
      sshCidr: '203.0.113.10/32',
      budgetEmail: 'learner@example.com',
      accountAlias: 'my-dva-lab-2026',
      requireMfa: 'true',
      passwordMaxAgeDays: '0',
    },
    validateAndBundle: true,
  },
};

/**
 * Where the "every option set" variant synthesizes, kept between runs as `cdk.out` is for the
 * learner: CloudFormation validation remembers the templates it validated there, and a helper
 * Lambda whose inputs did not change is not bundled again (see the README's Performance).
 */
const EVERY_OPTION_OUTDIR = path.join(__dirname, '..', 'node_modules', '.cache', 'aws-dva-labs', 'nag-every-option.out');

interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string; severity: string }[] }[];
}

const SYNTHESIZED = Object.fromEntries(
  Object.entries(VARIANTS).map(([name, { context, validateAndBundle }]) => {
    const { app, stacks: labs, network } = buildLabApp({
      context,
      cloudFormationValidation: validateAndBundle,
      bundle: validateAndBundle,
      outdir: validateAndBundle ? EVERY_OPTION_OUTDIR : undefined,
      nag: true,
    });
    // The labs and the network the EC2 labs share: cdk-nag runs on every stack of the app.
    const stacks: Record<string, Stack> = { ...labs, ...(network ? { [network.stackName]: network } : {}) };
    return [name, { app, stacks, assembly: app.synth() }];
  }),
);

describe.each(Object.keys(VARIANTS))('every lab with %s', (name) => {
  const { app, stacks, assembly } = SYNTHESIZED[name];
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  const acks = acknowledgements(app);

  it('synthesizes every stack with no unacknowledged finding and no validation error', () => {
    expect(Object.keys(stacks)).toContain('LabNetwork');
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(Object.keys(stacks).sort());
    expect(report.pluginReports.filter((r) => r.conclusion !== 'success')).toEqual([]);
    const errors = report.pluginReports.flatMap((r) => r.violations.filter((v) => v.severity === 'error' || v.severity === 'fatal'));
    expect(errors).toEqual([]);
  });

  it('gives every acknowledgement a reason a learner can read', () => {
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect({ ...ack, ok: ack.reason.trim().length >= 30 && /\s/.test(ack.reason) }).toEqual({ ...ack, ok: true });
    }
  });

  it('acknowledges nag findings on constructs, never on a whole stack', () => {
    const stackPaths = new Set(Object.keys(stacks));
    expect(acks.filter((a) => stackPaths.has(a.path) && a.id.startsWith('AwsSolutions'))).toEqual([]);
  });

  it('never acknowledges an unencrypted volume or SSH from the world', () => {
    expect(acks.filter((a) => /EC26|EC27/.test(a.id))).toEqual([]);
  });

  it('acknowledges open web ports only on the groups whose lesson is a public web port', () => {
    const ec23 = acks.filter((a) => a.id === 'AwsSolutions-EC23').map((a) => a.path).sort();
    // The two web-server labs and the notes' rule table; the load balancers are the public entry point.
    expect(ec23).toEqual([
      'LabAlb/AlbSecurityGroup',
      'LabAlbRouting/AlbSecurityGroup',
      'LabAmi/SecurityGroup',
      'LabEc2/SecurityGroup',
      'LabEc2Apache/SecurityGroup',
      'LabNlb/NlbSecurityGroup',
    ]);
  });
});

it('bundles every helper Lambda (password policy, alias, LabAmi\'s image) into the cloud assembly, as the CLI does', () => {
  const { directory, stacks } = SYNTHESIZED['every option set'].assembly;
  const functions = stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources as Record<string, { Type: string; Properties: { Code: { S3Key?: string } } }>)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id, resource]) => ({ id: `${stack.stackName}/${id}`, key: resource.Properties.Code.S3Key })),
  );
  expect(functions).toHaveLength(3);
  for (const { id, key } of functions) {
    // The code the template deploys: the bundle staged in the assembly as asset.<hash>.
    expect({ id, key }).toEqual({ id, key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
    const bundle = path.join(directory, `asset.${key!.replace(/\.zip$/, '')}`, 'index.js');
    expect(fs.readFileSync(bundle, 'utf8')).toMatch(/exports\.handler|handler:/);
  }
});

it('cdk-nag is live on LabNetwork too: a flow-log-less VPC there without its acknowledgement fails synth', () => {
  const { app, network } = buildLabApp({ only: ['LabEc2'], nag: true });
  new ec2.Vpc(network!, 'UnacknowledgedVpc', { natGateways: 0, restrictDefaultSecurityGroup: false });
  expect(() => app.synth()).toThrow(/AwsSolutions-VPC7/);
});

it('cdk-nag is live: an unacknowledged AdministratorAccess group fails synth', () => {
  const { app, stacks } = buildLabApp({ only: ['LabIam'], nag: true });
  new iam.Group(stacks.LabIam, 'UnacknowledgedAdmins', {
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  expect(() => app.synth()).toThrow(/AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/AdministratorAccess\]/);
});

it('runs cdk-nag by default: addLabs as bin/app.ts calls it (no nag option) fails synth on an unacknowledged finding', () => {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const { stacks } = addLabs(app, readSettings((key) => app.node.tryGetContext(key)), { only: ['LabIam'], now: TEST_NOW });
  new iam.Group(stacks.LabIam, 'UnacknowledgedAdmins', {
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  expect(() => app.synth()).toThrow(/AwsSolutions-IAM4/);
});
