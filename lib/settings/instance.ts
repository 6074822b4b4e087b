/**
 * `instanceType`, `creditMode`, `keyFormat`: the EC2 labs' instance and key pair.
 *
 * An instance type is checked with CDK's own parser and the very accessors the lab
 * instance uses (`architecture`, `isBurstable()`), so no type that passes here can
 * crash `cdk synth` later. aws-cdk-lib is loaded only when an instance type is
 * parsed, so reading the other settings stays cheap for the SDK-side CLIs.
 */
import type * as Ec2 from 'aws-cdk-lib/aws-ec2';
import { refuse } from './errors';
import { closest, oneOf } from './text';

function cdkEc2(): typeof Ec2 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-cdk-lib/aws-ec2') as typeof Ec2;
}

/** What the labs need to know about the type; every field comes from CDK's parser. */
export interface InstanceTypeFacts {
  readonly name: string;
  readonly architecture: 'arm64' | 'x86_64';
  readonly burstable: boolean;
}

/** The families and sizes this version of CDK knows, from its own enums. */
function cdkVocabulary(): { families: Set<string>; sizes: string[] } {
  const ec2 = cdkEc2();
  const sizes = Object.values(ec2.InstanceSize) as string[];
  const families = new Set(
    (Object.values(ec2.InstanceClass) as Ec2.InstanceClass[]).map((c) => ec2.InstanceType.of(c, ec2.InstanceSize.LARGE).toString().split('.')[0]),
  );
  return { families, sizes };
}

/** Sizes of the burstable families (T2, T3, T3a, T4g): nano to 2xlarge, no metal. */
const BURSTABLE_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];

/**
 * Families the labs cannot launch, and why. EC2 Mac instances run only on a
 * Dedicated Host (allocated for at least 24 hours), which the labs do not create.
 */
const UNSUPPORTED_FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/^mac/, 'EC2 Mac instances run only on a Dedicated Host (billed for at least 24 hours), which the labs do not allocate'],
];

/** Parses `instanceType` with CDK's parser; returns the type's name and what the labs need of it. */
export function parseInstanceType(text: string): InstanceTypeFacts {
  // Common slips, with what was probably meant.
  if (/\s/.test(text)) refuse('it contains a space', text.replace(/\s+/g, '.').toLowerCase());
  if (text !== text.toLowerCase()) refuse('instance types are written in lower case', text.toLowerCase());
  if (!text.includes('.')) {
    const split = /^([a-z][a-z0-9-]*?\d[a-z0-9-]*?)[-_]?(nano|micro|small|medium|large|\d*xlarge|metal)$/.exec(text);
    if (split) refuse('family and size are separated by a dot', `${split[1]}.${split[2]}`);
    if (/^(nano|micro|small|medium|large|\d*xlarge|metal)$/.test(text)) refuse('that is a size without a family', `t3.${text}`);
    if (/^[a-z]+\d/.test(text)) refuse('that is a family without a size', `${text}.micro`);
    refuse('an instance type is written family.size');
  }
  const [family, size, ...rest] = text.split('.');
  if (rest.length > 0) refuse('an instance type has exactly one dot (family.size)');

  const unsupported = UNSUPPORTED_FAMILIES.find(([pattern]) => pattern.test(family));
  if (unsupported) refuse(unsupported[1], 't3.micro');

  const ec2 = cdkEc2();
  const { families, sizes } = cdkVocabulary();
  if (!families.has(family)) {
    refuse(`"${family}" is not an EC2 family that this version of CDK knows`, suggestType(closest(family, families, 2), size, sizes));
  }
  if (!sizes.includes(size)) {
    refuse(`"${size}" is not an EC2 size`, suggestType(family, closest(size, sizes, 2), sizes));
  }

  let facts: InstanceTypeFacts;
  try {
    const type = new ec2.InstanceType(text);
    facts = {
      name: type.toString(),
      architecture: type.architecture === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'x86_64',
      burstable: type.isBurstable(),
    };
  } catch (error) {
    // CDK refuses the identifier (e.g. u7i-12tb.224xlarge): say so, without its stack trace.
    return refuse(`CDK cannot read this instance type (${error instanceof Error ? error.message : String(error)})`);
  }
  if (facts.burstable && !BURSTABLE_SIZES.includes(size)) {
    refuse(`the burstable family ${family} comes in ${BURSTABLE_SIZES.join(', ')}`, suggestType(family, closest(size, BURSTABLE_SIZES, 3), sizes));
  }
  return facts;
}

function suggestType(family: string | undefined, size: string | undefined, sizes: readonly string[]): string | undefined {
  return family && size && sizes.includes(size) ? `${family}.${size}` : undefined;
}

export type CreditMode = 'standard' | 'unlimited';
export const CREDIT_MODES: readonly CreditMode[] = ['standard', 'unlimited'];

export function parseCreditMode(text: string): CreditMode {
  return oneOf(text, CREDIT_MODES, { std: 'standard', default: 'standard', burst: 'unlimited', infinite: 'unlimited' });
}

export type KeyFormat = 'pem' | 'ppk';
export const KEY_FORMATS: readonly KeyFormat[] = ['pem', 'ppk'];

export function parseKeyFormat(text: string): KeyFormat {
  return oneOf(text, KEY_FORMATS, { '.pem': 'pem', '.ppk': 'ppk', openssh: 'pem', ssh: 'pem', putty: 'ppk', puttygen: 'ppk', windows: 'ppk' });
}
