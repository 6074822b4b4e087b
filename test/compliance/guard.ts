/**
 * Runs AWS Control Tower's proactive controls (the cfn-guard rules and binary shipped by
 * @cdklabs/cdk-validator-cfnguard) on synthesized stacks, and matches each finding with
 * the acknowledgements recorded by acknowledgeControl() (lib/compliance/controls.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type App, CfnElement, Stack, Validations } from 'aws-cdk-lib';
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
  const prefix = `${GUARD_PLUGIN_NAME}::`;
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .filter(([id]) => id.startsWith(prefix))
      .map(([id, reason]) => ({ rule: id.slice(prefix.length), path: construct.node.path, reason })),
  );
}

const covers = (ack: GuardAcknowledgement, finding: GuardFinding) =>
  ack.rule === finding.rule && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));

/**
 * Synthesizes the app and runs every Control Tower rule on each of its stacks: one guard
 * process for all templates, with the rules that can apply to them (see applicableRules).
 */
export function runGuard(app: App): GuardResult {
  const assembly = app.synth();
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  const templates = stacks.map((stack) => ({ stack, templatePath: assembly.getStackArtifact(stack.artifactId).templateFullPath }));
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: applicableRules(templates.map((t) => t.templatePath)) });
  const report = validator.validate({ templatePaths: templates.map((t) => t.templatePath), appConstruct: app });
  const findings = templates.flatMap(({ stack, templatePath }) => {
    const pathOf = new Map(
      stack.node
        .findAll()
        .filter((c): c is CfnElement => CfnElement.isCfnElement(c))
        .map((element) => [stack.resolve(element.logicalId) as string, element.node.path]),
    );
    return report.violations.flatMap((violation) =>
      violation.violatingResources
        .filter((resource) => resource.templatePath === templatePath)
        .map((resource) => ({
          stack: stack.stackName,
          rule: violation.ruleName,
          control: /\[(CT\.[A-Z0-9.]+)\]/.exec(violation.description)?.[1] ?? 'unknown',
          path: pathOf.get(resource.resourceLogicalId) ?? `${stack.stackName}/?${resource.resourceLogicalId}`,
          fix: violation.fix ?? '',
        })),
    );
  });
  const acknowledgements = guardAcknowledgements(app);
  return {
    findings,
    unacknowledged: findings.filter((f) => !acknowledgements.some((a) => covers(a, f))),
    stale: acknowledgements.filter((a) => !findings.some((f) => covers(a, f))),
  };
}
