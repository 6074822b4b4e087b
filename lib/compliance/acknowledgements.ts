/**
 * The findings the labs accept on purpose: every `Validations.of(x).acknowledge(...)` in the
 * app (cdk-nag's AwsSolutions rules, the Control Tower controls of ./controls.ts), and the
 * README's table of the cdk-nag ones, made from the app so that it lists each one with its reason.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { markdownCell } from '../markdown';

/** An acknowledged rule: where, which rule, and why. */
export interface Acknowledgement {
  readonly path: string;
  /** The rule id without CDK's namespace prefix, e.g. `AwsSolutions-EC23`. */
  readonly id: string;
  /** CDK's namespace of the rule, e.g. `cdk-validator-cfnguard` (a plugin's) or `Annotation`. */
  readonly namespace?: string;
  readonly reason: string;
}

/** Every `Validations.of(x).acknowledge(...)` recorded under a scope. */
export function acknowledgements(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => {
        const [, namespace, rule] = /^(?:([\w-]+)::)?(.*)$/s.exec(id)!;
        return { path: construct.node.path, id: rule, ...(namespace ? { namespace } : {}), reason };
      }),
  );
}

/** What each acknowledged cdk-nag rule asks, in a few words (a rule missing here shows its id alone). */
const NAG_RULE_SUBJECTS: Readonly<Record<string, string>> = {
  'AwsSolutions-EC23': 'open to 0.0.0.0/0',
  'AwsSolutions-EC28': 'detailed monitoring',
  'AwsSolutions-EC29': 'termination protection',
  'AwsSolutions-ELB2': 'access logs',
  'AwsSolutions-IAM4': 'AWS managed policy',
  'AwsSolutions-IAM5': 'wildcard permission',
  'AwsSolutions-SMG4': 'no rotation',
  'AwsSolutions-VPC7': 'no flow logs',
};

/**
 * The cdk-nag acknowledgements of `apps` (the same app under different settings: an
 * acknowledgement may exist under some only) as a Markdown table: one row per rule (with what
 * the finding was about, e.g. which policy) and reason, naming every construct it was given to.
 */
export function nagAcknowledgementsMarkdownTable(apps: readonly IConstruct[]): string {
  const rows = new Map<string, { rule: string; reason: string; constructs: Map<string, IConstruct> }>();
  for (const app of apps) {
    const byPath = new Map(app.node.findAll().map((construct) => [construct.node.path, construct]));
    for (const ack of acknowledgements(app).filter((a) => a.id.startsWith('AwsSolutions-'))) {
      const key = `${ack.id}\n${ack.reason}`;
      const row = rows.get(key) ?? { rule: ack.id, reason: ack.reason, constructs: new Map() };
      if (!row.constructs.has(ack.path)) row.constructs.set(ack.path, byPath.get(ack.path)!);
      rows.set(key, row);
    }
  }
  const lines = [...rows.values()].map(({ rule, reason, constructs }) => {
    // `AwsSolutions-IAM5[Resource::*]`: the rule, then what the finding was about.
    const [, id, about] = /^([^[]+)(?:\[(.*)\])?$/.exec(rule)!;
    const subject = [NAG_RULE_SUBJECTS[id], about && `\`${about.replace(/^Policy::.*:policy\//, '').replace(/^Resource::/, '')}\``].filter(Boolean).join(', ');
    return `| ${id}${subject ? ` (${markdownCell(subject)})` : ''} | ${markdownCell(whereList([...constructs.values()]))} | ${markdownCell(reason)} |`;
  });
  return ['| Rule | Where | Why it stays |', '|---|---|---|', ...lines].join('\n');
}

/** "LabAlb `WebServer1/Role`, `WebServer2/Role`; LabNlb `WebServer1/Role`": constructs by stack, in the app's order. */
function whereList(constructs: readonly IConstruct[]): string {
  const byStack = new Map<string, string[]>();
  for (const construct of constructs) {
    const stack = Stack.of(construct);
    const relative = construct === stack ? '(the stack)' : `\`${construct.node.path.slice(stack.node.path.length + 1)}\``;
    byStack.set(stack.stackName, [...(byStack.get(stack.stackName) ?? []), relative]);
  }
  return [...byStack].map(([stack, relatives]) => `${stack} ${relatives.join(', ')}`).join('; ');
}
