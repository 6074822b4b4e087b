/**
 * The load-balancer labs' /echo page (userdata/apache-echo.sh): what the web server saw
 * of a request. Plus an HTTP request with headers in and out (Host, Cookie, Set-Cookie),
 * and the caller's own public IPv4 address, to compare with what the web server saw.
 */
import * as http from 'node:http';

/** What the web server saw, as /echo prints it; a header not sent is absent. */
export interface EchoPage {
  /** The web server's host name. */
  readonly host: string;
  /** Who opened the TCP connection (Apache's REMOTE_ADDR, `%a`). */
  readonly remoteAddr: string;
  readonly forwardedFor?: string;
  readonly forwardedProto?: string;
  readonly forwardedPort?: string;
}

const ECHO_FIELDS = {
  host: 'host',
  'remote-addr': 'remoteAddr',
  'x-forwarded-for': 'forwardedFor',
  'x-forwarded-proto': 'forwardedProto',
  'x-forwarded-port': 'forwardedPort',
} as const;

/** The /echo page's fields, or undefined when the body is not that page. */
export function parseEchoPage(body: string): EchoPage | undefined {
  const fields: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const match = /^([a-z-]+) (.+)$/.exec(line.trim());
    const key = match && ECHO_FIELDS[match[1] as keyof typeof ECHO_FIELDS];
    // "-" is the page's "not sent".
    if (key && match[2] !== '-') fields[key] = match[2];
  }
  if (!fields.host || !fields.remoteAddr) return undefined;
  return fields as unknown as EchoPage;
}

/** The answer to one request, with its headers (names in lower case), or why there was none. */
export type HttpResponse =
  | { readonly ok: true; readonly status: number; readonly body: string; readonly headers: http.IncomingHttpHeaders }
  | { readonly ok: false; readonly error: string };

export interface HttpRequestOptions {
  readonly timeoutMs: number;
  /** Extra request headers, e.g. `host` (routing by host name) or `cookie`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Host name to `address[:port]`, as curl's --resolve (see HttpOptions.resolve). */
  readonly resolve?: Readonly<Record<string, string>>;
}

/** GET with headers in and out and a timeout; never throws. Reads at most 64 KiB of the body. */
export function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const headers: Record<string, string> = { 'user-agent': 'aws-dva-labs-check', host: target.host };
  const mapped = Object.entries(options.resolve ?? {}).find(([name]) => name.toLowerCase() === target.hostname)?.[1];
  if (mapped) {
    const [address, port] = mapped.split(':');
    target.hostname = address;
    if (port) target.port = port;
  }
  Object.assign(headers, options.headers);
  return new Promise((done) => {
    // A new connection per request: the load balancer may pick another target each time.
    const request = http.get(target, { timeout: options.timeoutMs, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < 65_536) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () =>
        done({ ok: true, status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }),
      );
      response.on('error', (error) => done({ ok: false, error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms (timeout)`)));
    request.on('error', (error: NodeJS.ErrnoException) => done({ ok: false, error: error.code ?? error.message }));
  });
}

/** `name=value` of the response's Set-Cookie named `name`, ready for a Cookie header. */
export function cookieFrom(response: HttpResponse, name: string): string | undefined {
  if (!response.ok) return undefined;
  return (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0].trim()).find((pair) => pair.startsWith(`${name}=`));
}

/** AWS's own "what is my IP" service: answers the caller's public IPv4 address. */
export const CHECKIP_URL = 'http://checkip.amazonaws.com/';

/** The caller's public IPv4 address as the internet sees it, or why it is unknown. */
export async function ownPublicIp(options: HttpRequestOptions): Promise<{ ip?: string; error?: string }> {
  const response = await httpRequest(CHECKIP_URL, options);
  if (!response.ok) return { error: `${CHECKIP_URL}: ${response.error}` };
  const ip = response.body.trim();
  return response.status === 200 && isIpv4(ip) ? { ip } : { error: `${CHECKIP_URL}: HTTP ${response.status}` };
}

export function isIpv4(text: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) && text.split('.').every((n) => Number(n) <= 255);
}

/** Whether an IPv4 address is private (RFC 1918) or loopback: never a client on the internet. */
export function isPrivateIpv4(ip: string): boolean {
  if (!isIpv4(ip)) return false;
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
