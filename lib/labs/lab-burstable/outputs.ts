import { ACCESS_OUTPUTS } from '../../constructs/lab-access-outputs';

/** The ids of LabBurstable's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  instanceId: 'InstanceId',
  creditMode: 'CreditMode',
  baseline: 'Baseline',
  startBurnCommand: 'StartBurnCommand',
  stopBurnCommand: 'StopBurnCommand',
  ...ACCESS_OUTPUTS,
} as const;
