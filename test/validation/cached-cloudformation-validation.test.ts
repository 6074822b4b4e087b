/**
 * The CloudFormation validation that remembers validated templates: a remembered result is
 * the fresh one (errors still fail the synthesis, with the same report), and a template is
 * validated again as soon as it changes. Runs CDK's real validation engine, which takes
 * seconds to start: every plugin of this file validates with one engine (see below).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnOutput, CfnResource, CloudFormationValidatePlugin, Stack, Validations, type IPolicyValidationContext } from 'aws-cdk-lib';
import {
  CachedCloudFormationValidatePlugin,
  VALIDATION_CACHE_FILE,
  VALIDATION_ENGINE_VERSION,
  withoutDateTimeValues,
} from '../../lib/validation/cached-cloudformation-validation';
import { tempDir } from '../helpers/temp-dir';

jest.setTimeout(240_000);

// Each CloudFormationValidatePlugin starts its own engine on its first validation (seconds each).
// The plugins of this file (cached, uncached, chosen by the environment) share one: their call
// to CDK's validation (super.validate) runs CDK's own code, unchanged, on that engine.
const sharedEngine = new CloudFormationValidatePlugin();
const cdkValidate = CloudFormationValidatePlugin.prototype.validate;
beforeAll(() => {
  jest
    .spyOn(CloudFormationValidatePlugin.prototype, 'validate')
    .mockImplementation((context: IPolicyValidationContext) => cdkValidate.call(sharedEngine, context));
});
afterAll(() => jest.restoreAllMocks());

const newOutdir = () => tempDir('cfn-validation-');

/** One queue; `visibilityTimeout` 'soon' is invalid (CloudFormation wants an integer). */
function synth(plugin: CachedCloudFormationValidatePlugin, outdir: string, visibilityTimeout: unknown, deadline = '2026-11-26T20:04:00Z') {
  // Errors stay errors, as the kit's cdk.json asks.
  const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  Validations.of(app).addPlugins(plugin);
  const stack = new Stack(app, 'Lab');
  new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: visibilityTimeout } });
  new CfnOutput(stack, 'Deadline', { value: deadline, description: `deletes itself at ${deadline.slice(0, 16).replace('T', ' ')} UTC` });
  app.synth();
}

/** CDK's report of the CloudFormation validation, from the assembly folder. */
function cfnReport(outdir: string): unknown {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  return report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'CloudFormation Validate');
}

const cached = new CachedCloudFormationValidatePlugin({ cache: true });

describe('withoutDateTimeValues', () => {
  it('zeroes the digits of date-times, ISO or written for people, and nothing else', () => {
    expect(withoutDateTimeValues('{"E":"at(2026-11-26T20:04:00)","O":"2026-11-26T20:04:00Z","D":"at 2026-11-26 20:04 UTC","P":22,"Y":"2026"}')).toBe(
      '{"E":"at(0000-00-00T00:00:00)","O":"0000-00-00T00:00:00Z","D":"at 0000-00-00 00:00 UTC","P":22,"Y":"2026"}',
    );
  });
});

describe('a template with an error', () => {
  it('fails the synthesis when validated, and again with the same report when remembered', () => {
    const outdir = newOutdir();
    const reports: unknown[] = [];
    const runs: unknown[] = [];
    // One call site for both runs: the report quotes where the failing construct was made.
    for (let i = 0; i < 2; i++) {
      expect(() => synth(cached, outdir, 'soon')).toThrow(/VisibilityTimeout: 'soon' is not of type 'integer'/);
      runs.push(cached.lastRun);
      reports.push(cfnReport(outdir));
    }
    expect(runs).toEqual([{ remembered: 0, validated: 1 }, { remembered: 1, validated: 0 }]);
    expect(JSON.stringify(reports[0])).toContain("'soon' is not of type 'integer'");
    expect(reports[1]).toEqual(reports[0]);
  });
});

describe('a valid template', () => {
  it('is validated once, then remembered, including when only a date-time moved', () => {
    const outdir = newOutdir();
    synth(cached, outdir, 30);
    expect(cached.lastRun).toEqual({ remembered: 0, validated: 1 });
    expect(fs.existsSync(path.join(outdir, VALIDATION_CACHE_FILE))).toBe(true);
    synth(cached, outdir, 30, '2026-11-27T09:15:00Z');
    expect(cached.lastRun).toEqual({ remembered: 1, validated: 0 });
  });

  it('is remembered without touching the engine: neither a validation nor its version, which loads its WebAssembly', () => {
    const outdir = newOutdir();
    synth(cached, outdir, 30);
    const engineVersion = jest.spyOn(CloudFormationValidatePlugin.prototype, 'version', 'get');
    const validations = jest.mocked(CloudFormationValidatePlugin.prototype.validate).mock.calls.length;
    try {
      synth(cached, outdir, 30);
      expect(cached.lastRun).toEqual({ remembered: 1, validated: 0 });
      expect(engineVersion).not.toHaveBeenCalled();
      expect(jest.mocked(CloudFormationValidatePlugin.prototype.validate).mock.calls.length).toBe(validations);
    } finally {
      engineVersion.mockRestore();
    }
  });

  it('keys and reports results by the version the engine itself gives', () => {
    expect(cached.version).toBe(VALIDATION_ENGINE_VERSION);
    expect(VALIDATION_ENGINE_VERSION).toBe(sharedEngine.version);
    expect(VALIDATION_ENGINE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is validated again when it changes, and a change that breaks it fails', () => {
    const outdir = newOutdir();
    synth(cached, outdir, 30);
    synth(cached, outdir, 60);
    expect(cached.lastRun).toEqual({ remembered: 0, validated: 1 });
    expect(() => synth(cached, outdir, 'soon')).toThrow(/VisibilityTimeout: 'soon' is not of type 'integer'/);
    expect(cached.lastRun).toEqual({ remembered: 0, validated: 1 });
  });

  it('is validated again when the cache file is unreadable', () => {
    const outdir = newOutdir();
    synth(cached, outdir, 30);
    fs.writeFileSync(path.join(outdir, VALIDATION_CACHE_FILE), '{ not json');
    synth(cached, outdir, 30);
    expect(cached.lastRun).toEqual({ remembered: 0, validated: 1 });
  });
});

describe('without the cache (npm run validate, CDK_VALIDATION_CACHE=off)', () => {
  it('validates every time and writes no cache', () => {
    const fresh = new CachedCloudFormationValidatePlugin({ cache: false });
    const outdir = newOutdir();
    synth(fresh, outdir, 30);
    synth(fresh, outdir, 30);
    expect(fresh.lastRun).toEqual({ remembered: 0, validated: 1 });
    expect(fs.existsSync(path.join(outdir, VALIDATION_CACHE_FILE))).toBe(false);
    expect(() => synth(fresh, outdir, 'soon')).toThrow(/VisibilityTimeout: 'soon' is not of type 'integer'/);
  });

  it('is what CDK_VALIDATION_CACHE=off selects', () => {
    const saved = process.env.CDK_VALIDATION_CACHE;
    process.env.CDK_VALIDATION_CACHE = 'off';
    try {
      const plugin = new CachedCloudFormationValidatePlugin();
      const outdir = newOutdir();
      synth(plugin, outdir, 30);
      expect(fs.existsSync(path.join(outdir, VALIDATION_CACHE_FILE))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CDK_VALIDATION_CACHE;
      else process.env.CDK_VALIDATION_CACHE = saved;
    }
  });
});
