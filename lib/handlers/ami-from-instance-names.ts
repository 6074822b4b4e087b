/**
 * Names shared by Custom::AmiFromInstance's handler and its construct (LabAmi), with no
 * import, so that synthesizing does not load the AWS SDK (as account-setting-names.ts).
 */

export const AMI_RESOURCE_TYPE = 'Custom::AmiFromInstance';
/** Tag on the image and its snapshots naming the CloudFormation request that made them. */
export const REQUEST_TAG_KEY = 'aws-dva-labs:request';
