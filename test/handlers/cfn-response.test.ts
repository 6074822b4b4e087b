/**
 * The handlers answer CloudFormation themselves: a local HTTP server stands in for the
 * pre-signed S3 URL and records what a real one would receive, refused attempts included.
 */
import { lambdaHandler, sendResponse, type CustomResourceEvent, type CustomResourceResponse } from '../../lib/handlers/cfn-response';
import { createEvent, lambdaContext } from './cfn-events';
import { captureConsole, responseServer } from './servers';

const FAST = { firstDelayMs: 50, attemptTimeoutMs: 2000 };

describe('custom resource response', () => {
  let server: Awaited<ReturnType<typeof responseServer>>;
  afterEach(async () => {
    jest.restoreAllMocks();
    await server?.close();
  });

  const event = (): CustomResourceEvent => createEvent('Custom::Test', { A: 1 }, { responseUrl: server.url });

  it('PUTs SUCCESS with the physical id and data, once', async () => {
    captureConsole();
    server = await responseServer();
    const e = event();
    await lambdaHandler(async () => ({ physicalResourceId: 'id-1', data: { X: 'y' } }), { failedPhysicalId: () => 'failed' })(e, lambdaContext(60_000));
    expect(server.received.map(({ at: _at, ...r }) => r)).toEqual([
      {
        method: 'PUT',
        contentType: '',
        body: {
          Status: 'SUCCESS',
          Reason: 'OK',
          PhysicalResourceId: 'id-1',
          StackId: e.StackId,
          RequestId: e.RequestId,
          LogicalResourceId: 'Resource',
          NoEcho: false,
          Data: { X: 'y' },
        },
      },
    ]);
  });

  it('answers FAILED with the reason and the safe physical id when the logic throws, and never logs the URL', async () => {
    const output = captureConsole();
    server = await responseServer();
    await lambdaHandler(
      async () => {
        throw new Error('This account already has the alias "x"');
      },
      { failedPhysicalId: () => 'AccountAlias;unchanged' },
    )(event(), lambdaContext(60_000));
    expect(server.received).toHaveLength(1);
    expect(server.received[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'This account already has the alias "x"',
      PhysicalResourceId: 'AccountAlias;unchanged',
    });
    expect(output.text()).toContain('FAILED');
    expect(output.text()).not.toContain('secret-signature');
  });

  it('retries a refused PUT with backoff: 500, 503, then delivered; the URL is not logged', async () => {
    const output = captureConsole();
    server = await responseServer([500, 503]);
    await lambdaHandler(async () => ({ physicalResourceId: 'id-1' }), { failedPhysicalId: () => 'x', send: FAST })(event(), lambdaContext(60_000));
    expect(server.received.map((r) => r.body.Status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    const [first, second, third] = server.received.map((r) => r.at);
    expect(second - first).toBeGreaterThanOrEqual(45);
    expect(third - second).toBeGreaterThanOrEqual(95); // doubled
    expect(output.text()).toContain('Response PUT attempt 1 of 5 failed: HTTP 500');
    expect(output.text()).toContain('Response PUT attempt 2 of 5 failed: HTTP 503');
    expect(output.text()).not.toContain('secret-signature');
  });

  it('gives up after the bounded number of attempts, with an error that does not carry the URL', async () => {
    captureConsole();
    server = await responseServer([500, 500, 500, 500, 500, 500]);
    const response = { Status: 'SUCCESS' } as CustomResourceResponse;
    const sent = sendResponse(server.url, response, { ...FAST, attempts: 3 });
    await expect(sent).rejects.toThrow('CloudFormation did not receive the response: HTTP 500');
    await sent.catch((error: Error) => expect(error.message).not.toContain('secret'));
    expect(server.received).toHaveLength(3);
  });

  it('starts no attempt that would end after the Lambda is stopped', async () => {
    captureConsole();
    server = await responseServer([500, 500, 500, 500, 500]);
    const response = { Status: 'SUCCESS' } as CustomResourceResponse;
    await expect(sendResponse(server.url, response, { firstDelayMs: 200, attemptTimeoutMs: 1000, notAfter: Date.now() + 1500 })).rejects.toThrow('HTTP 500');
    // Attempt 1 at once; attempt 2 after 200 ms would end by 1.2 s; attempt 3 (after 400 ms more) would not.
    expect(server.received).toHaveLength(2);
  });

  it('a network failure of the PUT is retried too', async () => {
    captureConsole();
    server = await responseServer();
    const closed = server.url.replace(/:\d+\//, ':1/');
    await expect(sendResponse(closed, { Status: 'SUCCESS' } as CustomResourceResponse, { ...FAST, attempts: 2 })).rejects.toThrow(
      /did not receive the response: network error/,
    );
  });

  it('answers FAILED at the deadline, before the Lambda timeout, when the logic hangs and ignores the signal', async () => {
    const output = captureConsole();
    server = await responseServer();
    const started = Date.now();
    const hanging = () => new Promise<never>(() => undefined);
    // 4 s left: 1 s kept for the answer, 0.5 s to unwind: FAILED goes out after about 2.5 s.
    await lambdaHandler(hanging, { failedPhysicalId: () => 'kept-id', answerReserveMs: 1000, unwindMs: 500 })(event(), lambdaContext(4000));
    const answeredAfter = server.received[0].at - started;
    expect(answeredAfter).toBeGreaterThanOrEqual(2400);
    expect(answeredAfter).toBeLessThan(4000);
    expect(server.received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'kept-id' });
    expect(String(server.received[0].body.Reason)).toMatch(/^No answer within 3 s/);
    expect(output.text()).toContain('FAILED: No answer within');
  });

  it('aborts the logic through its signal at the deadline', async () => {
    captureConsole();
    server = await responseServer();
    let abortedAfter = -1;
    const started = Date.now();
    const listening = (_e: CustomResourceEvent, signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          abortedAfter = Date.now() - started;
          reject(new Error('aborted call'));
        }),
      );
    await lambdaHandler(listening, { failedPhysicalId: () => 'x', answerReserveMs: 1000, unwindMs: 5000 })(event(), lambdaContext(8000));
    // 8 s - 1 s reserve - 5 s unwind allowance: the signal fires at about 2 s, and the answer follows at once.
    expect(abortedAfter).toBeGreaterThanOrEqual(1900);
    expect(server.received[0].at - started).toBeLessThan(3000);
    expect(server.received[0].body).toMatchObject({ Status: 'FAILED' });
    expect(String(server.received[0].body.Reason)).toMatch(/^No answer within 2 s/);
  });
});
