import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceCreditSpecificationsCommand } from '@aws-sdk/client-ec2';
import type { LabCheckContext } from '../../check/context';
import { checkInstanceRunning } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
import { surplusCreditRate } from '../../cost/launch-types';
import { burstFacts, usdPerCredit } from './credits';
import { METRICS_HOURS } from './meta';
import { OUTPUTS } from './outputs';

/** The burstable metrics EC2 sends CloudWatch every 5 minutes, free (basic monitoring). */
export const CREDIT_METRICS = {
  cpu: { name: 'CPUUtilization', stat: 'Average' },
  balance: { name: 'CPUCreditBalance', stat: 'Average' },
  usage: { name: 'CPUCreditUsage', stat: 'Sum' },
  surplusBalance: { name: 'CPUSurplusCreditBalance', stat: 'Average' },
  surplusCharged: { name: 'CPUSurplusCreditsCharged', stat: 'Sum' },
} as const;
export type CreditMetric = keyof typeof CREDIT_METRICS;

/** One metric's datapoints, oldest first. */
export type Series = readonly { readonly at: Date; readonly value: number }[];

/** The instance's credit metrics over the last `hours`, at 5-minute resolution. */
export async function readCreditMetrics(cloudWatch: CloudWatchClient, instanceId: string, hours: number, now = new Date()): Promise<Record<CreditMetric, Series>> {
  const queries: MetricDataQuery[] = (Object.entries(CREDIT_METRICS) as [CreditMetric, (typeof CREDIT_METRICS)[CreditMetric]][]).map(([id, m]) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/EC2', MetricName: m.name, Dimensions: [{ Name: 'InstanceId', Value: instanceId }] },
      Period: 300,
      Stat: m.stat,
    },
  }));
  const series = Object.fromEntries(Object.keys(CREDIT_METRICS).map((id) => [id, [] as { at: Date; value: number }[]])) as Record<CreditMetric, { at: Date; value: number }[]>;
  let nextToken: string | undefined;
  do {
    const page = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(now.getTime() - hours * 3_600_000),
        EndTime: now,
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      const target = series[result.Id as CreditMetric];
      if (!target) continue;
      (result.Timestamps ?? []).forEach((at, i) => target.push({ at, value: result.Values?.[i] ?? 0 }));
    }
    nextToken = page.NextToken;
  } while (nextToken);
  for (const s of Object.values(series)) s.sort((a, b) => a.at.getTime() - b.at.getTime());
  return series;
}

const one = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
const money = (usd: number) => `$${usd.toFixed(4)}`;

/**
 * LabBurstable: the credit mode as deployed, then what CloudWatch shows: the credit
 * balance falling or rising, the CPU against its baseline, and in unlimited mode the
 * surplus credits and their price.
 */
export async function checkLabBurstable(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const instanceId = stack.outputs[OUTPUTS.instanceId];
  const deployedMode = stack.outputs[OUTPUTS.creditMode];
  if (!instanceId || !deployedMode) {
    list.fail('instance.output', `stack outputs ${OUTPUTS.instanceId} and ${OUTPUTS.creditMode}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }
  const instance = await checkInstanceRunning(list, clients.ec2, ctx.wait, instanceId, stack.name);
  if (!instance) return list.results;
  const type = instance.InstanceType ?? '?';

  const specification = (await clients.ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [instanceId] }))).InstanceCreditSpecifications?.[0];
  const mode = specification?.CpuCredits ?? 'none';
  list.expect(
    mode === deployedMode,
    'credits.mode',
    `CPU credits ${deployedMode}, as deployed`,
    mode,
    `the instance runs with ${mode} credits, the lab deployed ${deployedMode}: ` +
      `aws ec2 modify-instance-credit-specification --instance-credit-specification "InstanceId=${instanceId},CpuCredits=${deployedMode}"`,
  );

  const metrics = await readCreditMetrics(clients.cloudWatch, instanceId, METRICS_HOURS);
  const startBurn = `start the burn with the ${OUTPUTS.startBurnCommand} output`;
  const noData = (metric: string) =>
    `CloudWatch has no ${metric} for ${instanceId} in the last ${METRICS_HOURS} hours: a T instance reports every 5 minutes, ` +
    'so wait 10 minutes after launch (and check the region: --region)';

  // The credit balance, first to last.
  const balance = metrics.balance;
  const balanceTitle = `CPUCreditBalance over the last ${METRICS_HOURS} hours`;
  const lastBalance = balance.at(-1)?.value;
  if (balance.length === 0 || lastBalance === undefined) {
    list.fail('credits.balance', balanceTitle, noData('CPUCreditBalance'));
  } else {
    const first = balance[0].value;
    const trend = lastBalance < first - 0.5 ? 'falling: the CPU spends more than it earns' : lastBalance > first + 0.5 ? 'rising: the CPU earns more than it spends' : 'steady';
    const used = metrics.usage.reduce((sum, p) => sum + p.value, 0);
    list.pass('credits.balance', balanceTitle, `${one(first)} -> ${one(lastBalance)} credits, ${trend}; ${one(used)} spent`);
  }

  // CPU against the baseline.
  const facts = burstFacts(type);
  const baseline = facts?.baselinePercent;
  const cpuTitle = `CPUUtilization against the baseline (${baseline ?? '?'}% for ${type})`;
  const cpu = metrics.cpu.at(-1)?.value;
  if (cpu === undefined) {
    list.fail('cpu.baseline', cpuTitle, noData('CPUUtilization'));
  } else if (baseline === undefined) {
    list.fail('cpu.baseline', cpuTitle, `${type} is not a burstable type: it has no baseline; redeploy with -c instanceType=t3.micro`, `${one(cpu)}%`);
  } else {
    const near = Math.abs(cpu - baseline) <= Math.max(2, baseline * 0.2);
    const empty = lastBalance !== undefined && lastBalance < 1;
    const words =
      near && empty && deployedMode === 'standard'
        ? `held at the ${baseline}% baseline: no credits left (standard mode)`
        : cpu > baseline + 2
          ? `above the ${baseline}% baseline: bursting, ${deployedMode === 'unlimited' && empty ? 'on surplus credits' : 'spending credits'}`
          : cpu < baseline - 2
            ? `below the ${baseline}% baseline: earning credits (${startBurn})`
            : `at the ${baseline}% baseline`;
    list.pass('cpu.baseline', cpuTitle, `${one(cpu)}% now, ${words}`);
  }

  // Surplus credits: what unlimited mode spends beyond the balance, and what it bills.
  const surplusTitle = 'surplus credits (unlimited mode) and what they cost';
  const rate = surplusCreditRate(type);
  const outstanding = metrics.surplusBalance.at(-1)?.value ?? 0;
  const charged = metrics.surplusCharged.reduce((sum, p) => sum + p.value, 0);
  const price = (credits: number) => (rate ? money(credits * usdPerCredit(rate.usd)) : 'no rate in lib/pricing/prices.json');
  if (deployedMode !== 'unlimited' && outstanding === 0 && charged === 0) {
    list.pass('credits.surplus', surplusTitle, 'none: standard mode never spends surplus credits, it holds the CPU at the baseline instead');
    return list.results;
  }
  const detail =
    `${one(outstanding)} outstanding (${price(outstanding)} if the instance stopped now), ` +
    `${one(charged)} charged in the last ${METRICS_HOURS} hours (${price(charged)})` +
    (rate ? ` at ${money(rate.usd)} per vCPU-hour` : '');
  list.expect(
    charged === 0,
    'credits.surplus',
    surplusTitle,
    detail,
    `surplus credits are billing (${price(charged)} so far): stop the burn with the ${OUTPUTS.stopBurnCommand} output, ` +
      `or go back to standard credits with npx cdk deploy ${stack.name} -c creditMode=standard`,
  );
  return list.results;
}
