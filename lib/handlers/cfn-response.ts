/**
 * The small part of the CloudFormation custom-resource protocol the account handlers
 * need, without the Provider framework (which would add a second Lambda per resource):
 * CloudFormation invokes the function with an event and waits until a JSON answer is
 * PUT to the event's pre-signed ResponseURL.
 *
 * Every invocation answers, and answers in time: the logic gets a deadline well before the
 * Lambda's own timeout (then its AWS calls are aborted and FAILED is sent), and the answer
 * is retried with backoff if the PUT fails. CloudFormation's own ServiceTimeout on the
 * resource (lib/constructs/account-setting-function.ts) bounds the wait if all of that fails.
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
  /** Absent on Create; on Update and Delete, what the last answer said (or an id CloudFormation made up). */
  readonly PhysicalResourceId?: string;
  /** CloudFormation passes every property value as a string. */
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
}

/** The part of the Lambda context the handlers use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
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
  return {
    ...base,
    Status: 'FAILED',
    // CloudFormation shows the reason in the stack events; the whole answer must stay under 4 KB.
    Reason: errorMessage(outcome.error).slice(0, 2000),
    PhysicalResourceId: outcome.physicalResourceId,
    Data: {},
  };
}

/** How the answer is delivered. */
export interface SendOptions {
  /** PUT attempts in all. @default 5 */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled before each next one. @default 1000 */
  readonly firstDelayMs?: number;
  /** Each attempt is abandoned after this long. @default 5000 */
  readonly attemptTimeoutMs?: number;
  /** No attempt starts after this time (epoch ms): the Lambda is about to be stopped. @default none */
  readonly notAfter?: number;
}

/**
 * PUTs the answer to the pre-signed URL, as cfn-response does (empty content type),
 * retrying a refused or failed PUT with exponential backoff. Throws when every attempt failed.
 * The URL is never logged or put in an error message: it grants write access to the answer.
 */
export async function sendResponse(responseUrl: string, response: CustomResourceResponse, options: SendOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 5;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  const body = JSON.stringify(response);
  let delayMs = options.firstDelayMs ?? 1000;
  let lastProblem = 'not attempted';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      if (options.notAfter !== undefined && Date.now() + delayMs + attemptTimeoutMs > options.notAfter) break;
      await sleep(delayMs);
      delayMs *= 2;
    }
    try {
      const res = await fetch(responseUrl, {
        method: 'PUT',
        body,
        headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return;
      lastProblem = `HTTP ${res.status}`;
    } catch (error) {
      lastProblem = describeNetworkError(error);
    }
    console.error(`Response PUT attempt ${attempt} of ${attempts} failed: ${lastProblem}`);
  }
  throw new Error(`CloudFormation did not receive the response: ${lastProblem}`);
}

/** Options of {@link lambdaHandler}. */
export interface HandlerOptions {
  /**
   * The id to report when the logic fails. On a failed Create CloudFormation sends a
   * Delete for it while rolling back; on Update and Delete it is the event's own id.
   */
  readonly failedPhysicalId: (event: CustomResourceEvent) => string;
  /**
   * Time kept back from the Lambda's remaining time for answering (the PUT and its retries):
   * the logic is aborted this long before the Lambda would be stopped. @default 30000
   */
  readonly answerReserveMs?: number;
  /** How long an aborted logic may take to unwind before FAILED is sent anyway. @default 3000 */
  readonly unwindMs?: number;
  /** @default {@link SendOptions} defaults, bounded by the Lambda's remaining time */
  readonly send?: SendOptions;
}

/** Thrown into the logic (through its AbortSignal) when its deadline has passed. */
export class DeadlineExceededError extends Error {
  constructor(ms: number) {
    super(`No answer within ${Math.round(ms / 1000)} s (an AWS API did not respond in time); nothing more was changed. Try again later.`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Turns the logic of a custom resource into a Lambda handler that always answers
 * CloudFormation before the Lambda times out, even when the logic throws or hangs.
 * The logic receives an AbortSignal to pass to every AWS call; it fires at the deadline.
 */
export function lambdaHandler(
  onEvent: (event: CustomResourceEvent, signal: AbortSignal) => Promise<CustomResourceResult>,
  options: HandlerOptions,
): (event: CustomResourceEvent, context: LambdaContext) => Promise<void> {
  return async (event, context) => {
    const started = Date.now();
    const remainingMs = context.getRemainingTimeInMillis();
    const answerReserveMs = Math.min(options.answerReserveMs ?? 30_000, remainingMs / 2);
    const unwindMs = options.unwindMs ?? 3000;
    const budgetMs = Math.max(0, remainingMs - answerReserveMs - unwindMs);
    const where = `${event.RequestType} ${event.ResourceType} ${event.LogicalResourceId}`;
    console.log(`${where}: physical id ${event.PhysicalResourceId ?? '(new)'}, ${Math.round(budgetMs / 1000)} s to decide`);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceededError(budgetMs)), budgetMs);
    let response: CustomResourceResponse;
    try {
      const result = await untilAbortedPlus(onEvent(event, controller.signal), controller.signal, unwindMs);
      console.log(`${where}: SUCCESS, physical id ${result.physicalResourceId}`);
      response = buildResponse(event, { result });
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      console.error(`${where}: FAILED: ${errorMessage(reason)}`);
      response = buildResponse(event, { error: reason, physicalResourceId: options.failedPhysicalId(event) });
    } finally {
      clearTimeout(timer);
    }
    await sendResponse(event.ResponseURL, response, { notAfter: started + remainingMs - 1000, ...options.send });
  };
}

/** The logic's outcome, or a rejection `unwindMs` after the signal fired if the logic is still running. */
function untilAbortedPlus<T>(work: Promise<T>, signal: AbortSignal, unwindMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unwindTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      unwindTimer = setTimeout(() => reject(signal.reason), unwindMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
      if (unwindTimer) clearTimeout(unwindTimer);
    });
  });
}

/** Reads a string property CloudFormation passed, or throws naming it. */
export function stringProperty(props: Readonly<Record<string, unknown>>, name: string): string {
  const value = props[name];
  if (typeof value !== 'string' || value === '') throw new Error(`Property ${name} is missing`);
  return value;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A network failure, named by its code, without the URL (fetch's messages may carry it). */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `network error ${code}` : `network error (${error.name})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
