/** The little of a CloudFormation template the cost estimate reads. */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
}

export interface CfnOutput {
  readonly Value?: unknown;
  readonly Export?: { readonly Name?: unknown };
}

export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, CfnOutput>>;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points to, or undefined for anything else. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as Record<string, unknown>).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Resources of a template as [logical id, resource] pairs, optionally of one type. */
export function resourcesOf(template: CfnTemplate, type?: string): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => type === undefined || r.Type === type);
}

/**
 * The resource another stack exports under the name a `{ Fn::ImportValue: name }` reads
 * (a strong cross-stack reference: LabNetwork's subnets in the EC2 labs), with its template;
 * undefined when the value is no such import or no template exports it as a `Ref`.
 */
export function importedResource(value: unknown, templates: readonly CfnTemplate[]): { resource: CfnResource; template: CfnTemplate } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name = (value as Record<string, unknown>)['Fn::ImportValue'];
  if (typeof name !== 'string') return undefined;
  for (const template of templates) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export?.Name !== name) continue;
      const id = referencedLogicalId(output.Value);
      const resource = id ? template.Resources?.[id] : undefined;
      return resource ? { resource, template } : undefined;
    }
  }
  return undefined;
}
