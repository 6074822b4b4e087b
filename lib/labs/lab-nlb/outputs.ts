import { accessOutputIds } from '../../constructs/lab-access-outputs';

/** The ids of LabNlb's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  /** The load balancer's DNS name: the address to use. */
  dnsName: 'DnsName',
  /** `http://<DnsName>`. */
  url: 'Url',
  /** The Elastic IP of the load balancer in Availability Zone `n` (1, 2): its static address there. */
  staticIp: (n: number) => `StaticIp${n}`,
  /** The prefix of web server `n`'s access outputs (`WebServer1SshCommand`). */
  webServerPrefix: (n: number) => `WebServer${n}`,
} as const;

/** The outputs the stack writes for these Availability Zones / web servers (1, 2, …). */
export function outputIds(numbers: readonly number[]): string[] {
  return [
    OUTPUTS.dnsName,
    OUTPUTS.url,
    ...numbers.map((n) => OUTPUTS.staticIp(n)),
    ...numbers.flatMap((n) => accessOutputIds(OUTPUTS.webServerPrefix(n))),
  ];
}
