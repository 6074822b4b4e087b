import type { LabMeta } from '../../lab-module';
import { PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from '../../tags';

export const meta = {
  id: 'LabElasticIp',
  title: 'an instance with an Elastic IP',
  notesSections: ['Private vs Public IP', 'Elastic IPs'],
  summary: 'Elastic IP on the instance; idle Elastic IPs and what they cost',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'instance.running', title: 'instance <instance id> running' },
    { id: 'instance.cpu-credits', title: 'CPU credits <creditMode>' },
    { id: 'eip.associated', title: 'Elastic IP <address> associated with <instance id>' },
    { id: 'eip.public-ip', title: "Elastic IP is the instance's public IP" },
    { id: 'eip.idle', title: `no unassociated Elastic IP tagged ${PROJECT_TAG_KEY}=${PROJECT_TAG_VALUE}` },
  ],
} as const satisfies LabMeta;
