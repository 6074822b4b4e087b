/**
 * What the tests of the user-data scripts share: a sandbox folder whose bin/ holds stand-ins
 * for the commands a script runs on the instance (dnf, systemctl, hostname, ...), each of which
 * records how it was called, and the shellcheck test every script gets.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/temp-dir';

/** A script of userdata/, by file name. */
export const userDataScript = (name: string): string => path.join(__dirname, '..', '..', 'userdata', name);

/** A temporary folder to run a user-data script in, with stand-ins first on its PATH. */
export class UserDataSandbox {
  readonly dir: string;
  /** Where the stand-ins are. */
  readonly bin: string;
  private readonly log: string;

  constructor(prefix: string) {
    this.dir = tempDir(prefix);
    this.bin = path.join(this.dir, 'bin');
    this.log = path.join(this.dir, 'calls.log');
    fs.mkdirSync(this.bin);
  }

  /**
   * A stand-in for the command `name`: it records "name args", exits 1 when $FAIL is `name` or
   * "name args" (a script's failure path), and otherwise runs `body` (bash).
   */
  standIn(name: string, body = ''): this {
    fs.writeFileSync(
      path.join(this.bin, name),
      `#!/bin/bash\necho "${name} $*" >> "${this.log}"\n` +
        `if [[ -n "$FAIL" && ( "$FAIL" == "${name}" || "$FAIL" == "${name} $*" ) ]]; then exit 1; fi\n${body}`,
      { mode: 0o755 },
    );
    return this;
  }

  /** What the stand-ins were asked, in order. */
  calls(): string[] {
    return fs.existsSync(this.log) ? fs.readFileSync(this.log, 'utf8').trim().split('\n').filter(Boolean) : [];
  }

  /** An environment with the stand-ins first on PATH (then /usr/bin and /bin only), and `variables`. */
  env(variables: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { PATH: `${this.bin}:/usr/bin:/bin`, ...variables };
  }

  /** Runs a script with bash in env(variables). */
  run(script: string, variables: Record<string, string> = {}): SpawnSyncReturns<string> {
    return spawnSync('bash', [script], { encoding: 'utf8', env: this.env(variables) });
  }

  /** A path inside the sandbox. */
  path(relative: string): string {
    return path.join(this.dir, relative);
  }

  /** A file's text, or undefined when the script did not write it. */
  file(relative: string): string | undefined {
    return fs.existsSync(this.path(relative)) ? fs.readFileSync(this.path(relative), 'utf8') : undefined;
  }

  /** A file's permission bits, or undefined when it is not there. */
  mode(relative: string): number | undefined {
    return fs.existsSync(this.path(relative)) ? fs.statSync(this.path(relative)).mode & 0o777 : undefined;
  }
}

/**
 * The test that scripts are shellcheck clean (`files` gives their paths): skipped with a warning
 * where shellcheck is not installed, never in CI.
 */
export function itIsShellcheckClean(title: string, files: () => readonly string[]): void {
  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  (shellcheck || process.env.CI ? it : it.skip)(title, () => {
    for (const file of files()) {
      const result = spawnSync('shellcheck', ['--shell=bash', file], { encoding: 'utf8' });
      expect(result.error).toBeUndefined();
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });
  if (!shellcheck && !process.env.CI) console.warn('SKIPPED shellcheck: not installed (apt-get install shellcheck)');
}
