import type { LabMeta } from '../../lab-module';
import { OUTPUTS } from './outputs';

/** App 1 and app 2: web server n alone serves /app<n>/ (and is alone in app n's target group). */
export const APP_NUMBERS = [1, 2] as const;
/** The notes' name of the load balancer's security group. */
export const ALB_SECURITY_GROUP_NAME = 'web-ap-load-balancer-routing';
/** The app's name, its page's folder and its path rule: `app1`. */
export const appName = (n: number) => `app${n}`;
/** The host name that routes to app `n` (a header the check sends: no DNS record needed). */
export const appHost = (n: number) => `app${n}.example.com`;
/** Listener rule priorities: paths first, then host names, then the sticky group of both servers. */
export const RULE_PRIORITY = {
  path: (n: number) => 10 * n,
  host: (n: number) => 20 + 10 * n,
  web: 50,
} as const;
/** The paths the rule of priority 50 sends to both web servers (the sticky target group). */
export const WEB_PATHS = ['/', '/echo'] as const;
/** What the load balancer itself answers when no rule matches (the listener's default action). */
export const FIXED_RESPONSE = {
  status: 404,
  contentType: 'text/plain',
  body: 'No rule matched: the load balancer answered this itself (LabAlbRouting default action)',
} as const;
/** The load balancer's stickiness cookie (lb_cookie stickiness). */
export const STICKY_COOKIE = 'AWSALB';
/** How long the cookie keeps a client on one web server. */
export const STICKINESS_MINUTES = 10;

export const meta = {
  id: 'LabAlbRouting',
  title: 'Application Load Balancer routing by path and host name, with stickiness and a fixed response',
  notesSections: ['Application Load Balancer (v2)', 'Load Balancers Hands On'],
  summary: 'path and host rules reach their app, the fixed 404, sticky cookie vs spread, X-Forwarded-For, optional failover',
  billsByTheHour: true,
  autoDestroyByDefault: true,
  checks: [
    { id: 'routing.active', title: 'load balancer active' },
    { id: 'routing.targets', title: 'every target healthy' },
    { id: 'routing.instance-sg', title: "web servers admit port 80 only from the load balancer's group" },
    ...APP_NUMBERS.map((n) => ({ id: `routing.path.${n}`, title: `GET <${OUTPUTS.url}>/${appName(n)}/ always reaches ${appName(n)}` })),
    ...APP_NUMBERS.map((n) => ({ id: `routing.host.${n}`, title: `GET <${OUTPUTS.url}>/ with Host: ${appHost(n)} always reaches ${appName(n)}'s web server` })),
    { id: 'routing.default', title: `a path no rule matches gets the load balancer's own ${FIXED_RESPONSE.status}` },
    { id: 'routing.spread', title: `without a cookie, GET <${OUTPUTS.url}>/ reaches both web servers` },
    { id: 'routing.sticky', title: `with the ${STICKY_COOKIE} cookie, GET <${OUTPUTS.url}>/ always reaches the same web server` },
    { id: 'routing.forwarded', title: 'the web server gets your IP in X-Forwarded-For (and -Proto, -Port)' },
    { id: 'routing.failover', title: `with web server 1 stopped, GET <${OUTPUTS.url}>/ still answers` },
  ],
} as const satisfies LabMeta;
