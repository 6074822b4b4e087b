/** The little of a CloudFormation template the cost estimate reads. */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
}

export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
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
