/**
 * addLabs(): which labs get an auto-destroy schedule, from what clock, and the shared network.
 * The schedule itself is pinned in test/constructs/auto-destroy.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LABS, type LabId } from '../lib/catalogue';
import { buildLabApp, TEST_NOW } from './helpers/lab-app';

const SCHEDULE = 'AWS::Scheduler::Schedule';

type Schedule = { Properties: { ScheduleExpression: string } };
const schedulesOf = (stack: Stack) => Object.values(Template.fromStack(stack).findResources(SCHEDULE)) as Schedule[];

/** The whole app with cdk.json's settings, built once for this file (as `npx cdk synth` builds it). */
let defaultApp: ReturnType<typeof buildLabApp> | undefined;

/** The lab's schedules: from the whole app with cdk.json's settings, or from the lab alone with other settings. */
function schedules(lab: LabId, context?: Record<string, unknown>) {
  if (context) return schedulesOf(buildLabApp({ only: [lab], context }).stacks[lab]);
  defaultApp ??= buildLabApp();
  return schedulesOf(defaultApp.stacks[lab]);
}

describe('auto-destroy, as addLabs wires it', () => {
  it('gives every lab that bills by the hour a schedule 4 h after the app clock, and no other lab one', () => {
    for (const lab of Object.keys(LABS) as LabId[]) {
      const found = schedules(lab);
      if (LABS[lab].meta.autoDestroyByDefault) {
        expect({ lab, expressions: found.map((s) => s.Properties.ScheduleExpression) }).toEqual({
          lab,
          expressions: ['at(2026-11-26T16:00:00)'],
        });
      } else {
        expect({ lab, count: found.length }).toEqual({ lab, count: 0 });
      }
    }
    expect(TEST_NOW.toISOString()).toBe('2026-11-26T12:00:00.000Z');
  });

  it('bills-by-the-hour and auto-destroy defaults agree: only LabIam and LabBudget keep forever', () => {
    const keptForever = Object.values(LABS).filter((lab) => !lab.meta.autoDestroyByDefault).map((lab) => lab.meta.id);
    expect(keptForever.sort()).toEqual(['LabBudget', 'LabIam']);
    for (const lab of Object.values(LABS)) expect(lab.meta.autoDestroyByDefault).toBe(lab.meta.billsByTheHour);
  });

  it('follows -c ttl: another duration moves the deadline, off removes the schedule', () => {
    expect(schedules('LabAlb', { ttl: '90m' }).map((s) => s.Properties.ScheduleExpression)).toEqual(['at(2026-11-26T13:30:00)']);
    expect(schedules('LabAlb', { ttl: 'off' })).toEqual([]);
  });

  it('lets a learner give LabIam a ttl on purpose, never by default', () => {
    expect(schedules('LabIam')).toEqual([]);
    expect(schedules('LabIam', { ttl: '2h' }).map((s) => s.Properties.ScheduleExpression)).toEqual(['at(2026-11-26T14:00:00)']);
  });
});

describe('the shared network, as addLabs wires it', () => {
  it('is built once, and only when an EC2 lab asks for it', () => {
    expect(buildLabApp({ only: ['LabIam', 'LabBudget'] }).network).toBeUndefined();
    const { app, network } = buildLabApp({ only: ['LabEc2', 'LabAlb'] });
    expect(network?.stackName).toBe('LabNetwork');
    expect(app.node.children.filter((c) => c.node.id === 'LabNetwork')).toHaveLength(1);
  });
});

const ROOT = path.join(__dirname, '..');

/** What a kit file imports when it loads: `import`/`export ... from` and bare `import '...'`; `import type` loads nothing. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gm), ...source.matchAll(/^import\s+'([^']+)'/gm)];
  return specifiers.map((match) => match[1]);
}

/** The kit's files these load, directly or through others, and the packages they import. */
function loadedBy(roots: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    if (!file.endsWith('.ts')) return;
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const base = path.resolve(path.dirname(file), specifier);
      const found = [base, `${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
      if (!found) throw new Error(`${path.relative(ROOT, file)} imports ${specifier}, which is not a file`);
      visit(found);
    }
  };
  roots.forEach(visit);
  return { files, packages };
}

describe('what synthesizing loads', () => {
  // Read from the sources: a fresh process that builds every lab would show it too, for seconds of CPU.
  // The roots: the app, and each lab's stack, which its lab module requires only when the app builds it.
  const labsDir = path.join(ROOT, 'lib', 'labs');
  const stacks = fs
    .readdirSync(labsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((lab) => path.join(labsDir, lab.name, 'stack.ts'));
  const { files, packages } = loadedBy([path.join(ROOT, 'bin', 'app.ts'), ...stacks]);

  it('is no AWS SDK: stacks share names with the Lambda handlers through modules that import nothing (deploy and synth stay fast)', () => {
    expect([...packages].filter((pkg) => /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg))).toEqual([]);
  });

  it('is read from every lab, handler names included (the guard above sees what it should)', () => {
    expect(stacks.length).toBe(Object.keys(LABS).length);
    expect(files).toContain(path.join(ROOT, 'lib', 'handlers', 'ami-from-instance-names.ts'));
    expect(files).toContain(path.join(ROOT, 'lib', 'handlers', 'account-setting-names.ts'));
    expect(packages).toContain('aws-cdk-lib');
  });
});
