/**
 * CPU credit facts of the burstable types, from the EC2 User Guide's credit table
 * ("Key concepts for burstable performance instances"). One credit is one vCPU at 100 %
 * for one minute; an instance earns baseline x vCPUs x 60 credits an hour and keeps at
 * most 24 hours' worth. T3, T3a and T4g get no launch credits: they start at 0.
 *
 * No CDK and no SDK here: the stack, the check and the cost comparison read it.
 */

/** What a burstable type earns and may spend. */
export interface BurstFacts {
  readonly vcpus: number;
  /** Baseline CPU utilization per vCPU, in percent (CloudWatch's CPUUtilization settles there). */
  readonly baselinePercent: number;
}

const T3_SIZES: Readonly<Record<string, BurstFacts>> = {
  nano: { vcpus: 2, baselinePercent: 5 },
  micro: { vcpus: 2, baselinePercent: 10 },
  small: { vcpus: 2, baselinePercent: 20 },
  medium: { vcpus: 2, baselinePercent: 20 },
  large: { vcpus: 2, baselinePercent: 30 },
  xlarge: { vcpus: 4, baselinePercent: 40 },
  '2xlarge': { vcpus: 8, baselinePercent: 40 },
};

const T2_SIZES: Readonly<Record<string, BurstFacts>> = {
  nano: { vcpus: 1, baselinePercent: 5 },
  micro: { vcpus: 1, baselinePercent: 10 },
  small: { vcpus: 1, baselinePercent: 20 },
  medium: { vcpus: 2, baselinePercent: 20 },
  large: { vcpus: 2, baselinePercent: 30 },
  xlarge: { vcpus: 4, baselinePercent: 22.5 },
  '2xlarge': { vcpus: 8, baselinePercent: 17 },
};

const FAMILIES: Readonly<Record<string, Readonly<Record<string, BurstFacts>>>> = {
  t2: T2_SIZES,
  t3: T3_SIZES,
  t3a: T3_SIZES,
  t4g: T3_SIZES,
};

/** The credit facts of a burstable type, or undefined for any other type. */
export function burstFacts(instanceType: string): BurstFacts | undefined {
  const [family, size] = instanceType.split('.');
  return FAMILIES[family]?.[size];
}

/** Credits earned per hour: baseline x vCPUs x 60 minutes (t3.micro: 10 % x 2 x 60 = 12). */
export const creditsPerHour = (facts: BurstFacts) => (facts.baselinePercent / 100) * facts.vcpus * 60;

/** The most credits the balance holds: 24 hours of earning (t3.micro: 288). */
export const maxCreditBalance = (facts: BurstFacts) => creditsPerHour(facts) * 24;

/** One CPU credit is one vCPU-minute: what a surplus credit costs at a rate per vCPU-hour. */
export const usdPerCredit = (usdPerVcpuHour: number) => usdPerVcpuHour / 60;
