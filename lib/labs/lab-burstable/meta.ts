import type { LabMeta } from '../../lab-module';

/** The instance's `Name` tag, as the EC2 console shows it. */
export const INSTANCE_NAME = 'BurstableInstance';

/** The systemd unit that userdata/cpu-burn.sh installs: it keeps every vCPU busy, then stops. */
export const BURN_UNIT = 'cpu-burn';

/** How long the unit burns once started, in minutes (userdata/cpu-burn.sh's default). */
export const BURN_MINUTES = 20;

/** How far back the check reads the instance's CloudWatch metrics, in hours. */
export const METRICS_HOURS = 3;

export const meta = {
  id: 'LabBurstable',
  title: 'a burstable (T) instance, its CPU credits and unlimited mode',
  notesSections: ['Burstable Instances (T2)', 'T2 Unlimited'],
  summary: 'CPU credits: the credit mode as set, the balance, CPU against the baseline, surplus credits and their cost',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'instance.running', title: 'instance <instance id> running' },
    { id: 'credits.mode', title: 'CPU credits <creditMode>, as deployed' },
    { id: 'credits.balance', title: `CPUCreditBalance over the last ${METRICS_HOURS} hours` },
    { id: 'cpu.baseline', title: 'CPUUtilization against the baseline (<baseline>% for <instance type>)' },
    { id: 'credits.surplus', title: 'surplus credits (unlimited mode) and what they cost' },
  ],
} as const satisfies LabMeta;
