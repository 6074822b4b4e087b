/**
 * Local HTTP servers for what moto cannot be: CloudFormation's pre-signed response URL,
 * an AWS endpoint that never answers, and one that answers every call with an error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AccountClients } from '../../lib/handlers/account-clients';
import { motoClientConfig } from '../moto/moto';

export interface LocalServer {
  readonly url: string;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** A received answer: method, content type and parsed body. */
export interface ReceivedResponse {
  readonly method?: string;
  readonly contentType?: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/**
 * Stands in for the pre-signed S3 URL: answers each PUT with the next status of `statuses`
 * (then 200), and records every PUT it got, accepted or not.
 */
export async function responseServer(statuses: number[] = []): Promise<LocalServer & { received: ReceivedResponse[] }> {
  const received: ReceivedResponse[] = [];
  const { server, url } = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body), at: Date.now() });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  return { url: `${url}/cloudformation-response?X-Amz-Signature=secret-signature`, received, close: closer(server) };
}

/** An endpoint that accepts connections and never answers: an unreachable AWS API, as a client sees it. */
export async function silentServer(): Promise<LocalServer & { requests: () => number }> {
  let requests = 0;
  const { server, url } = await listen(() => {
    requests++;
  });
  return { url, requests: () => requests, close: closer(server) };
}

/** An IAM-like endpoint that answers every call with this error (query protocol XML). */
export async function failingQueryServer(status: number, code: string, message: string): Promise<LocalServer & { calls: () => number }> {
  let calls = 0;
  const { server, url } = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      res.statusCode = status;
      res.setHeader('content-type', 'text/xml');
      res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
    });
  });
  return { url, calls: () => calls, close: closer(server) };
}

/** The handlers' clients against this worker's moto server (one attempt per call, as in every moto test). */
export function motoClients(): AccountClients {
  return { iam: new IAMClient(motoClientConfig()), ssm: new SSMClient(motoClientConfig('us-east-1')) };
}

/** Reads an SSM parameter from moto, or undefined. */
export async function parameterValue(ssm: SSMClient, name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if ((error as Error).name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

/** Console output of the code under test, captured and silenced. */
export function captureConsole() {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return { text: () => [...log.mock.calls, ...error.mock.calls].flat().map(String).join('\n') };
}
