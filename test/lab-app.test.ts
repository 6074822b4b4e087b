/**
 * addLabs(): which labs get an auto-destroy schedule, from what clock, and the shared network.
 * The schedule itself is pinned in test/constructs/auto-destroy.test.ts.
 */
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
