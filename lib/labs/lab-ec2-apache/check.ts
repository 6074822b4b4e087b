import { withProgress, type LabCheckContext } from '../../check/context';
import { helloWorldHost } from '../../check/http';
import { checkCpuCredits, checkInstanceRunning } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
import { getPageUntil, pageHint } from '../../check/web-page';
import { OUTPUTS } from './outputs';

/** User data installs Apache during the first minutes; retrying makes sense only then. */
export const BOOT_GRACE_MS = 10 * 60_000;

/** LabEc2Apache: the page "Hello World from <host name>" answers on the instance's URL. */
export async function checkLabEc2Apache(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const instanceId = stack.outputs[OUTPUTS.instanceId];
  const url = stack.outputs[OUTPUTS.url];
  if (!instanceId || !url) {
    list.fail('apache.outputs', `stack outputs ${OUTPUTS.instanceId} and ${OUTPUTS.url}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const instance = await checkInstanceRunning(list, clients.ec2, ctx.wait, instanceId, stack.name);
  await checkCpuCredits(list, ctx, instance ? [instanceId] : []);
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
