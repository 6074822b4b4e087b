import type { LabMeta } from '../../lab-module';
import { OUTPUTS } from './outputs';

/** Availability Zones 1, 2: one Elastic IP, one public subnet and one web server in each. */
export const ZONE_NUMBERS = [1, 2] as const;
/** The load balancer's security group, named as the console would let a learner name it. */
export const NLB_SECURITY_GROUP_NAME = 'network-load-balancer-first';
/** The page that shows what the web server saw of the request (userdata/apache-echo.sh). */
export const ECHO_PATH = '/echo';

export const meta = {
  id: 'LabNlb',
  title: 'Network Load Balancer with one static IP per AZ in front of two web servers',
  notesSections: ['Network Load Balancer (v2)', 'Load Balancers Hands On'],
  summary: 'NLB active on its Elastic IPs, healthy targets, page through the DNS name and each static IP, your own IP seen by the server',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'nlb.active', title: 'network load balancer active' },
    { id: 'nlb.static-ips', title: "its addresses are the stack's Elastic IPs, one per Availability Zone" },
    { id: 'nlb.targets', title: 'every target healthy' },
    { id: 'nlb.instance-sg', title: "web servers admit port 80 only from the load balancer's group" },
    { id: 'nlb.page', title: `GET <${OUTPUTS.url}> returns the page` },
    ...ZONE_NUMBERS.map((n) => ({ id: `nlb.static.${n}`, title: `GET http://<${OUTPUTS.staticIp(n)}>/ returns the page` })),
    { id: 'nlb.client-ip', title: "the web server saw your own IP address, not the load balancer's" },
  ],
} as const satisfies LabMeta;
