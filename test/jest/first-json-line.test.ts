/** firstJsonLine(): how a server process started once per run says it is ready, and each way it can fail to. */
import { spawn, type ChildProcess } from 'node:child_process';
import { firstJsonLine } from './first-json-line';

const started: ChildProcess[] = [];
afterEach(() => started.splice(0).forEach((child) => child.kill('SIGKILL')));

/** A Node.js process running `script`, with its standard output piped. */
function node(script: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(child);
  return child;
}

const options = { name: 'the test server', timeoutMs: 5_000 };

describe('firstJsonLine', () => {
  it('reads the first line, even when it comes in pieces, and leaves the process running', async () => {
    const child = node("process.stdout.write('{\"po'); setTimeout(() => process.stdout.write('rt\": 4321}\\n{\"next\": 1}\\n'), 50); setInterval(() => {}, 1000);");
    expect(await firstJsonLine(child, options)).toEqual({ port: 4321 });
    expect(child.exitCode).toBeNull();
  });

  it('names the process and quotes the line when it is not JSON', async () => {
    await expect(firstJsonLine(node("console.log('Traceback (most recent call last):'); setInterval(() => {}, 1000);"), options)).rejects.toThrow(
      'the test server said "Traceback (most recent call last):", not JSON',
    );
  });

  it('says how the process ended when it exits before its first line', async () => {
    await expect(firstJsonLine(node("process.stdout.write('{\"port\"'); process.exit(3);"), options)).rejects.toThrow(
      'the test server exited with code 3 before saying it was ready',
    );
  });

  it('gives up after the time it was given', async () => {
    await expect(firstJsonLine(node('setInterval(() => {}, 1000);'), { ...options, timeoutMs: 300 })).rejects.toThrow('the test server said nothing within 300 ms');
  });

  it('rejects with the spawn error when the program does not exist (ENOENT: moto without Python)', async () => {
    const missing = spawn('no-such-program-for-first-json-line', [], { stdio: ['ignore', 'pipe', 'ignore'] });
    await expect(firstJsonLine(missing, options)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
