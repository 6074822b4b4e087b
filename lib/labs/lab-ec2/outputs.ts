import { ACCESS_OUTPUTS } from '../../constructs/lab-access-outputs';

/** The ids of LabEc2's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  instanceId: 'InstanceId',
  publicIp: 'PublicIp',
  publicDnsName: 'PublicDnsName',
  privateIp: 'PrivateIp',
  ...ACCESS_OUTPUTS,
} as const;
