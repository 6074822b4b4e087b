/**
 * Runs AWS Control Tower's proactive controls (the cfn-guard rules and binary shipped by
 * @cdklabs/cdk-validator-cfnguard) on synthesized stacks, and matches each finding with
 * the acknowledgements recorded by acknowledgeControl() (lib/compliance/controls.ts).
 */
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

const validator = new CfnGuardValidator();

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

/** Synthesizes the app and runs every Control Tower rule on each of its stacks. */
export function runGuard(app: App): GuardResult {
  const assembly = app.synth();
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  const findings = stacks.flatMap((stack) => {
    const pathOf = new Map(
      stack.node
        .findAll()
        .filter((c): c is CfnElement => CfnElement.isCfnElement(c))
        .map((element) => [stack.resolve(element.logicalId) as string, element.node.path]),
    );
    const templatePath = assembly.getStackArtifact(stack.artifactId).templateFullPath;
    const report = validator.validate({ templatePaths: [templatePath], appConstruct: app });
    return report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({
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
