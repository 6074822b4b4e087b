/**
 * What `npm run check` and `npm run leftovers` print about quotas: per quota, usage of
 * limit, the kit's part and the rest, and how to raise a quota that is full or nearly so.
 */
import type { QuotaUsage } from './usage';

/** Free units below which a quota is "near its limit": the biggest EC2 lab (LabAlb) needs 4 vCPUs. */
export const NEAR_LIMIT_FREE: Readonly<Record<QuotaUsage['quota']['id'], number>> = {
  vpcs: 1,
  internetGateways: 1,
  elasticIps: 1,
  standardVcpus: 4,
};

export type QuotaStatus = 'ok' | 'near' | 'full' | 'unknown';

export function quotaStatus(usage: QuotaUsage): QuotaStatus {
  if (usage.used === undefined) return 'unknown';
  const free = usage.limit - usage.used;
  if (free <= 0) return 'full';
  return free < NEAR_LIMIT_FREE[usage.quota.id] ? 'near' : 'ok';
}

const LABEL: Record<QuotaStatus, string> = { ok: 'OK  ', near: 'NEAR', full: 'FULL', unknown: '??  ' };

/** The command that asks AWS for more of a quota. */
export function raiseQuotaCommand(usage: QuotaUsage, region: string, desired = usage.limit * 2): string {
  return `aws service-quotas request-service-quota-increase --region ${region} --service-code ${usage.quota.serviceCode} --quota-code ${usage.quota.quotaCode} --desired-value ${desired}`;
}

/**
 * The quota section of a report, as lines (no colour: the CLIs add theirs). Lists who uses a
 * quota only where it is near its limit or full, so a learner sees what to remove.
 */
export function renderQuotaReport(usages: readonly QuotaUsage[], region: string): string[] {
  const lines = [`Quotas in ${region} that a lab can hit:`];
  for (const usage of usages) {
    const status = quotaStatus(usage);
    const unit = `${usage.quota.unit}${usage.limit === 1 ? '' : 's'}`;
    const source = usage.limitSource === 'account' ? '' : ` (AWS default; ${usage.limitNote ?? 'your account may differ'})`;
    if (usage.used === undefined) {
      lines.push(`  ${LABEL[status]}  ${usage.quota.name}: could not read the usage (${usage.error}); limit ${usage.limit} ${unit}${source}`);
      continue;
    }
    const kit = usage.users.filter((u) => u.kit).reduce((sum, u) => sum + u.amount, 0);
    lines.push(`  ${LABEL[status]}  ${usage.quota.name}: ${usage.used} of ${usage.limit} ${unit}${source}; the kit's: ${kit}, others: ${usage.used - kit}`);
    if (status === 'near' || status === 'full') {
      for (const user of usage.users) lines.push(`          ${user.kit ? "kit's " : 'other '} ${user.description}`);
      lines.push(
        `          ${status === 'full' ? 'No room left' : 'Little room left'}: remove what you no longer use (npx cdk destroy <Lab>), or ask for more:`,
        `          ${raiseQuotaCommand(usage, region)}`,
      );
    }
  }
  return lines;
}
