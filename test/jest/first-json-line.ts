/**
 * The first line a server process prints, read as JSON: how the processes that a test run
 * starts once (moto's launcher, the mermaid parser) say they are ready, and on which ports.
 */
import type { ChildProcess } from 'node:child_process';

export interface FirstLineOptions {
  /** Names the process in errors, e.g. "moto's launcher (test/moto/servers.py)". */
  readonly name: string;
  /** How long it gets to print its first line. */
  readonly timeoutMs: number;
}

/**
 * Resolves with the first line of `child`'s standard output, parsed; rejects, naming the
 * process, when that line is not JSON, when the process says nothing in time or exits first,
 * and with the spawn error itself when it could not start (`code` ENOENT: no such program).
 * Leaves the process running in every case: what to do with it is the caller's.
 */
export function firstJsonLine<T>(child: ChildProcess, { name, timeoutMs }: FirstLineOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${name} said nothing within ${timeoutMs} ms`)), timeoutMs);
    function done() {
      clearTimeout(timer);
      child.stdout!.removeListener('data', read);
      child.removeListener('error', fail);
      child.removeListener('exit', exited);
    }
    function fail(error: Error) {
      done();
      reject(error);
    }
    function exited(code: number | null, signal: NodeJS.Signals | null) {
      fail(new Error(`${name} exited with ${signal ?? `code ${code}`} before saying it was ready`));
    }
    function read(chunk: Buffer) {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end < 0) return;
      done();
      const line = out.slice(0, end);
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${name} said ${JSON.stringify(line)}, not JSON`));
      }
    }
    child.stdout!.on('data', read);
    child.once('error', fail);
    child.once('exit', exited);
  });
}
