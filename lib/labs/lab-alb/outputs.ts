import { accessOutputIds } from '../../constructs/lab-access-outputs';

/** The ids of LabAlb's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  url: 'Url',
  /** The public IP of web server `n` (1, 2, …), which must not answer HTTP. */
  webServerPublicIp: (n: number) => `WebServer${n}PublicIp`,
  /** The prefix of web server `n`'s access outputs (`WebServer1SshCommand`). */
  webServerPrefix: (n: number) => `WebServer${n}`,
} as const;

/** The outputs the stack writes for these web servers (their numbers: 1, 2, …). */
export function outputIds(webServerNumbers: readonly number[]): string[] {
  return [
    OUTPUTS.url,
    ...webServerNumbers.flatMap((n) => [OUTPUTS.webServerPublicIp(n), ...accessOutputIds(OUTPUTS.webServerPrefix(n))]),
  ];
}
