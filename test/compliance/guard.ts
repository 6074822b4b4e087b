/**
 * Runs AWS Control Tower's proactive controls (the cfn-guard rules and binary shipped by
 * @cdklabs/cdk-validator-cfnguard) on synthesized stacks, and matches each finding with
 * the acknowledgements recorded by acknowledgeControl() (lib/compliance/controls.ts).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type App, CfnElement, Stack } from 'aws-cdk-lib';
import { acknowledgements } from '../../lib/compliance/acknowledgements';
import { GUARD_PLUGIN_NAME } from '../../lib/compliance/controls';

export interface GuardFinding {
  readonly stack: string;
  /** cfn-guard rule name, e.g. `ec2_instance_no_public_ip_check`. */
  readonly rule: string;
  /** Control Tower id read from the rule's own message, e.g. `CT.EC2.PR.8`. */
  readonly control: string;
  /** Construct path of the resource, e.g. `LabEc2/FirstInstance/Instance/Resource`. */
  readonly path: string;
  readonly fix: string;
}

export interface GuardAcknowledgement {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
}

export interface GuardResult {
  readonly findings: GuardFinding[];
  /** Findings no acknowledgement covers: each fails the build. */
  readonly unacknowledged: GuardFinding[];
  /** Acknowledgements that cover no finding any more: each fails the build too. */
  readonly stale: GuardAcknowledgement[];
}

/** AWS Control Tower's cfn-guard rules, as shipped with the validator (one file per control). */
const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

const RESOURCE_TYPE = /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g;

/** Every rule file, with the resource types it names (read once per test file). */
const ruleFiles = (() => {
  let files: { file: string; types: Set<string> }[] | undefined;
  return () =>
    (files ??= (fs.readdirSync(CONTROL_TOWER_RULES, { recursive: true, encoding: 'utf8' }) as string[])
      .filter((name) => name.endsWith('.guard'))
      .map((name) => path.join(CONTROL_TOWER_RULES, name))
      .map((file) => ({ file, types: new Set(fs.readFileSync(file, 'utf8').match(RESOURCE_TYPE) ?? []) })));
})();

/**
 * The rules that can find something in these templates. A Control Tower rule selects the
 * resources it checks by type (`Resources.*[ Type == 'AWS::EC2::Instance' ]`), so a rule none
 * of whose types is in a template finds nothing there; guard costs ~15 ms per rule and
 * template, and only ~40 of the ~470 rules concern the labs' resource types. A rule that
 * names no type at all is kept.
 */
export function applicableRules(templatePaths: readonly string[]): string[] {
  const present = new Set(templatePaths.flatMap((p) => Object.values(JSON.parse(fs.readFileSync(p, 'utf8')).Resources ?? {}).map((r) => (r as { Type: string }).Type)));
  return ruleFiles()
    .filter(({ types }) => types.size === 0 || [...types].some((t) => present.has(t)))
    .map(({ file }) => file);
}

/** The guard acknowledgements recorded under the app (rule name without the plugin prefix). */
export function guardAcknowledgements(app: App): GuardAcknowledgement[] {
  return acknowledgements(app)
    .filter((ack) => ack.namespace === GUARD_PLUGIN_NAME)
    .map(({ id, path: constructPath, reason }) => ({ rule: id, path: constructPath, reason }));
}

const covers = (ack: GuardAcknowledgement, finding: GuardFinding) =>
  ack.rule === finding.rule && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));

/** A violation of one template as guard reports it, without the template's path. */
interface TemplateViolation {
  readonly rule: string;
  readonly description: string;
  readonly fix: string;
  readonly logicalId: string;
}

const VALIDATOR_VERSION: string = JSON.parse(
  fs.readFileSync(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'), 'utf8'),
).version;

/**
 * Guard's results per template, remembered between runs: guard costs seconds per app, and its
 * findings are a function of the template's text and of the rules and binary, which ship together
 * in the validator's package (so its version is part of the key). A changed template is checked
 * again; a clean clone (CI) checks every one. `GUARD_CACHE=off` checks every template afresh.
 */
export const GUARD_CACHE_FILE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'aws-dva-labs', 'control-tower-results.json');

function templateKey(templateText: string): string {
  return createHash('sha256').update(`${VALIDATOR_VERSION}\0${templateText}`).digest('hex');
}

function readGuardCache(): Record<string, TemplateViolation[]> {
  if (process.env.GUARD_CACHE === 'off') return {};
  try {
    return JSON.parse(fs.readFileSync(GUARD_CACHE_FILE, 'utf8')) as Record<string, TemplateViolation[]>;
  } catch {
    return {}; // missing or unreadable: check afresh
  }
}

function writeGuardCache(cache: Record<string, TemplateViolation[]>): void {
  if (process.env.GUARD_CACHE === 'off') return;
  const keys = Object.keys(cache);
  const kept = Object.fromEntries(keys.slice(Math.max(0, keys.length - 200)).map((k) => [k, cache[k]]));
  fs.mkdirSync(path.dirname(GUARD_CACHE_FILE), { recursive: true });
  const temporary = `${GUARD_CACHE_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(kept));
  fs.renameSync(temporary, GUARD_CACHE_FILE); // a parallel run reads the old file or the new one, never half
}

/** Runs guard once on these templates (the rules that can apply to them) and sorts its violations by template. */
function guardViolations(templatePaths: readonly string[]): Map<string, TemplateViolation[]> {
  const byTemplate = new Map<string, TemplateViolation[]>(templatePaths.map((p) => [p, []]));
  if (templatePaths.length === 0) return byTemplate;
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: applicableRules(templatePaths) });
  const report = validator.validate({ templatePaths: [...templatePaths] } as Parameters<CfnGuardValidator['validate']>[0]);
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      byTemplate.get(resource.templatePath)?.push({
        rule: violation.ruleName,
        description: violation.description,
        fix: violation.fix ?? '',
        logicalId: resource.resourceLogicalId,
      });
    }
  }
  return byTemplate;
}

/**
 * Synthesizes the app and runs every Control Tower rule on each of its stacks: one guard
 * process for the templates not checked before, with the rules that can apply to them (see
 * applicableRules); the others' results are remembered (GUARD_CACHE_FILE).
 */
export function runGuard(app: App): GuardResult {
  const assembly = app.synth();
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  const templates = stacks.map((stack) => {
    const templatePath = assembly.getStackArtifact(stack.artifactId).templateFullPath;
    return { stack, templatePath, key: templateKey(fs.readFileSync(templatePath, 'utf8')) };
  });
  const cache = readGuardCache();
  const fresh = guardViolations(templates.filter((t) => !(t.key in cache)).map((t) => t.templatePath));
  if (fresh.size > 0) {
    for (const t of templates) if (fresh.has(t.templatePath)) cache[t.key] = fresh.get(t.templatePath)!;
    writeGuardCache(cache);
  }
  const findings = templates.flatMap(({ stack, templatePath, key }) => {
    const pathOf = new Map(
      stack.node
        .findAll()
        .filter((c): c is CfnElement => CfnElement.isCfnElement(c))
        .map((element) => [stack.resolve(element.logicalId) as string, element.node.path]),
    );
    return (fresh.get(templatePath) ?? cache[key]).map((violation) => ({
      stack: stack.stackName,
      rule: violation.rule,
      control: /\[(CT\.[A-Z0-9.]+)\]/.exec(violation.description)?.[1] ?? 'unknown',
      path: pathOf.get(violation.logicalId) ?? `${stack.stackName}/?${violation.logicalId}`,
      fix: violation.fix,
    }));
  });
  const acknowledgements = guardAcknowledgements(app);
  return {
    findings,
    unacknowledged: findings.filter((f) => !acknowledgements.some((a) => covers(a, f))),
    stale: acknowledgements.filter((a) => !findings.some((f) => covers(a, f))),
  };
}
