/**
 * npm run readme: rewrites the parts of README.md that restate the catalogue, between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`: the lab list, the cost table
 * (from the synthesized templates and the price table), and what each lab's check verifies.
 * test/readme.test.ts fails when README.md is not what this script would write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAB_MODULES } from '../lib/catalogue';
import { estimateLabCost } from '../lib/cost/estimate';
import { PRICES } from '../lib/pricing/prices';
import { describeCostLine } from '../lib/cost/report';
import { formatHourly, formatMonthly } from '../lib/pricing/money';
import { synthesizeLabTemplates } from '../lib/cost/templates';
import type { LabModule } from '../lib/lab-module';

export const README = path.join(__dirname, '..', 'README.md');

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

function costTable(labs: readonly LabModule[]): string {
  const templates = synthesizeLabTemplates();
  const rows = labs.map((lab) => {
    const template = templates.find((t) => t.lab === lab.meta.id);
    if (!template) throw new Error(`${lab.meta.id} was not synthesized`);
    const cost = estimateLabCost(lab.meta.id, template.template);
    const bills = cost.lines.length === 0 ? 'nothing billed by the hour' : cost.lines.map(describeCostLine).join('; ');
    return `| ${lab.meta.id} | ${formatHourly(cost.usdPerHour)} | ${formatMonthly(cost.usdPerMonth)} | ${bills} |`;
  });
  return [`| Lab | per hour | per month (${PRICES.hoursPerMonth} h) | What bills |`, '|---|---:|---:|---|', ...rows].join('\n');
}

function checkList(lab: LabModule): string {
  return lab.meta.checks.map((c) => `- ${escapeHtml(c.title)} (\`${c.id}\`)`).join('\n');
}

/** Every generated block of the README, by name. */
export function readmeBlocks(labs: readonly LabModule[] = LAB_MODULES): Record<string, string> {
  return {
    'lab-list': labList(labs),
    'cost-table': costTable(labs),
    ...Object.fromEntries(labs.map((lab) => [`checks-${lab.meta.id}`, checkList(lab)])),
  };
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
