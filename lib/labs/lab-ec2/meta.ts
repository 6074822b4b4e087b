import type { LabMeta } from '../../lab-module';

/** The notes' security group for the first instance: the stack creates it, the check looks for it. */
export const SECURITY_GROUP_NAME = 'ec2a-security-group';

/** Ports the notes' rule table opens to the whole internet. */
export const OPEN_TO_WORLD = [
  { port: 80, label: 'HTTP (80)', description: 'Test http page' },
  { port: 4567, label: 'custom TCP (4567, "My App")', description: 'My App' },
] as const;

/** sg.ssh with an SSH rule: it must admit only the learner's network. */
export const SSH_LIMITED_TITLE = 'SSH (22) only from your network, never the world';
/** sg.ssh without any SSH rule (no sshCidr): closed to everyone, a different result. */
export const SSH_CLOSED_TITLE = 'SSH (22) closed: no SSH rule at all';

export const meta = {
  id: 'LabEc2',
  title: 'first EC2 instance, security group and SSH',
  notesSections: ['What is EC2?', 'Security Groups'],
  summary: 'first instance: running, AMI and type, IMDSv2, encryption, key pair, rule table',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'instance.running', title: 'instance <instance id> running' },
    { id: 'instance.type', title: 'instance type <instanceType>' },
    { id: 'instance.ami', title: 'AMI as deployed (Amazon Linux 2023 from SSM)' },
    { id: 'instance.cpu-credits', title: 'CPU credits <creditMode>' },
    { id: 'instance.imdsv2', title: 'IMDSv2 required' },
    { id: 'instance.volume', title: 'root volume encrypted' },
    { id: 'instance.keypair', title: 'key pair, private key in SSM' },
    { id: 'sg.attached', title: `security group ${SECURITY_GROUP_NAME} attached` },
    ...OPEN_TO_WORLD.map(({ port, label }) => ({ id: `sg.port${port}`, title: `${label} open to 0.0.0.0/0` })),
    // Deployed with -c sshCidr; without it the line reads SSH_CLOSED_TITLE.
    { id: 'sg.ssh', title: SSH_LIMITED_TITLE },
    { id: 'instance.addresses', title: 'public and private IP' },
  ],
} as const satisfies LabMeta;
