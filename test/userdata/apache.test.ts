/**
 * userdata/apache.sh: shellcheck clean, and run for real in a sandbox where
 * stand-ins for dnf, systemctl and hostname record what the script asks of them.
 */
import { itIsShellcheckClean, userDataScript, UserDataSandbox } from './sandbox';

const SCRIPT = userDataScript('apache.sh');
const HOSTNAME = 'ip-10-0-0-12.ec2.internal';

/** Runs the script with stand-ins; `failing` names a command (or "cmd arg") that exits 1. */
function runInSandbox(failing?: string) {
  const sandbox = new UserDataSandbox('apache-sh-').standIn('dnf').standIn('systemctl').standIn('hostname', `echo "${HOSTNAME}"\n`);
  const result = sandbox.run(SCRIPT, { WEB_ROOT: sandbox.path('www'), FAIL: failing ?? '' });
  return { status: result.status, calls: sandbox.calls(), page: sandbox.file('www/index.html') };
}

describe('userdata/apache.sh', () => {
  itIsShellcheckClean('is shellcheck clean', () => [SCRIPT]);

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
