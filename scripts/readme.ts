/**
 * npm run readme: rewrites the parts of README.md that restate the catalogue, between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`: the lab list, the settings table,
 * the cost table (from the synthesized templates and the price table), what each lab's check
 * verifies, each lab's picture (drawn from its template), the security controls table and the
 * cdk-nag acknowledgements (read from the app).
 * test/readme.test.ts fails when README.md is not what this script would write.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAB_MODULES } from '../lib/catalogue';
import { nagAcknowledgementsMarkdownTable } from '../lib/compliance/acknowledgements';
import { controlsMarkdownTable } from '../lib/compliance/controls';
import { estimateLabCost } from '../lib/cost/estimate';
import { PRICES } from '../lib/pricing/prices';
import { describeCostLine } from '../lib/cost/report';
import { formatHourly, formatMonthly } from '../lib/pricing/money';
import { buildTemplateApp, synthesizeTemplates, type LabTemplate } from '../lib/cost/templates';
import { labDiagramMarkdown } from '../lib/diagram';
import type { LabModule } from '../lib/lab-module';
import { labTtl } from '../lib/lab-app';
import { quotaNeeds, quotaNeedsLine } from '../lib/quotas';
import { formatTtl, readSettings, SETTING_KEYS, SETTINGS, settingsMarkdownTable } from '../lib/settings';
import { maxCostBeforeAutoDestroy } from '../lib/ttl';

export const README = path.join(__dirname, '..', 'README.md');

/** The moment the README's templates are synthesized at (deadlines count from it). */
const README_CLOCK = new Date('2026-11-26T12:00:00Z');

const markers = (name: string) => ({ open: `<!-- generated:${name} -->`, close: `<!-- /generated:${name} -->` });

/**
 * Replaces the content of each named block with `blocks[name]`. Throws when a block has no
 * markers in the text, or when the text has a generated block nobody generates (so neither
 * side can be forgotten).
 */
export function rewriteGeneratedBlocks(readme: string, blocks: Readonly<Record<string, string>>): string {
  const inText = [...readme.matchAll(/<!-- generated:([\w.-]+) -->/g)].map((m) => m[1]);
  const unknown = inText.filter((name) => !(name in blocks));
  if (unknown.length > 0) throw new Error(`README.md has generated blocks that nothing generates: ${unknown.join(', ')}`);
  let out = readme;
  for (const [name, content] of Object.entries(blocks)) {
    const { open, close } = markers(name);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README.md has no block ${open} ... ${close}`);
    if (out.indexOf(open, start + 1) >= 0) throw new Error(`README.md has the block ${name} twice`);
    out = `${out.slice(0, start + open.length)}\n${content.trimEnd()}\n${out.slice(end)}`;
  }
  return out;
}

/** GitHub's anchor of a heading made of one word. */
const anchor = (heading: string) => `#${heading.toLowerCase()}`;
/** Text with angle brackets shown as such in Markdown, not read as HTML. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function labList(labs: readonly LabModule[]): string {
  return `- [The labs](#the-labs): ${labs.map((lab) => `[${lab.meta.id}](${anchor(lab.meta.id)})`).join(' · ')}`;
}

/** A lab's synthesized template, by its id. */
function templateOf(templates: readonly LabTemplate[], lab: LabModule): LabTemplate {
  const template = templates.find((t) => t.lab === lab.meta.id);
  if (!template) throw new Error(`${lab.meta.id} was not synthesized`);
  return template;
}

function costTable(labs: readonly LabModule[], templates: readonly LabTemplate[]): string {
  const rows = labs.map((lab) => {
    const template = templateOf(templates, lab);
    const cost = estimateLabCost(lab.meta.id, template.template, undefined, templates.map((t) => t.template));
    const bills = cost.lines.length === 0 ? 'nothing billed by the hour' : cost.lines.map(describeCostLine).join('; ');
    return `| ${lab.meta.id} | ${formatHourly(cost.usdPerHour)} | ${formatMonthly(cost.usdPerMonth)} | ${bills} |`;
  });
  return [`| Lab | per hour | per month (${PRICES.hoursPerMonth} h) | What bills |`, '|---|---:|---:|---|', ...rows].join('\n');
}

/** One line a lab section opens with: what it costs, when it deletes itself, where it lives. */
function labFacts(lab: LabModule, templates: readonly LabTemplate[]): string {
  const cost = estimateLabCost(lab.meta.id, templateOf(templates, lab).template, undefined, templates.map((t) => t.template));
  const ttl = labTtl(lab.meta, readSettings(() => undefined));
  const costText =
    cost.usdPerHour === 0
      ? '**Cost:** nothing by the hour'
      : `**Cost:** ${formatHourly(cost.usdPerHour)}/h, ${formatMonthly(cost.usdPerMonth)} a month if left running`;
  const ttlText =
    ttl === 'off'
      ? `**Auto-destroy:** off by default (\`-c ttl=4h\` to turn it on)`
      : `**Auto-destroy:** after ${formatTtl(ttl)} by default, so a forgotten lab costs at most ` +
        `${formatMonthly(maxCostBeforeAutoDestroy(cost.usdPerHour, ttl.minutes) ?? 0)} (\`-c ttl=…\` to change, \`-c ttl=off\` to keep it)`;
  const region = lab.meta.pinnedRegion ? ` **Region:** always ${lab.meta.pinnedRegion}.` : '';
  const needs = quotaNeeds(templateOf(templates, lab).template, templates.map((t) => t.template));
  const quotas = needs.standardVcpus + needs.elasticIps + needs.vpcs + needs.publicIpv4 > 0 ? ` **Quotas:** ${quotaNeedsLine(needs)}.` : '';
  return `${costText}. ${ttlText}.${region}${quotas}`;
}

function checkList(lab: LabModule): string {
  return lab.meta.checks.map((c) => `- ${escapeHtml(c.title)} (\`${c.id}\`)`).join('\n');
}

/** Every generated block of the README, by name. */
export function readmeBlocks(labs: readonly LabModule[] = LAB_MODULES): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dva-labs-readme-'));
  try {
    // One app, as `cdk synth` builds it with the cdk.json settings, serves the cost table, the
    // pictures and the acknowledgements; it is synthesized on a fixed clock so that the
    // auto-destroy deadlines in the pictures do not change from one run to the next.
    const withCdkJson = buildTemplateApp({}, README_CLOCK, outdir);
    const templates = synthesizeTemplates(withCdkJson);
    // The same app with every setting set (each to its example) has the acknowledgements of
    // the optional resources too (the alias helper's role); acknowledgements are made as the
    // labs are built, so it is not synthesized.
    const withEverySetting = buildTemplateApp(Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].example])), README_CLOCK, outdir);
    return {
      'lab-list': labList(labs),
      'settings-table': settingsMarkdownTable(),
      'cost-table': costTable(labs, templates),
      'controls-table': controlsMarkdownTable(),
      'nag-acknowledgements': nagAcknowledgementsMarkdownTable([withCdkJson.app, withEverySetting.app]),
      ...Object.fromEntries(labs.map((lab) => [`checks-${lab.meta.id}`, checkList(lab)])),
      ...Object.fromEntries(labs.map((lab) => [`facts-${lab.meta.id}`, labFacts(lab, templates)])),
      ...Object.fromEntries(labs.map((lab) => [`picture-${lab.meta.id}`, labDiagramMarkdown(lab.meta.id, templateOf(templates, lab).template)])),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const before = fs.readFileSync(README, 'utf8');
  const after = rewriteGeneratedBlocks(before, readmeBlocks());
  if (after === before) {
    console.log('README.md is up to date.');
  } else {
    fs.writeFileSync(README, after);
    console.log('README.md rewritten from the catalogue.');
  }
}
