/**
 * The quotas part of `npm run check` and `npm run leftovers`: the region's usage against
 * its limits, or one line saying why it could not be read (it never fails the command).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { awsClient, resolvedRegion, type AwsTarget } from '../aws/clients';
import { renderQuotaReport } from './render';
import { readQuotaUsage } from './usage';

export interface QuotaSectionInput {
  /** The EC2 client of the region (the command's own). */
  readonly ec2: EC2Client;
  /** Where a Service Quotas client goes: the same region, profile and overrides. */
  readonly target: AwsTarget;
}

/** The quota report's lines for the EC2 client's region. */
export async function quotaSection(input: QuotaSectionInput): Promise<string[]> {
  const region = (await resolvedRegion(input.ec2)) ?? input.target.region;
  if (!region) return ['Quotas: not read (no region)'];
  const serviceQuotas = awsClient(ServiceQuotasClient, { ...input.target, region });
  try {
    return renderQuotaReport(await readQuotaUsage({ ec2: input.ec2, serviceQuotas }), region);
  } catch (error) {
    return [`Quotas in ${region}: not read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`];
  } finally {
    serviceQuotas.destroy();
  }
}
