/**
 * `npm run cost -- [Lab...] [--json] [--cdk-out DIR] [-c key=value ...]`: the cost per hour
 * and per month of each lab from its synthesized template and the kit's dated price table,
 * and the most it can cost before it deletes itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAB_MODULES, findLab } from '../catalogue';
import { EXIT, exitCodesHelp } from '../cli/exit-codes';
import { outputWidth, type CliIo } from '../cli/io';
import { optionsHelp, readCommandLine, UsageError, type OptionName } from '../cli/options';
import { formatHourly } from '../pricing/money';
import { labTtl } from '../lab-module';
import { readSettings, SettingsError, type LabSettings } from '../settings';
import { DEADLINE_OUTPUT_KEY, maxCostBeforeAutoDestroy } from '../ttl';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { estimateLabCost } from './estimate';
import { readLabTemplates, type LabTemplate } from './assembly';
import { costReportJson, renderCostReport, type LabCostReport } from './report';
import type { CfnTemplate } from './template';

const OPTION_NAMES = ['json', 'cdk-out', 'context', 'compare', 'region', 'profile', 'help'] as const satisfies readonly OptionName[];

export function helpText(): string {
  return [
    'What the labs cost: per hour and per month while deployed (us-east-1 list prices, lib/pricing/prices.json),',
    'and the most each can cost before it deletes itself (its ttl).',
    '',
    'Usage: npm run cost -- [<Lab> ...] [options]',
    '',
    `Labs: ${LAB_MODULES.map((lab) => lab.meta.id).join(', ')}`,
    '',
    optionsHelp(OPTION_NAMES),
    '',
    exitCodesHelp('(not used: cost reads no account)'),
    '',
  ].join('\n');
}

/** What a test may replace: how templates are obtained (synthesizing takes seconds). */
export interface CostDeps {
  readonly synthesize?: (context: Readonly<Record<string, string>>) => LabTemplate[];
  readonly readAssembly?: (dir: string) => LabTemplate[];
  /** The EC2 client `--compare` reads the spot price with. @default - one from --region/--profile */
  readonly ec2?: EC2Client;
}

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** The settings `cdk synth` would read: cdk.json's context under the -c overrides. */
function settingsOf(context: Readonly<Record<string, string>>): LabSettings {
  const cdkJson = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  return readSettings((key) => (key in context ? context[key] : cdkJson.context?.[key]));
}

/** The lab's ttl as the app gives it (the learner's ttl, else the lab's default); off when the template has no deadline. */
function ttlOf(lab: string, template: CfnTemplate & { Outputs?: Record<string, unknown> }, settings: LabSettings): number | 'off' {
  const meta = findLab(lab)?.meta;
  if (!meta || !template.Outputs || !(DEADLINE_OUTPUT_KEY in template.Outputs)) return 'off';
  const ttl = labTtl(meta, settings);
  return ttl === 'off' ? 'off' : ttl.minutes;
}

/**
 * The cost of each selected lab. `all` are every template of the app: an EC2 lab's public
 * IPv4 follows the shared network's subnets, in LabNetwork's template.
 */
export function costReports(templates: readonly LabTemplate[], settings: LabSettings, all: readonly LabTemplate[] = templates): LabCostReport[] {
  return templates.map((t) => {
    const cost = estimateLabCost(t.lab, t.template, undefined, all.map((other) => other.template));
    const ttl = ttlOf(t.lab, t.template, settings);
    return { ...cost, ttl, maxUsdBeforeAutoDestroy: maxCostBeforeAutoDestroy(cost.usdPerHour, ttl) };
  });
}

export async function main(argv: readonly string[], io: CliIo, deps: CostDeps = {}): Promise<number> {
  const line = readCommandLine(argv, OPTION_NAMES, io, helpText);
  if ('exit' in line) return line.exit;
  const { options, positionals } = line;
  if (options.compare !== undefined) {
    // Loaded here: the comparison reads the spot price with the AWS SDK, a report does not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { compare } = require('./compare') as typeof import('./compare');
    return compare(options.compare, options, io, deps);
  }
  let templates: LabTemplate[];
  let settings: LabSettings;
  try {
    settings = settingsOf(options.context);
    if (options['cdk-out']) {
      const read = deps.readAssembly ?? readLabTemplates;
      templates = read(options['cdk-out']);
    } else {
      // Loaded here: synthesizing needs aws-cdk-lib, --help does not.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const synthesize = deps.synthesize ?? (require('./templates') as typeof import('./templates')).synthesizeLabTemplates;
      templates = synthesize(options.context);
    }
  } catch (error) {
    if (!(error instanceof SettingsError) && !(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  const unknown = positionals.filter((lab) => !templates.some((t) => t.lab === lab));
  if (unknown.length > 0) {
    io.stderr.write(`Unknown lab: ${unknown.join(', ')}. Labs: ${templates.map((t) => t.lab).join(', ')}\n`);
    return EXIT.usage;
  }
  const selected = positionals.length > 0 ? templates.filter((t) => positionals.includes(t.lab)) : templates;
  const reports = costReports(selected, settings, templates);
  io.stdout.write(options.json ? `${JSON.stringify(costReportJson(reports), null, 2)}\n` : renderCostReport(reports, outputWidth(io.stdout)));
  return EXIT.ok;
}

/** `LabAlb $0.0731/h`: a lab's figure in one line (tests pin these). */
export const costPerHourLine = (cost: Pick<LabCostReport, 'lab' | 'usdPerHour'>) => `${cost.lab} ${formatHourly(cost.usdPerHour)}/h`;
