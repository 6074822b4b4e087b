/** CloudFormation custom-resource events as the service sends them (property values as strings). */
import type { CustomResourceEvent } from '../../lib/handlers/cfn-response';

const BASE = {
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/presigned',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/LabIam/00000000-0000-0000-0000-000000000000',
  RequestId: 'request-1',
  LogicalResourceId: 'Resource',
};

/** CloudFormation turns every property value into a string before it reaches the handler. */
export function asCfnProperties(props: object): Record<string, string> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)]));
}

export function createEvent(resourceType: string, props: object): CustomResourceEvent {
  return { ...BASE, RequestType: 'Create', ResourceType: resourceType, ResourceProperties: asCfnProperties(props) };
}

export function updateEvent(
  resourceType: string,
  physicalId: string,
  props: object,
  oldProps: object,
): CustomResourceEvent {
  return {
    ...BASE,
    RequestType: 'Update',
    ResourceType: resourceType,
    PhysicalResourceId: physicalId,
    ResourceProperties: asCfnProperties(props),
    OldResourceProperties: asCfnProperties(oldProps),
  };
}

export function deleteEvent(resourceType: string, physicalId: string, props: object): CustomResourceEvent {
  return { ...BASE, RequestType: 'Delete', ResourceType: resourceType, PhysicalResourceId: physicalId, ResourceProperties: asCfnProperties(props) };
}
