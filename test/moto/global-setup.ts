/**
 * Starts moto servers (a real AWS API emulator), two per Jest worker, so that a test
 * file can reset its servers between tests without disturbing another file running
 * in parallel. Each worker finds its endpoints through JEST_WORKER_ID (see moto.ts):
 * - MOTO_ENDPOINTS: plain servers, for most tests;
 * - MOTO_MANAGED_POLICY_ENDPOINTS: servers with the AWS managed policies loaded
 *   (arn:aws:iam::aws:policy/...), for the tests that attach one
 *   (`describeWithMoto(name, body, { awsManagedPolicies: true })`). Loading them makes
 *   every reset of such a server slow (~1.2 s, and ~1 s more at the first calls after it),
 *   so there each test gets a new account instead (see resetMoto in moto.ts).
 *
 * One Python process, servers.py, binds every port, reports them, and only then imports moto
 * and forks the servers from one warmed-up process: Jest goes on while moto starts (a call that
 * comes early waits in its port's queue; describeWithMoto waits for its server before its
 * tests), and the servers share the imports instead of each paying them.
 *
 * Where moto is not installed the SDK-side tests are skipped with a visible message,
 * unless REQUIRE_MOTO=1 (set by .ci/run), which turns the skip into a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import type { Config } from '@jest/types';
import { firstJsonLine } from '../jest/first-json-line';

declare global {
  var __MOTO_SERVERS__: ChildProcess[] | undefined;
}

const PYTHON = process.env.MOTO_PYTHON ?? 'python3';
const LAUNCHER = path.join(__dirname, 'servers.py');
/** How long the launcher gets to bind its ports and say so (Python's start, no moto import yet). */
const LAUNCH_TIMEOUT_MS = 60_000;

/** What servers.py prints on its first line. */
type LauncherMessage = { ports: number[] } | { unavailable: string } | { error: string };

/** The launcher's first line of output, or why there is none. */
async function firstMessage(launcher: ChildProcess): Promise<LauncherMessage> {
  try {
    return await firstJsonLine<LauncherMessage>(launcher, { name: `moto's launcher (${LAUNCHER})`, timeoutMs: LAUNCH_TIMEOUT_MS });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { unavailable: `${PYTHON} not found (set MOTO_PYTHON to a Python with moto[server])` };
    throw error;
  }
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (process.env.MOTO_DISABLED === '1') {
    // The benchmark times the template tests alone.
    process.env.MOTO_UNAVAILABLE = 'moto disabled by MOTO_DISABLED=1';
    return;
  }
  const workers = Math.max(1, globalConfig.maxWorkers ?? 1);
  // Per worker: a plain server, then one with the AWS managed policies.
  const kinds = Array.from({ length: workers }, () => ['0', '1']).flat();
  const launcher = spawn(PYTHON, [LAUNCHER, ...kinds], { stdio: ['pipe', 'pipe', 'ignore'] });
  const message = await firstMessage(launcher).catch((error: unknown) => {
    launcher.kill('SIGKILL');
    throw error;
  });
  if ('unavailable' in message) {
    process.env.MOTO_UNAVAILABLE = message.unavailable;
    return;
  }
  if ('error' in message) {
    launcher.kill('SIGKILL');
    throw new Error(`moto could not start: ${message.error}`);
  }
  // The launcher stops its servers when its standard input closes: when this process is gone,
  // even killed. Nothing here may hold Jest open, though: global-teardown.ts stops it.
  launcher.stdout!.destroy();
  (launcher.stdin as Socket).unref();
  launcher.unref();
  globalThis.__MOTO_SERVERS__ = [launcher];
  // localhost, not 127.0.0.1: with an IP address S3 reads the host as a bucket name.
  const endpoints = message.ports.map((port) => `http://localhost:${port}`);
  process.env.MOTO_ENDPOINTS = endpoints.filter((_, i) => kinds[i] === '0').join(',');
  process.env.MOTO_MANAGED_POLICY_ENDPOINTS = endpoints.filter((_, i) => kinds[i] === '1').join(',');
}
