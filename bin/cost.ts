/**
 * npm run cost [-- Lab...] [--json] [--cdk-out DIR] [-c key=value ...]
 *
 * Estimated cost per hour and per month of each lab in us-east-1, from the labs'
 * synthesized templates and the kit's dated price table (lib/cost/prices.json).
 * Without --cdk-out the labs are synthesized in-process with cdk.json's settings;
 * -c overrides a setting as it does for `cdk synth` (e.g. -c instanceType=t4g.micro).
 */
import { estimateLabCost } from '../lib/cost/estimate';
import { costReportJson, renderCostReport } from '../lib/cost/report';
import { readLabTemplates, synthesizeLabTemplates } from '../lib/cost/templates';
import { outputWidth } from '../lib/cost/text-table';
import { SettingsError } from '../lib/settings';

const USAGE = 'Usage: npm run cost -- [Lab...] [--json] [--cdk-out DIR] [-c key=value ...]';

interface CostArgs {
  readonly labs: readonly string[];
  readonly json: boolean;
  readonly cdkOut?: string;
  readonly context: Readonly<Record<string, string>>;
}

function parseArgs(argv: readonly string[]): CostArgs {
  const labs: string[] = [];
  const context: Record<string, string> = {};
  let json = false;
  let cdkOut: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--cdk-out') cdkOut = argv[++i];
    else if (arg === '-c' || arg === '--context') {
      const [key, ...value] = (argv[++i] ?? '').split('=');
      if (!key || value.length === 0) throw new UsageError(`${arg} needs key=value`);
      context[key] = value.join('=');
    } else if (arg === '-h' || arg === '--help') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else labs.push(arg);
  }
  if (cdkOut === undefined && argv.includes('--cdk-out')) throw new UsageError('--cdk-out needs a folder');
  return { labs, json, cdkOut, context };
}

class UsageError extends Error {}

function main(): number {
  let args: CostArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message ? `${error.message}\n${USAGE}` : USAGE);
    return error.message ? 2 : 0;
  }
  let templates;
  try {
    templates = args.cdkOut ? readLabTemplates(args.cdkOut) : synthesizeLabTemplates(args.context);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    return 2;
  }
  const unknown = args.labs.filter((lab) => !templates.some((t) => t.lab === lab));
  if (unknown.length > 0) {
    console.error(`Unknown lab: ${unknown.join(', ')}. Labs: ${templates.map((t) => t.lab).join(', ')}`);
    return 2;
  }
  const selected = args.labs.length > 0 ? templates.filter((t) => args.labs.includes(t.lab)) : templates;
  const costs = selected.map((t) => estimateLabCost(t.lab, t.template, undefined, templates.map((other) => other.template)));
  console.log(args.json ? JSON.stringify(costReportJson(costs), null, 2) : renderCostReport(costs, outputWidth()));
  return 0;
}

process.exitCode = main();
