import type { LabMeta } from '../../lab-module';

export const meta = {
  id: 'LabEc2Apache',
  title: 'Apache installed by EC2 user data',
  notesSections: ['Launching an Apache Server', 'EC2 User Data'],
  summary: 'the page "Hello World from <host name>" on the instance',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'instance.running', title: 'instance <instance id> running' },
    { id: 'instance.cpu-credits', title: 'CPU credits <creditMode>' },
    { id: 'apache.page', title: 'GET <Url> returns 200 "Hello World from <host name>"' },
  ],
} as const satisfies LabMeta;
