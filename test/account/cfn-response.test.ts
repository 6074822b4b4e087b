/**
 * The handlers answer CloudFormation themselves: a local HTTP server stands in for the
 * pre-signed S3 URL and records what a real one would receive.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaHandler, type CustomResourceEvent } from '../../lib/handlers/cfn-response';
import { createEvent } from './cfn-events';

interface Received {
  method?: string;
  contentType?: string;
  body: Record<string, unknown>;
}

describe('custom resource response', () => {
  let server: Server;
  let received: Received[];
  let url: string;

  beforeEach(async () => {
    received = [];
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/presigned?X-Amz-Signature=secret`;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const event = (): CustomResourceEvent => ({ ...createEvent('Custom::Test', { A: 1 }), ResponseURL: url });
  const quiet = () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    return { log, error };
  };

  it('PUTs SUCCESS with the physical id and data', async () => {
    quiet();
    await lambdaHandler(async () => ({ physicalResourceId: 'id-1', data: { X: 'y' } }), () => 'failed')(event());
    expect(received).toEqual([
      {
        method: 'PUT',
        contentType: '',
        body: {
          Status: 'SUCCESS',
          Reason: 'OK',
          PhysicalResourceId: 'id-1',
          StackId: event().StackId,
          RequestId: 'request-1',
          LogicalResourceId: 'Resource',
          NoEcho: false,
          Data: { X: 'y' },
        },
      },
    ]);
  });

  it('answers FAILED with the reason and the safe physical id when the logic throws', async () => {
    const { log, error } = quiet();
    await lambdaHandler(async () => {
      throw new Error('This account already has the alias "x"');
    }, () => 'AccountAlias;unchanged')(event());
    expect(received[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'This account already has the alias "x"',
      PhysicalResourceId: 'AccountAlias;unchanged',
    });
    // The pre-signed URL grants write access to the response object: it is never logged.
    const logged = [...log.mock.calls, ...error.mock.calls].flat().join('\n');
    expect(logged).toContain('FAILED');
    expect(logged).not.toContain('X-Amz-Signature');
  });
});
