/**
 * The catalogue (lib/catalogue.ts) and what every lab module promises:
 * - importing it loads no CDK code, so `check` and `leftovers` start fast;
 * - each lab's stack writes exactly the outputs its outputs.ts declares, with every
 *   setting that adds or removes one (the check reads them by those ids);
 * - the metadata is consistent.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { LAB_IDS, LAB_MODULES, LABS } from '../lib/catalogue';
import { AUTO_DESTROY_OUTPUT_IDS, labOutputIds } from '../lib/lab-module';
import { readSettings } from '../lib/settings';
import { buildLabApp, CDK_JSON_CONTEXT } from './helpers/lab-app';

const ROOT = path.join(__dirname, '..');

/** A fresh process that imports the catalogue, started now: it runs while this file builds its apps. */
const importedAlone = new Promise<{ stdout: string; stderr: string }>((resolve) => {
  const script = [
    "const { LAB_IDS, LABS } = require('./lib/catalogue');",
    'const loaded = Object.keys(require.cache);',
    'console.log(JSON.stringify({ ids: LAB_IDS, summary: LABS.LabEc2.meta.summary, loaded }));',
  ].join('\n');
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.on('close', () => resolve({ stdout, stderr }));
});

afterAll(() => importedAlone);

describe('importing the catalogue', () => {
  it('loads neither aws-cdk-lib nor cdk-nag, and no stack code (what check and leftovers need)', async () => {
    const child = await importedAlone;
    expect(child.stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/, '')).toBe('');
    const { ids, summary, loaded } = JSON.parse(child.stdout) as { ids: string[]; summary: string; loaded: string[] };
    expect(ids).toEqual([...LAB_IDS]);
    expect(summary).toBe(LABS.LabEc2.meta.summary);
    const heavy = loaded.filter((file) => /node_modules[\\/](aws-cdk-lib|cdk-nag)[\\/]/.test(file) || /lib[\\/]labs[\\/][^\\/]+[\\/](stack|check)\.ts$/.test(file));
    expect(heavy).toEqual([]);
    // The guard itself: the modules above are the ones a stack does load.
    expect(loaded.some((file) => file.endsWith(path.join('lib', 'catalogue.ts')))).toBe(true);
  });
});

describe('the catalogue', () => {
  it.each(Object.entries(LABS))('%s is filed under its stack id', (key, lab) => {
    expect(lab.meta.id).toBe(key);
  });

  it.each(LAB_MODULES.map((lab) => [lab.meta.id, lab] as const))('%s deletes itself by default exactly when it bills by the hour', (_id, lab) => {
    expect(lab.meta.autoDestroyByDefault).toBe(lab.meta.billsByTheHour);
  });

  it('knows which labs bill by the hour', () => {
    expect(LAB_MODULES.filter((lab) => !lab.meta.billsByTheHour).map((lab) => lab.meta.id)).toEqual(['LabBudget', 'LabIam']);
  });

  it.each(LAB_MODULES.map((lab) => [lab.meta.id, lab] as const))('%s declares each check id once', (_id, lab) => {
    const ids = lab.meta.checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
  });
});

/** Settings that change which outputs a stack writes, one at a time and all together. */
const VARIANTS: Record<string, Record<string, string>> = {
  'cdk.json defaults': {},
  sshCidr: { sshCidr: '203.0.113.10/32' },
  accountAlias: { accountAlias: 'my-dva-lab-2026' },
  budgetEmail: { budgetEmail: 'you@example.com' },
  'every option': { sshCidr: '203.0.113.10/32', accountAlias: 'my-dva-lab-2026', budgetEmail: 'you@example.com', requireMfa: 'true' },
  // Auto-destroy's outputs come and go with the ttl, for every lab at once.
  'ttl=off': { ttl: 'off' },
  'ttl=2h': { ttl: '2h' },
};

describe.each(Object.entries(VARIANTS))('with %s, each stack writes exactly the outputs its lab declares', (_name, context) => {
  const settings = readSettings((key) => ({ ...CDK_JSON_CONTEXT, ...context })[key]);
  // One app per variant, built when its tests run and let go after (seven whole apps at once cost memory and GC).
  let app: ReturnType<typeof buildLabApp> | undefined;
  beforeAll(() => {
    app = buildLabApp({ context });
  });
  afterAll(() => {
    app = undefined;
  });

  it.each([...LAB_IDS])('%s', (id) => {
    const written = Object.keys(Template.fromStack(app!.stacks[id]).toJSON().Outputs ?? {}).sort();
    expect(written).toEqual([...labOutputIds(LABS[id], settings)].sort());
  });
});

describe('the auto-destroy outputs, added in one place from the lab\'s default and the ttl setting', () => {
  const settingsWith = (context: Record<string, string>) => readSettings((key) => ({ ...CDK_JSON_CONTEXT, ...context })[key]);
  const withOutputs = (context: Record<string, string>) =>
    LAB_IDS.filter((id) => AUTO_DESTROY_OUTPUT_IDS.every((o) => labOutputIds(LABS[id], settingsWith(context)).includes(o)));

  it('are declared by the labs that bill by the hour, by default', () => {
    expect(withOutputs({})).toEqual(LAB_IDS.filter((id) => LABS[id].meta.autoDestroyByDefault));
    expect(withOutputs({})).toEqual(['LabEc2', 'LabElasticIp', 'LabEc2Apache', 'LabAlb', 'LabNlb', 'LabAlbRouting', 'LabAmi', 'LabSpot', 'LabBurstable']);
  });

  it('are declared by no lab with -c ttl=off, and by every lab with a ttl', () => {
    expect(withOutputs({ ttl: 'off' })).toEqual([]);
    expect(withOutputs({ ttl: '2h' })).toEqual([...LAB_IDS]);
  });

  it('are never declared by a lab module itself', () => {
    for (const lab of LAB_MODULES) for (const o of AUTO_DESTROY_OUTPUT_IDS) expect(lab.outputIds(settingsWith({ ttl: '2h' }))).not.toContain(o);
  });
});
