/**
 * The AWS half of `npm run check` (lib/check/cli.ts, which parses the command line first):
 * runs each lab's checks in its region, then prints the report and returns the exit code.
 */
import { assertProfileExists, assertRegionName, CouldNotCheck } from '../aws/errors';
import { EXIT } from '../cli/exit-codes';
import { paletteFor, progressWriter, type CliIo } from '../cli/io';
import type { LabModule } from '../lab-module';
import { quotaSection } from '../quotas/section';
import { createCheckClients, destroyCheckClients, type CheckClients } from './clients';
import { DEFAULT_HTTP, type HttpOptions, type WaitOptions } from './context';
import { renderJson, renderText, runPassed } from './render';
import { runLabCheck, type LabReport } from './run';

/** What a test may replace. */
export interface CheckDeps {
  /** Client settings laid over the defaults (tests point them at moto). */
  readonly clientOverrides?: Readonly<Record<string, unknown>>;
  readonly http?: HttpOptions;
}

/** The command line, parsed and checked. */
export interface CheckOptions {
  /** --all: every lab; one that is not deployed is then reported without failing the run. */
  readonly all: boolean;
  readonly region?: string;
  readonly profile?: string;
  readonly failover: boolean;
  readonly json: boolean;
  readonly maxWaitSeconds: number;
}

/** Checks each lab; resolves to the exit code. Never throws for AWS's answers, never prints a stack trace. */
export async function checkLabs(labs: readonly LabModule[], options: CheckOptions, io: CliIo, deps: CheckDeps): Promise<number> {
  const wait: WaitOptions = { maxWaitSeconds: options.maxWaitSeconds, onProgress: progressWriter(io.stderr) };
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
