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
    // The Lambda's times scaled down (its defaults: below): 1.5 s left, 0.5 s kept for the answer,
    // 0.2 s to unwind: the signal fires after 0.8 s, FAILED goes out after 1 s.
    await lambdaHandler(hanging, { failedPhysicalId: () => 'kept-id', answerReserveMs: 500, unwindMs: 200 })(event(), lambdaContext(1500));
    const answeredAfter = server.received[0].at - started;
    expect(answeredAfter).toBeGreaterThanOrEqual(990);
    expect(answeredAfter).toBeLessThan(1500);
    expect(server.received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'kept-id' });
    expect(String(server.received[0].body.Reason)).toMatch(/^No answer within 1 s/);
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
    await lambdaHandler(listening, { failedPhysicalId: () => 'x', answerReserveMs: 200, unwindMs: 1500 })(event(), lambdaContext(2300));
    // 2.3 s - 0.2 s reserve - 1.5 s unwind allowance: the signal fires at about 0.6 s, and the answer
    // follows at once, not after the unwind allowance (2.1 s).
    expect(abortedAfter).toBeGreaterThanOrEqual(590);
    expect(server.received[0].at - started).toBeLessThan(1600);
    expect(server.received[0].body).toMatchObject({ Status: 'FAILED' });
    expect(String(server.received[0].body.Reason)).toMatch(/^No answer within 1 s/);
  });

  describe('the Lambda\'s own times (the defaults, on a fake clock)', () => {
    afterEach(() => jest.useRealTimers());

    it('in a 90 s Lambda, a hanging logic is stopped after 57 s (30 s kept for the answer, 3 s to unwind) and FAILED is sent at 60 s', async () => {
      captureConsole();
      server = await responseServer();
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const started = Date.now();
      let abortedAt = -1;
      const ignoring = (_e: CustomResourceEvent, signal: AbortSignal) => {
        signal.addEventListener('abort', () => (abortedAt = Date.now() - started));
        return new Promise<never>(() => undefined);
      };
      const putAt: number[] = [];
      const realFetch = globalThis.fetch;
      jest.spyOn(globalThis, 'fetch').mockImplementation((...args) => {
        putAt.push(Date.now() - started);
        return realFetch(...args);
      });
      const handled = lambdaHandler(ignoring, { failedPhysicalId: () => 'x' })(event(), lambdaContext(90_000));
      await jest.advanceTimersByTimeAsync(56_999);
      expect(abortedAt).toBe(-1);
      await jest.advanceTimersByTimeAsync(1);
      expect(abortedAt).toBe(57_000);
      await jest.advanceTimersByTimeAsync(2_999);
      expect(putAt).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(putAt).toEqual([60_000]);
      jest.useRealTimers();
      await handled;
      expect(server.received[0].body).toMatchObject({ Status: 'FAILED' });
      expect(String(server.received[0].body.Reason)).toMatch(/^No answer within 57 s/);
    });

    it('a refused answer is PUT 5 times in all, 1 s after the first, then 2, 4 and 8 s apart, each attempt abandoned after 5 s', async () => {
      const output = captureConsole();
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const started = Date.now();
      const putAt: number[] = [];
      // A refusal (as S3 would answer), without the network: only the clock matters here.
      jest.spyOn(globalThis, 'fetch').mockImplementation(async () => {
        putAt.push(Date.now() - started);
        return new Response(null, { status: 503 });
      });
      const timeouts = jest.spyOn(AbortSignal, 'timeout');
      const sent = sendResponse('https://example.invalid/response?X-Amz-Signature=secret-signature', { Status: 'SUCCESS' } as CustomResourceResponse);
      const failed = expect(sent).rejects.toThrow('CloudFormation did not receive the response: HTTP 503');
      await jest.advanceTimersByTimeAsync(60_000);
      await failed;
      expect(putAt).toEqual([0, 1_000, 3_000, 7_000, 15_000]);
      expect(timeouts.mock.calls).toEqual([[5_000], [5_000], [5_000], [5_000], [5_000]]);
      expect(output.text()).toContain('Response PUT attempt 5 of 5 failed: HTTP 503');
    });
  });
});
