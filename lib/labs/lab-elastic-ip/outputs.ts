import { ACCESS_OUTPUTS } from '../../constructs/lab-access-outputs';

/** The ids of LabElasticIp's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  elasticIpAddress: 'ElasticIpAddress',
  elasticIpAllocationId: 'ElasticIpAllocationId',
  instanceId: 'InstanceId',
  ...ACCESS_OUTPUTS,
} as const;
