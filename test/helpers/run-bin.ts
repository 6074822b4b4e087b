/**
 * Runs one of the kit's commands (bin/*.ts) as `npm run <command>` does, in a fresh process:
 * what it loads at start-up can only be seen there. A probe records `require.cache` as the
 * process exits.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** What a real `node --require tsx/cjs <bin>` process did: its exit code, streams, and every module it loaded. */
export interface BinRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly loaded: readonly string[];
}

export function runBin(bin: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<BinRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bin-run-'));
  const probe = path.join(dir, 'probe.js');
  const modulesOut = path.join(dir, 'modules.json');
  writeFileSync(probe, "process.on('exit', () => require('fs').writeFileSync(process.env.MODULES_OUT, JSON.stringify(Object.keys(require.cache))));\n");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '--require', probe, bin, ...args], { cwd: ROOT, env: { ...env, MODULES_OUT: modulesOut } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const loaded = existsSync(modulesOut) ? (JSON.parse(readFileSync(modulesOut, 'utf8')) as string[]) : [];
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, loaded });
    });
  });
}

/** The files of these packages (`aws-cdk-lib`, `@aws-sdk`: a scope stands for all its packages) among those loaded. */
export function filesOf(loaded: readonly string[], ...packages: readonly string[]): string[] {
  return loaded.filter((file) => packages.some((pkg) => file.includes(`${path.sep}node_modules${path.sep}${pkg.split('/').join(path.sep)}${path.sep}`)));
}
