import { accessOutputIds } from '../../constructs/lab-access-outputs';

/** The ids of LabAlbRouting's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  /** `http://<the load balancer's DNS name>`. */
  url: 'Url',
  /** Web server `n`'s instance id (the failover check stops and starts web server 1). */
  webServerInstanceId: (n: number) => `WebServer${n}InstanceId`,
  /** The prefix of web server `n`'s access outputs (`WebServer1SshCommand`). */
  webServerPrefix: (n: number) => `WebServer${n}`,
} as const;

/** The outputs the stack writes for these web servers (1, 2, …). */
export function outputIds(webServerNumbers: readonly number[]): string[] {
  return [
    OUTPUTS.url,
    ...webServerNumbers.flatMap((n) => [OUTPUTS.webServerInstanceId(n), ...accessOutputIds(OUTPUTS.webServerPrefix(n))]),
  ];
}
