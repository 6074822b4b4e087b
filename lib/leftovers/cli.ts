/**
 * `npm run leftovers -- [--region R | --all-regions] [--profile P] [--json]`: after
 * `cdk destroy`, everything of the kit still in the account, what it costs per hour and
 * the command that removes it, and what could not be scanned.
 */
import { PINNED_REGIONS } from '../catalogue';
import { exitCodesHelp } from '../cli/exit-codes';
import type { CliIo } from '../cli/io';
import { optionsHelp, readCommandLine, UsageError, type OptionName } from '../cli/options';
import type { LeftoversDeps } from './run-leftovers';

export type { LeftoversDeps } from './run-leftovers';

const OPTION_NAMES = ['region', 'all-regions', 'profile', 'json', 'help'] as const satisfies readonly OptionName[];

export function helpText(): string {
  return [
    'Leftovers: everything of aws-dva-labs still in your account after `npx cdk destroy`, what it costs',
    'per hour and the command that removes it. Regions or parts that cannot be scanned are listed as such.',
    '',
    'Usage: npm run leftovers -- [options]',
    '',
    `Without --region: your region (AWS_REGION or the profile's) and ${PINNED_REGIONS.join(', ')} (where some labs always live).`,
    '',
    optionsHelp(OPTION_NAMES),
    '',
    exitCodesHelp('something of the kit is left'),
    '  (with 1 and 3 together, 1 wins: something is left for sure)',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo, deps: LeftoversDeps = {}): Promise<number> {
  const line = readCommandLine(argv, OPTION_NAMES, io, helpText, ({ options, positionals }) => {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    if (options.region && options['all-regions']) throw new UsageError('use --region or --all-regions, not both');
  });
  if ('exit' in line) return line.exit;
  const { options } = line;
  // The AWS SDK loads only now: `--help` and a usage error answer without it (about 1 s sooner).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runLeftovers } = require('./run-leftovers') as typeof import('./run-leftovers');
  return runLeftovers(options, io, deps);
}
