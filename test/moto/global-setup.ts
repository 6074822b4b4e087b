/**
 * Starts moto servers (a real AWS API emulator), two per Jest worker, so that a test
 * file can reset its servers between tests without disturbing another file running
 * in parallel. Each worker finds its endpoints through JEST_WORKER_ID (see moto.ts):
 * - MOTO_ENDPOINTS: plain servers, for most tests;
 * - MOTO_MANAGED_POLICY_ENDPOINTS: servers with the AWS managed policies loaded
 *   (arn:aws:iam::aws:policy/...), for the tests that attach one
 *   (`describeWithMoto(name, body, { awsManagedPolicies: true })`). Loading them makes
 *   every reset of such a server ~50x slower (0.2-0.4 s instead of 5 ms, and again at
 *   the first IAM call after it), so only the tests that need them pay it.
 *
 * Where moto is not installed the SDK-side tests are skipped with a visible message,
 * unless REQUIRE_MOTO=1 (set by .ci/run), which turns the skip into a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Config } from '@jest/types';

declare global {
  var __MOTO_SERVERS__: ChildProcess[] | undefined;
}

const PYTHON = process.env.MOTO_PYTHON ?? 'python3';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto did not answer on ${endpoint} within ${timeoutMs} ms`);
}

function motoInstalled(): boolean {
  return spawnSync(PYTHON, ['-c', 'import moto.server, flask'], { stdio: 'ignore' }).status === 0;
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (process.env.MOTO_DISABLED === '1') {
    // The benchmark times the template tests alone.
    process.env.MOTO_UNAVAILABLE = 'moto disabled by MOTO_DISABLED=1';
    return;
  }
  if (!motoInstalled()) {
    process.env.MOTO_UNAVAILABLE = `moto is not installed for ${PYTHON} (pip install 'moto[server]')`;
    return;
  }
  const workers = Math.max(1, globalConfig.maxWorkers ?? 1);
  const servers: ChildProcess[] = [];
  const endpoints: string[] = [];
  const start = async (managedPolicies: boolean): Promise<string> => {
    const port = await freePort();
    const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: String(managedPolicies) },
      stdio: 'ignore',
    });
    // A Jest that dies early must not hang on the servers; global-teardown.ts ref()s
    // them again while it stops them, or Node would exit before Jest sets its exit code.
    child.unref();
    servers.push(child);
    // localhost, not 127.0.0.1: with an IP address S3 reads the host as a bucket name.
    const endpoint = `http://localhost:${port}`;
    endpoints.push(endpoint);
    return endpoint;
  };
  const plain: string[] = [];
  const withManagedPolicies: string[] = [];
  for (let i = 0; i < workers; i++) {
    plain.push(await start(false));
    withManagedPolicies.push(await start(true));
  }
  globalThis.__MOTO_SERVERS__ = servers;
  try {
    await Promise.all(endpoints.map((e, i) => waitUntilUp(e, servers[i], 60_000)));
  } catch (error) {
    // Jest runs no teardown after a failed setup: stop the servers here.
    for (const server of servers) server.kill('SIGKILL');
    throw error;
  }
  process.env.MOTO_ENDPOINTS = plain.join(',');
  process.env.MOTO_MANAGED_POLICY_ENDPOINTS = withManagedPolicies.join(',');
}
