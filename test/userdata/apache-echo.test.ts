/**
 * userdata/apache-echo.sh (LabNlb, LabAlbRouting): shellcheck clean, and run for real in a
 * sandbox where stand-ins for dnf, systemctl and hostname record what the script asks of
 * them; the /echo CGI it writes is run too, as Apache would run it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEchoPage } from '../../lib/check/echo-page';
import { tempDir } from '../helpers/temp-dir';
import { itIsShellcheckClean, userDataScript, UserDataSandbox } from './sandbox';

const SCRIPT = userDataScript('apache-echo.sh');
const HOSTNAME = 'ip-10-0-1-20.ec2.internal';

/** Runs the script with stand-ins; `failing` names a command (or "cmd arg") that exits 1. */
function runInSandbox(options: { failing?: string; appName?: string } = {}) {
  const sandbox = new UserDataSandbox('apache-echo-sh-').standIn('dnf').standIn('systemctl').standIn('hostname', `echo "${HOSTNAME}"\n`);
  const result = sandbox.run(SCRIPT, {
    WEB_ROOT: sandbox.path('www'),
    CGI_DIR: sandbox.path('cgi-bin'),
    HTTPD_CONF_DIR: sandbox.path('conf.d'),
    FAIL: options.failing ?? '',
    ...(options.appName !== undefined ? { APP_NAME: options.appName } : {}),
  });
  return {
    status: result.status,
    stderr: result.stderr,
    calls: sandbox.calls(),
    bin: sandbox.bin,
    file: (relative: string) => sandbox.file(relative),
    mode: (relative: string) => sandbox.mode(relative),
  };
}

/** Runs the /echo CGI the script wrote, with the environment Apache gives a CGI. */
function runEcho(sandbox: { readonly bin: string }, cgiPath: string, env: Record<string, string>) {
  return spawnSync(cgiPath, [], { encoding: 'utf8', env: { PATH: `${sandbox.bin}:/usr/bin:/bin`, ...env } });
}

describe('userdata/apache-echo.sh', () => {
  itIsShellcheckClean('is shellcheck clean, and so is the CGI it writes', () => {
    const cgi = path.join(tempDir('echo-cgi-'), 'echo');
    fs.writeFileSync(cgi, runInSandbox().file('cgi-bin/echo')!);
    return [SCRIPT, cgi];
  });

  it('installs httpd with dnf, writes the page, /echo and the X-Forwarded-For log, then starts Apache', () => {
    const sandbox = runInSandbox();
    expect(sandbox.status).toBe(0);
    expect(sandbox.calls).toEqual(['dnf -y update', 'dnf -y install httpd', 'hostname -f', 'systemctl enable --now httpd']);
    expect(sandbox.file('www/index.html')).toBe(`Hello World from ${HOSTNAME}\n`);
    expect(fs.existsSync(path.join(path.dirname(sandbox.bin), 'www', 'app1'))).toBe(false);
    expect(sandbox.mode('cgi-bin/echo')).toBe(0o755);
    const conf = sandbox.file('conf.d/lab-echo.conf')!;
    expect(conf.split('\n')).toEqual([
      `ScriptAlias /echo "${path.join(path.dirname(sandbox.bin), 'cgi-bin')}/echo"`,
      'LogFormat "%{X-Forwarded-For}i %a %t \\"%r\\" %>s %b \\"%{User-Agent}i\\"" forwarded',
      'CustomLog "logs/forwarded_log" forwarded',
      '',
    ]);
  });

  it('serves /<APP_NAME>/ when the stack sets APP_NAME', () => {
    const sandbox = runInSandbox({ appName: 'app2' });
    expect(sandbox.status).toBe(0);
    expect(sandbox.file('www/app2/index.html')).toBe(`app2 from ${HOSTNAME}\n`);
    expect(sandbox.file('www/index.html')).toBe(`Hello World from ${HOSTNAME}\n`);
  });

  it('refuses an APP_NAME that is not app<number>, before installing anything', () => {
    const sandbox = runInSandbox({ appName: '../etc' });
    expect(sandbox.status).not.toBe(0);
    expect(sandbox.stderr).toContain('APP_NAME must be app1, app2, ... or empty, not: ../etc');
    expect(sandbox.calls).toEqual([]);
  });

  it('writes an /echo CGI that shows the connection address and the X-Forwarded-* headers, "-" for those not sent', () => {
    const sandbox = runInSandbox();
    const cgi = path.join(path.dirname(sandbox.bin), 'cgi-bin', 'echo');
    const behindAlb = runEcho(sandbox, cgi, {
      REMOTE_ADDR: '10.0.0.45',
      HTTP_X_FORWARDED_FOR: '203.0.113.7',
      HTTP_X_FORWARDED_PROTO: 'http',
      HTTP_X_FORWARDED_PORT: '80',
    });
    expect(behindAlb.status).toBe(0);
    const [head, body] = behindAlb.stdout.split('\r\n\r\n');
    expect(head).toBe('Content-Type: text/plain\r\nCache-Control: no-store');
    expect(parseEchoPage(body)).toEqual({
      host: HOSTNAME,
      remoteAddr: '10.0.0.45',
      forwardedFor: '203.0.113.7',
      forwardedProto: 'http',
      forwardedPort: '80',
    });
    const behindNlb = runEcho(sandbox, cgi, { REMOTE_ADDR: '203.0.113.7' });
    expect(parseEchoPage(behindNlb.stdout.split('\r\n\r\n')[1])).toEqual({ host: HOSTNAME, remoteAddr: '203.0.113.7' });
  });

  it.each([
    ['dnf -y update', ['dnf -y update']],
    ['dnf -y install httpd', ['dnf -y update', 'dnf -y install httpd']],
    ['hostname', ['dnf -y update', 'dnf -y install httpd', 'hostname -f']],
    ['systemctl', ['dnf -y update', 'dnf -y install httpd', 'hostname -f', 'systemctl enable --now httpd']],
  ])('stops with a non-zero status when "%s" fails', (failing, expectedCalls) => {
    const sandbox = runInSandbox({ failing });
    expect(sandbox.status).not.toBe(0);
    expect(sandbox.calls).toEqual(expectedCalls);
    if (failing !== 'systemctl') expect(sandbox.file('www/index.html')).toBeUndefined();
  });
});
