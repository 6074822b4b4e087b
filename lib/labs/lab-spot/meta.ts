import type { LabMeta } from '../../lab-module';

/** The instance's `Name` tag, as the EC2 console shows it. */
export const INSTANCE_NAME = 'SpotInstance';

export const meta = {
  id: 'LabSpot',
  title: 'the first instance again, bought on the spot market',
  notesSections: ['EC2 Instance Launch Types', 'Spot Instances'],
  summary: 'a spot instance: lifecycle spot, the current spot price against on-demand',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'instance.running', title: 'instance <instance id> running' },
    { id: 'spot.lifecycle', title: 'bought on the spot market (InstanceLifecycle spot)' },
    { id: 'spot.price', title: 'spot price of <instance type> in <availability zone> against on-demand' },
  ],
} as const satisfies LabMeta;
