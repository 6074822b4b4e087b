import type { LabCheckContext } from '../context';
import { withProgress } from '../context';
import { helloWorldHost, httpGet, type HttpOutcome } from '../http';
import { checkInstanceRunning } from '../instances';
import { Checklist, type CheckResult } from '../result';

/** User data installs Apache during the first minutes; retrying makes sense only then. */
export const BOOT_GRACE_MS = 10 * 60_000;

/** GETs the page until it is the lab's page or `deadline` passes (without waiting when deadline is now). */
export async function getPageUntil(
  url: string,
  timeoutMs: number,
  deadline: number,
  resolve?: Readonly<Record<string, string>>,
): Promise<HttpOutcome> {
  for (;;) {
    const outcome = await httpGet(url, timeoutMs, resolve);
    if ((outcome.ok && outcome.status === 200 && helloWorldHost(outcome.body)) || Date.now() >= deadline) return outcome;
    await new Promise((r) => setTimeout(r, Math.min(3_000, Math.max(0, deadline - Date.now()))));
  }
}

/** What went wrong with the page, as a hint. */
export function pageHint(outcome: HttpOutcome, lab: string): string {
  if (!outcome.ok) {
    if (/ENOTFOUND|EAI_AGAIN/.test(outcome.error)) {
      return `no answer (${outcome.error}): the host name does not resolve; a new name can take a few minutes, else redeploy with npx cdk deploy ${lab}`;
    }
    return /timeout|ETIMEDOUT/.test(outcome.error)
      ? `no answer (${outcome.error}): a time-out is a security-group issue; is port 80 open? (npx cdk deploy ${lab})`
      : `no answer (${outcome.error}): "connection refused" means Apache is not running; see /var/log/cloud-init-output.log on the instance`;
  }
  if (outcome.status !== 200) return `HTTP ${outcome.status}: Apache answers but not with the page; see /var/www/html/index.html on the instance`;
  return `the page is ${JSON.stringify(outcome.body.slice(0, 60))}, not "Hello World from <host name>": the user data did not finish; see /var/log/cloud-init-output.log`;
}

/** LabEc2Apache: the page "Hello World from <host name>" answers on the instance's URL. */
export async function checkLabEc2Apache(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const { InstanceId: instanceId, Url: url } = stack.outputs;
  if (!instanceId || !url) {
    list.fail('apache.outputs', 'stack outputs InstanceId and Url', `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const instance = await checkInstanceRunning(list, clients.ec2, ctx.wait, instanceId, stack.name);
  const title = `GET ${url} returns 200 "Hello World from <host name>"`;
  if (instance?.State?.Name !== 'running') {
    list.skip('apache.page', title, 'the instance is not running');
    return list.results;
  }
  const booting = instance.LaunchTime !== undefined && Date.now() - instance.LaunchTime.getTime() < BOOT_GRACE_MS;
  const deadline = booting ? Date.now() + ctx.wait.maxWaitSeconds * 1000 : Date.now();
  const outcome = booting
    ? await withProgress(ctx.wait, `Apache on ${url} (the instance is still booting)`, () => getPageUntil(url, ctx.http.timeoutMs, deadline, ctx.http.resolve))
    : await getPageUntil(url, ctx.http.timeoutMs, deadline, ctx.http.resolve);
  const host = outcome.ok && outcome.status === 200 ? helloWorldHost(outcome.body) : undefined;
  list.expect(host !== undefined, 'apache.page', title, host ? `from ${host}` : undefined, pageHint(outcome, stack.name));
  return list.results;
}
