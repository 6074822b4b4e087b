/** `npm run check -- <Lab> [options]`: parses, runs each lab's checks, prints, returns the exit code. */
import { LAB_MODULES, findLab } from '../catalogue';
import { EXIT, exitCodesHelp } from '../cli/exit-codes';
import type { CliIo } from '../cli/io';
import { optionsHelp, readCommandLine, type OptionName } from '../cli/options';
import type { LabModule } from '../lab-module';
import type { CheckDeps } from './check-labs';
import { DEFAULT_WAIT_SECONDS } from './context';

export type { CheckDeps } from './check-labs';

const OPTION_NAMES = ['all', 'region', 'profile', 'wait', 'failover', 'json', 'help'] as const satisfies readonly OptionName[];

export function helpText(): string {
  const width = Math.max(...LAB_MODULES.map((lab) => lab.meta.id.length));
  return [
    'Check my progress: inspects a deployed lab in your AWS account and says what is done.',
    '',
    'Usage: npm run check -- <Lab> [<Lab> ...] [options]',
    '       npm run check -- --all [options]',
    '',
    'Labs:',
    ...LAB_MODULES.map(({ meta }) => `  ${meta.id.padEnd(width)}  ${meta.summary}${meta.pinnedRegion ? ` (always ${meta.pinnedRegion})` : ''}`),
    '',
    optionsHelp(OPTION_NAMES),
    '',
    exitCodesHelp('not done: a check failed, or the lab is not deployed'),
    '',
  ].join('\n');
}

/** Runs the command; resolves to the exit code. Never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo, deps: CheckDeps = {}): Promise<number> {
  const line = readCommandLine(argv, OPTION_NAMES, io, helpText);
  if ('exit' in line) return line.exit;
  const { options, positionals } = line;
  const maxWaitSeconds = options.wait === undefined ? DEFAULT_WAIT_SECONDS : Number(options.wait);
  if (!Number.isInteger(maxWaitSeconds) || maxWaitSeconds < 1 || maxWaitSeconds > 3600) {
    io.stderr.write(`--wait takes a whole number of seconds from 1 to 3600, not "${options.wait}"\n`);
    return EXIT.usage;
  }
  const labs: LabModule[] = [];
  for (const name of positionals) {
    const found = findLab(name);
    if (!found) {
      io.stderr.write(`Unknown lab "${name}". Labs: ${LAB_MODULES.map((lab) => lab.meta.id).join(', ')}\n`);
      return EXIT.usage;
    }
    labs.push(found);
  }
  if (options.all) labs.splice(0, labs.length, ...LAB_MODULES);
  if (labs.length === 0) {
    io.stderr.write(`Name a lab to check, or --all.\n\n${helpText()}`);
    return EXIT.usage;
  }

  // The AWS SDK loads only now: `--help` and a usage error answer without it (about 1 s sooner).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkLabs } = require('./check-labs') as typeof import('./check-labs');
  return checkLabs(labs, { ...options, maxWaitSeconds }, io, deps);
}
