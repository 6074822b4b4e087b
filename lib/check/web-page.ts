/** The labs' Apache page ("Hello World from <host name>"): fetching it, and what a wrong answer means. */
import { helloWorldHost, httpGet, type HttpOutcome } from './http';

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
