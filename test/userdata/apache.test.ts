/**
 * userdata/apache.sh: shellcheck clean, and run for real in a sandbox where
 * stand-ins for dnf, systemctl and hostname record what the script asks of them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/temp-dir';

const SCRIPT = path.join(__dirname, '..', '..', 'userdata', 'apache.sh');
const HOSTNAME = 'ip-10-0-0-12.ec2.internal';

/** Runs the script with stand-ins; `failing` names a command (or "cmd arg") that exits 1. */
function runInSandbox(failing?: string) {
  const dir = tempDir('apache-sh-');
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'calls.log');
  const webRoot = path.join(dir, 'www');
  fs.mkdirSync(bin);
  const standIn = (name: string, output = '') =>
    fs.writeFileSync(
      path.join(bin, name),
      `#!/bin/bash\necho "${name} $*" >> "${log}"\n` +
        `if [[ -n "$FAIL" && ( "$FAIL" == "${name}" || "$FAIL" == "${name} $*" ) ]]; then exit 1; fi\n` +
        (output ? `echo "${output}"\n` : ''),
      { mode: 0o755 },
    );
  standIn('dnf');
  standIn('systemctl');
  standIn('hostname', HOSTNAME);
  const result = spawnSync('bash', [SCRIPT], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, WEB_ROOT: webRoot, FAIL: failing ?? '' },
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  const pagePath = path.join(webRoot, 'index.html');
  const page = fs.existsSync(pagePath) ? fs.readFileSync(pagePath, 'utf8') : undefined;
  return { status: result.status, calls, page };
}

describe('userdata/apache.sh', () => {
  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  (shellcheck || process.env.CI ? it : it.skip)('is shellcheck clean', () => {
    const result = spawnSync('shellcheck', ['--shell=bash', SCRIPT], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
  if (!shellcheck && !process.env.CI) console.warn('SKIPPED shellcheck: not installed (apt-get install shellcheck)');

  it('updates, installs httpd with dnf, enables and starts it, and writes the page', () => {
    const { status, calls, page } = runInSandbox();
    expect(status).toBe(0);
    expect(calls).toEqual(['dnf -y update', 'dnf -y install httpd', 'systemctl enable --now httpd', 'hostname -f']);
    expect(page).toBe(`Hello World from ${HOSTNAME}\n`);
  });

  it.each([
    ['dnf -y update', ['dnf -y update']],
    ['dnf -y install httpd', ['dnf -y update', 'dnf -y install httpd']],
    ['systemctl', ['dnf -y update', 'dnf -y install httpd', 'systemctl enable --now httpd']],
    ['hostname', ['dnf -y update', 'dnf -y install httpd', 'systemctl enable --now httpd', 'hostname -f']],
  ])('stops with a non-zero status when "%s" fails, and writes no page', (failing, expectedCalls) => {
    const { status, calls, page } = runInSandbox(failing);
    expect(status).not.toBe(0);
    expect(calls).toEqual(expectedCalls);
    expect(page).toBeUndefined();
  });
});
