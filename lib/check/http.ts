import * as http from 'node:http';
import * as net from 'node:net';

/** The answer to one GET, or why there was none. */
export type HttpOutcome =
  | { readonly ok: true; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly error: string };

/**
 * GET with a timeout; never throws. Reads at most 64 KiB of the body.
 * `resolve` maps a host name to `address[:port]` (curl's --resolve), keeping the Host header.
 */
export function httpGet(url: string, timeoutMs: number, resolve?: Readonly<Record<string, string>>): Promise<HttpOutcome> {
  const target = new URL(url);
  const headers: Record<string, string> = { 'user-agent': 'aws-dva-labs-check' };
  // URL lower-cases host names; DNS names are case-insensitive.
  const mapped = Object.entries(resolve ?? {}).find(([name]) => name.toLowerCase() === target.hostname)?.[1];
  if (mapped) {
    headers.host = target.host;
    const [address, port] = mapped.split(':');
    target.hostname = address;
    if (port) target.port = port;
  }
  return new Promise((done) => {
    // agent: false, a new connection per request: the load balancer may pick another target each time.
    const request = http.get(target, { timeout: timeoutMs, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < 65_536) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => done({ ok: true, status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => done({ ok: false, error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms (timeout)`)));
    request.on('error', (error: NodeJS.ErrnoException) => done({ ok: false, error: error.code ?? error.message }));
  });
}

/** Whether a TCP connection to host:port opens within the timeout; never throws. */
export function tcpConnects(host: string, port: number, timeoutMs: number): Promise<{ connected: boolean; reason: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (connected: boolean, reason: string) => {
      socket.destroy();
      resolve({ connected, reason });
    };
    socket.setTimeout(timeoutMs, () => done(false, `timed out after ${timeoutMs} ms`));
    socket.once('connect', () => done(true, 'connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(false, error.code ?? error.message));
  });
}

/** The host name in the labs' page, "Hello World from <host name>", if the body is that page. */
export function helloWorldHost(body: string): string | undefined {
  return /^Hello World from (\S+)\s*$/.exec(body.trim())?.[1];
}

/** A URL with its port replaced, e.g. the instance's `http://<ip>` on the web port. */
export function urlOn(host: string, port: number): string {
  return port === 80 ? `http://${host}/` : `http://${host}:${port}/`;
}
