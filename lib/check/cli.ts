/** `npm run check -- <Lab> [options]`: parses, runs each lab's checks, prints, returns the exit code. */
import { assertProfileExists, assertRegionName, CouldNotCheck } from '../aws/errors';
import { LAB_MODULES, findLab } from '../catalogue';
import { EXIT, exitCodesHelp } from '../cli/exit-codes';
import { paletteFor, progressWriter, type CliIo } from '../cli/io';
import { optionsHelp, parseCommandLine, UsageError, type OptionName } from '../cli/options';
import type { LabModule } from '../lab-module';
import { quotaSection } from '../quotas/section';
import { createCheckClients, destroyCheckClients, type CheckClients } from './clients';
import { DEFAULT_HTTP, DEFAULT_WAIT_SECONDS, type HttpOptions, type WaitOptions } from './context';
import { renderJson, renderText, runPassed } from './render';
import { runLabCheck, type LabReport } from './run';

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

/** What a test may replace. */
export interface CheckDeps {
  /** Client settings laid over the defaults (tests point them at moto). */
  readonly clientOverrides?: Readonly<Record<string, unknown>>;
  readonly http?: HttpOptions;
}

/** Runs the command; resolves to the exit code. Never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo, deps: CheckDeps = {}): Promise<number> {
  let options;
  let positionals;
  try {
    ({ options, positionals } = parseCommandLine(argv, OPTION_NAMES));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${helpText()}`);
    return EXIT.usage;
  }
  if (options.help) {
    io.stdout.write(helpText());
    return EXIT.ok;
  }
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

  const wait: WaitOptions = { maxWaitSeconds, onProgress: progressWriter(io.stderr) };
  const clientsByRegion = new Map<string, CheckClients>();
  const clientsFor = (region: string | undefined): CheckClients => {
    const key = region ?? '';
    if (!clientsByRegion.has(key)) {
      clientsByRegion.set(key, createCheckClients({ region, profile: options.profile, overrides: deps.clientOverrides }));
    }
    return clientsByRegion.get(key)!;
  };

  const reports: LabReport[] = [];
  let quotaLines: string[] = [];
  try {
    assertRegionName(options.region);
    assertProfileExists(options.profile, io.env);
    for (const lab of labs) {
      const region = lab.meta.pinnedRegion ?? options.region;
      reports.push(
        await runLabCheck(lab, clientsFor(region), {
          wait,
          http: deps.http ?? DEFAULT_HTTP,
          where: { region, profile: options.profile, env: io.env },
          now: io.now ?? (() => new Date()),
          disruptive: { failover: options.failover },
        }),
      );
      wait.onProgress('');
    }
    // The learner's region's quotas, when a lab that runs instances was asked for: what it uses, what is left.
    if (!options.json && labs.some((lab) => lab.meta.billsByTheHour && !lab.meta.pinnedRegion)) {
      const clients = clientsFor(options.region);
      quotaLines = await quotaSection({ ec2: clients.ec2, target: { region: options.region, profile: options.profile, overrides: deps.clientOverrides } });
    }
  } catch (error) {
    if (!(error instanceof CouldNotCheck)) throw error;
    wait.onProgress('');
    io.stderr.write(`${error.message}\n`);
    return EXIT.couldNotCheck;
  } finally {
    for (const clients of clientsByRegion.values()) destroyCheckClients(clients);
  }
  io.stdout.write(options.json ? renderJson(reports, options.all) : renderText(reports, options.all, paletteFor(io.stdout, io.env)));
  if (quotaLines.length > 0) io.stdout.write(`\n${quotaLines.join('\n')}\n`);
  if (reports.some((r) => r.outcome === 'could-not-check')) return EXIT.couldNotCheck;
  return runPassed(reports, options.all) ? EXIT.ok : EXIT.notDone;
}
