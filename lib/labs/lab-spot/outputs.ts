import { ACCESS_OUTPUTS } from '../../constructs/lab-access-outputs';

/** The ids of LabSpot's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  instanceId: 'InstanceId',
  launchTemplateId: 'LaunchTemplateId',
  spotPriceCommand: 'SpotPriceCommand',
  interruptionNoticeCommand: 'InterruptionNoticeCommand',
  ...ACCESS_OUTPUTS,
} as const;
