import { ACCESS_OUTPUTS } from '../../constructs/lab-access-outputs';

/** The ids of LabEc2Apache's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  url: 'Url',
  instanceId: 'InstanceId',
  publicIp: 'PublicIp',
  ...ACCESS_OUTPUTS,
} as const;
