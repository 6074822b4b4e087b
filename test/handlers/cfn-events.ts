/** CloudFormation custom-resource events as the service sends them (property values as strings). */
import type { CustomResourceEvent } from '../../lib/handlers/cfn-response';

/** Which stack and resource an event is for: two regions means two stack ARNs. */
export interface EventSource {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default 'LabIam' */
  readonly stackName?: string;
  /** @default 'Resource' */
  readonly logicalId?: string;
  /** @default a placeholder URL that no test reaches */
  readonly responseUrl?: string;
}

let requests = 0;

function base(source: EventSource) {
  const region = source.region ?? 'us-east-1';
  const stackName = source.stackName ?? 'LabIam';
  return {
    ResponseURL: source.responseUrl ?? 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/presigned',
    StackId: `arn:aws:cloudformation:${region}:123456789012:stack/${stackName}/0000000${region.length}-0000-0000-0000-000000000000`,
    RequestId: `request-${++requests}`,
    LogicalResourceId: source.logicalId ?? 'Resource',
  };
}

/** CloudFormation turns every property value into a string before it reaches the handler. */
export function asCfnProperties(props: object): Record<string, string> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)]));
}

export function createEvent(resourceType: string, props: object, source: EventSource = {}): CustomResourceEvent {
  return { ...base(source), RequestType: 'Create', ResourceType: resourceType, ResourceProperties: asCfnProperties(props) };
}

export function updateEvent(
  resourceType: string,
  physicalId: string,
  props: object,
  oldProps: object,
  source: EventSource = {},
): CustomResourceEvent {
  return {
    ...base(source),
    RequestType: 'Update',
    ResourceType: resourceType,
    PhysicalResourceId: physicalId,
    ResourceProperties: asCfnProperties(props),
    OldResourceProperties: asCfnProperties(oldProps),
  };
}

export function deleteEvent(resourceType: string, physicalId: string, props: object, source: EventSource = {}): CustomResourceEvent {
  return {
    ...base(source),
    RequestType: 'Delete',
    ResourceType: resourceType,
    PhysicalResourceId: physicalId,
    ResourceProperties: asCfnProperties(props),
  };
}

/** A Lambda context with this much time left. */
export function lambdaContext(remainingMs: number) {
  const end = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => end - Date.now() };
}
