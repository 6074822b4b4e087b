/**
 * The small part of the CloudFormation custom-resource protocol the account handlers
 * need, without the Provider framework (which would add a second Lambda per resource):
 * CloudFormation invokes the function with an event and waits until a JSON answer is
 * PUT to the event's pre-signed ResponseURL.
 *
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */

/** What CloudFormation sends to a Lambda-backed custom resource. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** Pre-signed S3 URL for the answer. A credential in all but name: never logged. */
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  /** Absent on Create; on Update and Delete, what the last answer said. */
  readonly PhysicalResourceId?: string;
  /** CloudFormation passes every property value as a string. */
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
}

/** What a handler's logic decides; it throws an Error (message = reason) to fail. */
export interface CustomResourceResult {
  /** Returning a different id on Update makes CloudFormation delete the old one afterwards. */
  readonly physicalResourceId: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** The answer's JSON body. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho: false;
  readonly Data: Readonly<Record<string, string>>;
}

/** Builds the answer for a success or for a failure (error message as the reason). */
export function buildResponse(
  event: CustomResourceEvent,
  outcome: { result: CustomResourceResult } | { error: unknown; physicalResourceId: string },
): CustomResourceResponse {
  const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, NoEcho: false as const };
  if ('result' in outcome) {
    return {
      ...base,
      Status: 'SUCCESS',
      Reason: 'OK',
      PhysicalResourceId: outcome.result.physicalResourceId,
      Data: outcome.result.data ?? {},
    };
  }
  const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  return {
    ...base,
    Status: 'FAILED',
    // CloudFormation shows the reason in the stack events; the whole answer must stay under 4 KB.
    Reason: message.slice(0, 2000),
    PhysicalResourceId: outcome.physicalResourceId,
    Data: {},
  };
}

/** PUTs the answer to the pre-signed URL, as cfn-response does (empty content type). */
export async function sendResponse(responseUrl: string, response: CustomResourceResponse): Promise<void> {
  const body = JSON.stringify(response);
  const res = await fetch(responseUrl, {
    method: 'PUT',
    body,
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
  });
  if (!res.ok) throw new Error(`CloudFormation did not accept the response: HTTP ${res.status}`);
}

/**
 * Turns the logic of a custom resource into a Lambda handler that always answers
 * CloudFormation, even when the logic throws (otherwise the stack waits an hour).
 *
 * @param onEvent the resource's logic
 * @param failedPhysicalId the id to report when the logic fails. On a failed Create it
 *   must be an id whose Delete does nothing: CloudFormation sends a Delete for it
 *   while rolling back.
 */
export function lambdaHandler(
  onEvent: (event: CustomResourceEvent) => Promise<CustomResourceResult>,
  failedPhysicalId: (event: CustomResourceEvent) => string,
): (event: CustomResourceEvent) => Promise<void> {
  return async (event) => {
    const where = `${event.RequestType} ${event.ResourceType} ${event.LogicalResourceId}`;
    console.log(`${where}: physical id ${event.PhysicalResourceId ?? '(new)'}`);
    let response: CustomResourceResponse;
    try {
      const result = await onEvent(event);
      console.log(`${where}: SUCCESS, physical id ${result.physicalResourceId}`);
      response = buildResponse(event, { result });
    } catch (error) {
      console.error(`${where}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      response = buildResponse(event, { error, physicalResourceId: failedPhysicalId(event) });
    }
    await sendResponse(event.ResponseURL, response);
  };
}

/** Reads a string property CloudFormation passed, or throws naming it. */
export function stringProperty(props: Readonly<Record<string, unknown>>, name: string): string {
  const value = props[name];
  if (typeof value !== 'string' || value === '') throw new Error(`Property ${name} is missing`);
  return value;
}
