/** `npm run cost -- --compare <type>` (lib/cost/cli.ts): the launch types of one instance type side by side. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { awsClient, resolvedRegion } from '../aws/clients';
import { EXIT } from '../cli/exit-codes';
import { outputWidth, type CliIo } from '../cli/io';
import { instanceHourPrice, PRICES } from '../pricing/prices';
import type { CostDeps } from './cli';
import { compareLaunchTypes, renderLaunchTypeComparison, spotQuote } from './launch-types';

/**
 * `--compare <type>`: on-demand, spot, reserved, savings plan and dedicated host for one type.
 * The spot price is read from EC2 when credentials and a region resolve; otherwise the table's
 * typical figure stands in (the comparison never fails for want of an account).
 */
export async function compare(
  instanceType: string,
  options: { readonly region?: string; readonly profile?: string; readonly json: boolean },
  io: CliIo,
  deps: CostDeps,
): Promise<number> {
  if (instanceHourPrice(instanceType) === undefined) {
    io.stderr.write(`No on-demand price for "${instanceType}" in lib/pricing/prices.json. Types with a price: ${Object.keys(PRICES.instanceHour).join(', ')}\n`);
    return EXIT.usage;
  }
  const ec2 = deps.ec2 ?? awsClient(EC2Client, { region: options.region, profile: options.profile });
  let spot;
  let region;
  try {
    region = await resolvedRegion(ec2);
    spot = region ? await spotQuote(ec2, instanceType) : undefined;
  } catch {
    spot = undefined; // no credentials or no network: the table's typical spot figure
  } finally {
    if (!deps.ec2) ec2.destroy();
  }
  const comparison = compareLaunchTypes(instanceType, { spot, region });
  io.stdout.write(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderLaunchTypeComparison(comparison, outputWidth(io.stdout)));
  return EXIT.ok;
}
