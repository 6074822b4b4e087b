import type { LabMeta } from '../../lab-module';

export const meta = {
  id: 'LabAmi',
  title: 'A custom AMI made from an Apache instance, and an instance launched from it',
  notesSections: ['What is an AMI?', 'Why would you use a custom AMI?'],
  summary: 'your own AMI, an instance that serves the page from it without installing anything, and the AMI in one region only',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'ami.owned', title: 'AMI <image id> is yours and available' },
    { id: 'instance.running', title: 'instance <instance id> running' },
    { id: 'ami.launched', title: 'instance <instance id> runs AMI <image id>' },
    { id: 'ami.page', title: 'GET <Url> returns 200 "Hello World from <host name>" with no installation at boot' },
    { id: 'ami.region', title: 'AMI <image id> not found in <another region> (an AMI belongs to one region)' },
  ],
} as const satisfies LabMeta;
