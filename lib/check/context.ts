import type { CheckClients } from './clients';
import type { LabStack } from './lab-stack';

/** How long the checks may wait for something still starting, and how they say so. */
export interface WaitOptions {
  /** Upper bound of any one wait (instance booting, targets registering), in seconds. */
  readonly maxWaitSeconds: number;
  /** Called with a short line while waiting; the CLI prints it on stderr. */
  readonly onProgress: (message: string) => void;
  /**
   * Shortest pause between two polls of an SDK waiter (instance running or stopped, targets
   * in service, load balancer active), in seconds; on long waits it grows up to 15 s.
   * Tests wait out a bound of a fraction of a second with polls a fraction of that.
   * @default 1
   */
  readonly pollSeconds?: number;
}

/** How the HTTP checks reach the lab. */
export interface HttpOptions {
  /** Timeout of one HTTP request or TCP connection attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** Port the web servers listen on; 80 in the labs, another one when tests serve the page locally. */
  readonly webPort: number;
  /** How many GETs through the load balancer, to see both web servers. */
  readonly albRequests: number;
  /**
   * Sends requests for a host name to another address, like `curl --resolve`:
   * tests serve the load balancer's page from 127.0.0.1. @default - DNS
   */
  readonly resolve?: Readonly<Record<string, string>>;
}

export const DEFAULT_WAIT_SECONDS = 180;
export const DEFAULT_HTTP: HttpOptions = { timeoutMs: 5_000, webPort: 80, albRequests: 12 };

/** Everything a lab's checks need: clients, the deployed stack, and limits. */
export interface LabCheckContext {
  readonly clients: CheckClients;
  readonly stack: LabStack;
  readonly wait: WaitOptions;
  readonly http: HttpOptions;
  /**
   * Checks that change the lab for a while, run only when asked (`--failover` stops and
   * restarts an instance of LabAlbRouting). @default - none
   */
  readonly disruptive?: { readonly failover?: boolean };
}

/** Runs `work` while telling the user, every few seconds, what it waits for. */
export async function withProgress<T>(wait: WaitOptions, what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  wait.onProgress(`waiting for ${what} (up to ${wait.maxWaitSeconds} s)`);
  const timer = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000);
    wait.onProgress(`waiting for ${what}: ${elapsed} s of ${wait.maxWaitSeconds} s`);
  }, 5_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Options of an SDK waiter bounded by the user's wait limit. */
export function waiterOptions<C>(client: C, wait: WaitOptions) {
  const minDelay = wait.pollSeconds ?? 1;
  // Waiters require maxWaitTime > minDelay; keep polls frequent for short limits.
  const maxWaitTime = Math.max(2 * minDelay, wait.maxWaitSeconds);
  return { client, maxWaitTime, minDelay, maxDelay: Math.max(minDelay, Math.min(15, Math.floor(maxWaitTime / 4))) };
}
