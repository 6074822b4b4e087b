/**
 * Stops the moto servers started by global-setup.ts (their launcher, servers.py, which stops
 * its servers on SIGTERM), and waits until it is gone.
 *
 * global-setup.ts unref()s the launcher so that a Jest that dies early never hangs on
 * them. Here each one is ref()ed again before it is stopped: a wait on an unref()ed
 * child's 'exit' holds nothing in Node's event loop, so Node would find the loop empty
 * and exit with code 0 before Jest sets its failure code (`npm test` then "passed" with
 * failing tests). The SIGKILL timer is ref()ed too, so the wait always ends.
 */
import type { ChildProcess } from 'node:child_process';

/** How long a server gets to stop on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

function stop(server: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    server.ref();
    const kill = setTimeout(() => server.kill('SIGKILL'), STOP_GRACE_MS);
    server.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__MOTO_SERVERS__ ?? []).map(stop));
  globalThis.__MOTO_SERVERS__ = undefined;
}
