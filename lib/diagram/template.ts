/**
 * The little of a CloudFormation template the pictures read, and how to turn its
 * values (literals, parameters, imports, intrinsic functions) into words.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

export interface CfnParameter {
  readonly Type?: string;
  readonly Default?: unknown;
  readonly Description?: string;
}

export interface CfnTemplate {
  readonly Description?: string;
  readonly Parameters?: Readonly<Record<string, CfnParameter>>;
  readonly Resources?: Readonly<Record<string, CfnResource>>;
}

export type Props = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points to, or undefined for anything else. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere inside a value (Ref, Fn::GetAtt, and `${Id}` in Fn::Sub). */
export function referencesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  const direct = referencedId(value);
  if (direct !== undefined) into.add(direct);
  if (Array.isArray(value)) value.forEach((v) => referencesIn(v, into));
  else if (isRecord(value)) {
    const sub = value['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText) for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) into.add(m[1]);
    Object.values(value).forEach((v) => referencesIn(v, into));
  }
  return into;
}

/** The value of a tag (`Tags: [{ Key, Value }]`), if it is a plain string. */
export function tagValue(props: Props, key: string): string | undefined {
  const tag = asArray(props.Tags).find((t) => isRecord(t) && t.Key === key);
  return isRecord(tag) && typeof tag.Value === 'string' ? tag.Value : undefined;
}

/**
 * A template value in words: a literal as itself, a parameter by its name, an import
 * by its export name, `Fn::Select [i, Fn::GetAZs]` as "AZ i+1"; undefined when
 * the value cannot be said in a few words.
 */
export function describeValue(value: unknown, template: CfnTemplate): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') {
    if (value.Ref.startsWith('AWS::')) return value.Ref.slice(5).toLowerCase();
    return value.Ref;
  }
  if ('Fn::ImportValue' in value) {
    const name = describeValue(value['Fn::ImportValue'], template);
    return name === undefined ? 'an imported value' : `import ${name}`;
  }
  const select = value['Fn::Select'];
  if (Array.isArray(select) && isRecord(select[1]) && 'Fn::GetAZs' in select[1]) {
    const index = Number(describeValue(select[0], template));
    return Number.isInteger(index) ? `AZ ${index + 1}` : undefined;
  }
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((part: unknown) => describeValue(part, template));
    return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  return undefined;
}

/**
 * A logical id without the hashes CDK appends (`WebSecurityGroup73AF7387` →
 * `WebSecurityGroup`; an instance's user-data hash as well).
 */
export function humanizeLogicalId(logicalId: string): string {
  const stripped = logicalId.replace(/[0-9a-f]{16}$/, '').replace(/[0-9A-F]{8}$/, '');
  return stripped.length > 0 ? stripped : logicalId;
}

/** `AWS::ElasticLoadBalancingV2::TargetGroup` → `TargetGroup`; `Custom::AccountPasswordPolicy` → `Account password policy`. */
export function humanizeType(type: string): string {
  const last = type.split('::').pop() ?? type;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).replace(/ ([A-Z])([a-z])/g, (_m, a: string, b: string) => ` ${a.toLowerCase()}${b}`);
}

/** The construct path of a resource under its stack (`LabAlb/WebSecurityGroup/Resource` → `WebSecurityGroup/Resource`). */
export function constructPath(resource: CfnResource): string | undefined {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path.split('/').slice(1).join('/') : undefined;
}
