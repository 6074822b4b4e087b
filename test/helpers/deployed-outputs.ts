/**
 * A deployed stack's outputs, computed from the SYNTHESIZED template: what CloudFormation
 * would show after a deploy in which the template's resources got the physical ids and
 * attributes the test created in moto. A check test builds its fixture with this, so an
 * output the stack does not write (or writes under another id) cannot pass unnoticed.
 *
 * Evaluates Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and the pseudo parameters, and
 * throws on anything it cannot resolve rather than guess.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';

/** A resource of the template, as the test created it. */
export interface DeployedResource {
  /** CloudFormation type, e.g. `AWS::EC2::Instance`. */
  readonly type: string;
  /** Start of its logical id, when the template holds several of that type (`WebServer1`). @default '' */
  readonly idPrefix?: string;
  /** What `Ref` returns: the physical id (an instance id, a user name, an ARN, ...). */
  readonly ref: string;
  /** What `Fn::GetAtt` returns, by attribute name. @default - none */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface DeployedEnv {
  readonly region: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default 'amazonaws.com' */
  readonly urlSuffix?: string;
}

interface CfnTemplate {
  readonly Resources?: Record<string, { readonly Type: string }>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Condition?: string }>;
}

/** The synthesized template of a stack, as JSON. */
export function templateOf(stack: Stack): CfnTemplate {
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

class Unresolvable extends Error {}

/** Every output of the template, resolved; throws naming the output it cannot resolve. */
export function deployedOutputs(
  template: CfnTemplate,
  resources: readonly DeployedResource[],
  env: DeployedEnv,
): Record<string, string> {
  const byLogicalId = new Map<string, DeployedResource>();
  for (const resource of resources) {
    const prefix = resource.idPrefix ?? '';
    const matches = Object.entries(template.Resources ?? {})
      .filter(([id, r]) => r.Type === resource.type && id.startsWith(prefix))
      .map(([id]) => id);
    if (matches.length !== 1) {
      throw new Error(
        `deployedOutputs: ${matches.length} resources of type ${resource.type} with a logical id starting "${prefix}" ` +
          `(want exactly one): ${matches.join(', ') || 'none'}`,
      );
    }
    byLogicalId.set(matches[0], resource);
  }
  const pseudo: Record<string, string> = {
    'AWS::Region': env.region,
    'AWS::AccountId': env.accountId,
    'AWS::Partition': env.partition ?? 'aws',
    'AWS::URLSuffix': env.urlSuffix ?? 'amazonaws.com',
  };

  const ref = (name: string): string => {
    if (name in pseudo) return pseudo[name];
    const resource = byLogicalId.get(name);
    if (!resource) throw new Unresolvable(`Ref ${name}: the test did not say what it deployed for ${name} (${template.Resources?.[name]?.Type ?? 'not a resource of the template'})`);
    return resource.ref;
  };
  const getAtt = (logicalId: string, attribute: string): string => {
    const value = byLogicalId.get(logicalId)?.attributes?.[attribute];
    if (value === undefined) throw new Unresolvable(`Fn::GetAtt ${logicalId}.${attribute}: the test gave no ${attribute} for ${logicalId}`);
    return value;
  };
  const evaluate = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.length === 1) {
        const [fn, arg] = entries[0];
        if (fn === 'Ref' && typeof arg === 'string') return ref(arg);
        if (fn === 'Fn::GetAtt') {
          const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
          return getAtt(String(logicalId), evaluate(attribute));
        }
        if (fn === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1])) {
          return (arg[1] as unknown[]).map(evaluate).join(String(arg[0]));
        }
        if (fn === 'Fn::Select' && Array.isArray(arg)) {
          const list = evaluateList(arg[1]);
          const index = Number(evaluate(arg[0]));
          if (!(index in list)) throw new Unresolvable(`Fn::Select index ${index} of a list of ${list.length}`);
          return list[index];
        }
        if (fn === 'Fn::Sub') {
          const [text, variables] = Array.isArray(arg) ? [String(arg[0]), (arg[1] ?? {}) as Record<string, unknown>] : [String(arg), {}];
          return text.replace(/\$\{([^}!]+)\}/g, (_match, name: string) => {
            if (name in variables) return evaluate(variables[name]);
            const [logicalId, attribute] = name.split(/\.(.*)/s);
            return attribute ? getAtt(logicalId, attribute) : ref(logicalId);
          });
        }
      }
    }
    throw new Unresolvable(`cannot evaluate ${JSON.stringify(value)}`);
  };
  const evaluateList = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.map(evaluate);
    const split = (value as Record<string, unknown> | undefined)?.['Fn::Split'];
    if (Array.isArray(split)) return evaluate(split[1]).split(String(split[0]));
    throw new Unresolvable(`cannot evaluate the list ${JSON.stringify(value)}`);
  };

  const outputs: Record<string, string> = {};
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition) throw new Error(`deployedOutputs: output ${id} has a condition (${output.Condition}); teach this helper to evaluate it`);
    try {
      outputs[id] = evaluate(output.Value);
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error;
      throw new Error(`deployedOutputs: cannot resolve output ${id}: ${error.message}`);
    }
  }
  return outputs;
}
