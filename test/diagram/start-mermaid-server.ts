/**
 * Starts and stops mermaid-server.mjs, one per test run (Jest's global setup and teardown):
 * its port reaches the test files as MERMAID_PARSER_PORT (see mermaid-parser.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import { firstJsonLine } from '../jest/first-json-line';

declare global {
  var __MERMAID_SERVER__: ChildProcess | undefined;
}

export const MERMAID_PARSER_PORT = 'MERMAID_PARSER_PORT';

const SERVER = path.join(__dirname, 'mermaid-server.mjs');
/** How long the server gets to say its port (a bare Node.js start: mermaid loads later). */
const START_TIMEOUT_MS = 30_000;

/** Starts the server and sets MERMAID_PARSER_PORT; the process is what stopMermaidServer takes. */
export async function startMermaidServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, [SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const said = await firstJsonLine<{ port?: unknown }>(server, { name: `the mermaid parser (${SERVER})`, timeoutMs: START_TIMEOUT_MS }).catch(
    (error: unknown) => {
      server.kill('SIGKILL');
      throw error;
    },
  );
  if (typeof said?.port !== 'number') {
    server.kill('SIGKILL');
    throw new Error(`the mermaid parser (${SERVER}) said ${JSON.stringify(said)}, not its port`);
  }
  const port = said.port;
  process.env[MERMAID_PARSER_PORT] = String(port);
  // It ends when its standard input closes: when this process is gone, even killed. Nothing
  // here may hold Jest open, though: stopMermaidServer ends it.
  server.stdout!.destroy();
  (server.stdin as Socket).unref();
  server.unref();
  return server;
}

/** Ends the server and waits until it is gone (ref()ed again: see test/moto/global-teardown.ts). */
export function stopMermaidServer(server: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    server.ref();
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });
}
