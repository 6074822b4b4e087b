import { parseArgs } from 'node:util';
import { CheckAbort, fatalAwsError } from './aws-errors';
import { createCheckClients, type CheckClients } from './clients';
import { DEFAULT_HTTP, DEFAULT_WAIT_SECONDS, type WaitOptions } from './context';
import { findLabCheck, LAB_CHECKS, type LabCheckDefinition } from './registry';
import { paletteFor, renderJson, renderText, runPassed } from './render';
import { runLabCheck, type LabReport } from './run';

/** Where the CLI writes; a test can pass its own. */
export interface CliIo {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function helpText(): string {
  const width = Math.max(...LAB_CHECKS.map((c) => c.lab.length));
  return [
    'Check my progress: inspects a deployed lab in your AWS account and says what is done.',
    '',
    'Usage: npm run check -- <Lab> [<Lab> ...] [options]',
    '       npm run check -- --all [options]',
    '',
    'Labs:',
    ...LAB_CHECKS.map((c) => `  ${c.lab.padEnd(width)}  ${c.summary}${c.pinnedRegion ? ` (always ${c.pinnedRegion})` : ''}`),
    '',
    'Options:',
    '  --all              check every deployed lab',
    '  --region <region>  region of the labs (default: AWS_REGION or your profile\'s region)',
    '  --profile <name>   named profile of ~/.aws/config (default: AWS_PROFILE or the default chain)',
    `  --wait <seconds>   longest wait for an instance booting or targets registering (default ${DEFAULT_WAIT_SECONDS})`,
    '  --json             print the results as JSON (for scripts)',
    '  -h, --help         this help',
    '',
    'Exit code: 0 when every check passes, 1 otherwise, 2 on a usage error.',
    '',
  ].join('\n');
}

/** Runs the command; resolves to the exit code. Never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        region: { type: 'string' },
        profile: { type: 'string' },
        wait: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${helpText()}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(helpText());
    return 0;
  }
  const maxWaitSeconds = values.wait === undefined ? DEFAULT_WAIT_SECONDS : Number(values.wait);
  if (!Number.isInteger(maxWaitSeconds) || maxWaitSeconds < 1 || maxWaitSeconds > 3600) {
    io.stderr.write(`--wait takes a whole number of seconds from 1 to 3600, not "${values.wait}"\n`);
    return 2;
  }
  const definitions: LabCheckDefinition[] = [];
  for (const name of positionals) {
    const found = findLabCheck(name);
    if (!found) {
      io.stderr.write(`Unknown lab "${name}". Labs: ${LAB_CHECKS.map((c) => c.lab).join(', ')}\n`);
      return 2;
    }
    definitions.push(found);
  }
  if (values.all) definitions.splice(0, definitions.length, ...LAB_CHECKS);
  if (definitions.length === 0) {
    io.stderr.write(`Name a lab to check, or --all.\n\n${helpText()}`);
    return 2;
  }

  const wait: WaitOptions = { maxWaitSeconds, onProgress: progressWriter(io.stderr) };
  const clientsByRegion = new Map<string, CheckClients>();
  const clientsFor = (region: string | undefined): CheckClients => {
    const key = region ?? '';
    if (!clientsByRegion.has(key)) clientsByRegion.set(key, createCheckClients({ region, profile: values.profile }));
    return clientsByRegion.get(key)!;
  };

  const reports: LabReport[] = [];
  try {
    for (const definition of definitions) {
      const clients = clientsFor(definition.pinnedRegion ?? values.region);
      reports.push(await runLabCheck(definition, clients, { wait, http: DEFAULT_HTTP }));
      wait.onProgress('');
    }
  } catch (error) {
    const abort = error instanceof CheckAbort ? error : fatalAwsError(error);
    io.stderr.write(`${abort?.message ?? `The check stopped: ${(error as Error)?.message ?? String(error)}`}\n`);
    return 1;
  } finally {
    for (const clients of clientsByRegion.values()) for (const client of Object.values(clients)) client.destroy();
  }
  io.stdout.write(values.json ? renderJson(reports, values.all) : renderText(reports, values.all, paletteFor(io.stdout, io.env)));
  return runPassed(reports, values.all) ? 0 : 1;
}

/** Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise. */
function progressWriter(stderr: CliIo['stderr']): (message: string) => void {
  let shown = false;
  return (message) => {
    if (stderr.isTTY) {
      if (message || shown) stderr.write(`\r\x1b[K${message}`);
      shown = message !== '';
    } else if (message) {
      stderr.write(`${message}\n`);
    }
  };
}
