import type { LabMeta } from '../../lab-module';
import { OUTPUTS } from './outputs';

/** How many web servers sit behind the load balancer, one per Availability Zone. */
export const WEB_SERVER_COUNT = 2;
/** The notes' name of the load balancer's security group. */
export const ALB_SECURITY_GROUP_NAME = 'web-ap-load-balancer-first';

/** Web server 1, 2, …: the numbers in their construct and output ids. */
export const WEB_SERVER_NUMBERS = Array.from({ length: WEB_SERVER_COUNT }, (_, i) => i + 1);

export const meta = {
  id: 'LabAlb',
  title: 'Application Load Balancer in front of two web servers',
  notesSections: ['Load Balancers Hands On'],
  summary: 'healthy targets, page through the ALB from both servers, servers closed to direct HTTP',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'alb.active', title: 'load balancer active' },
    { id: 'alb.targets', title: 'every target healthy' },
    { id: 'alb.instance-sg', title: "web servers admit port 80 only from the load balancer's group" },
    { id: 'alb.cpu-credits', title: 'CPU credits <creditMode>' },
    { id: 'alb.page', title: 'GET <Url> returns the page' },
    { id: 'alb.both', title: 'repeated GETs reach both web servers (two host names)' },
    ...WEB_SERVER_NUMBERS.map((n) => ({
      id: `alb.direct.${n}`,
      title: `direct HTTP to <${OUTPUTS.webServerPublicIp(n)}>:<port 80> does not connect`,
    })),
  ],
} as const satisfies LabMeta;
