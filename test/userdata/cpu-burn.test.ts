/**
 * userdata/cpu-burn.sh: shellcheck clean, and run for real in a sandbox: the unit and
 * the burner it installs, with stand-ins for systemctl, nproc and yes that record
 * what they are asked.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BURN_MINUTES } from '../../lib/labs/lab-burstable/meta';
import { itIsShellcheckClean, userDataScript, UserDataSandbox } from './sandbox';

const SCRIPT = userDataScript('cpu-burn.sh');

function sandbox() {
  const box = new UserDataSandbox('cpu-burn-sh-')
    .standIn('systemctl')
    .standIn('nproc', 'echo 3\n')
    // A busy loop stand-in that waits to be ended, as `yes` would be by timeout or systemctl stop.
    .standIn('yes', 'exec sleep 30\n');
  return Object.assign(box, { binDir: box.path('usr-local-bin'), unitDir: box.path('systemd') });
}

function install(box: ReturnType<typeof sandbox>, extra: Record<string, string> = {}) {
  return box.run(SCRIPT, { BIN_DIR: box.binDir, UNIT_DIR: box.unitDir, FAIL: '', ...extra });
}

describe('userdata/cpu-burn.sh', () => {
  itIsShellcheckClean('is shellcheck clean', () => [SCRIPT]);

  it('installs cpu-burn.service (not enabled: nothing burns until you start it) and reloads systemd', () => {
    const box = sandbox();
    const result = install(box);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(box.calls()).toEqual(['systemctl daemon-reload']);
    const unit = fs.readFileSync(path.join(box.unitDir, 'cpu-burn.service'), 'utf8');
    expect(unit).toContain(`ExecStart=${box.binDir}/cpu-burn\n`);
    expect(unit).toContain(`Environment=BURN_MINUTES=${BURN_MINUTES}\n`);
    expect(unit).toContain('Type=simple\n');
    // No [Install] section: a reboot does not start it, and `systemctl enable` is never run.
    expect(unit).not.toContain('[Install]');
    expect(fs.statSync(path.join(box.binDir, 'cpu-burn')).mode & 0o777).toBe(0o755);
  });

  it('installs a burner that keeps every vCPU busy, then stops by itself with status 0', () => {
    const box = sandbox();
    expect(install(box).status).toBe(0);
    const started = Date.now();
    // 0.01 minutes: each loop is ended by timeout after 0.6 s (the stand-in would sleep 30 s).
    // No pipes: the loops would hold them open, and the run would seem to last as long as they do
    // even if the burner did not wait for them.
    const burn = spawnSync(path.join(box.binDir, 'cpu-burn'), [], { stdio: 'ignore', env: box.env({ BURN_MINUTES: '0.01', FAIL: '' }), timeout: 20_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(burn.status).toBe(0);
    // Not before the loops were ended: the burner waits for them.
    expect(seconds).toBeGreaterThanOrEqual(0.6);
    expect(seconds).toBeLessThan(15);
    expect(box.calls().filter((c) => c.startsWith('yes'))).toHaveLength(3);
    expect(box.calls()).toContain('nproc ');
  });

  it('refuses a BURN_MINUTES that is not a whole number, before writing anything', () => {
    const box = sandbox();
    const result = install(box, { BURN_MINUTES: '5; rm -rf /' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('BURN_MINUTES must be a whole number');
    expect(fs.existsSync(box.unitDir)).toBe(false);
  });

  it('stops with a non-zero status when systemctl daemon-reload fails', () => {
    const box = sandbox();
    const result = install(box, { FAIL: 'systemctl' });
    expect(result.status).not.toBe(0);
  });
});
