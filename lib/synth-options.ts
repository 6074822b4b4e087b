/**
 * What one run of the app must build and check, from what the CDK CLI tells it.
 *
 * The CLI runs the whole app for every command and does not say which stacks were asked for,
 * with one exception: the stacks named with `--exclusively` (`-e`) to `deploy`, `diff` or
 * `synth` reach the app as the context key `aws:cdk:bundling-stacks` (otherwise `['**']`, and
 * `[]` for commands that deploy nothing: `list`, `destroy`, ...). So:
 * - `npx cdk deploy -e LabIam` builds LabIam alone (and LabNetwork for an EC2 lab);
 * - `npx cdk ls` / `npx cdk destroy` skip the CloudFormation validation: they deploy no template.
 */
import { LAB_IDS, type LabId } from './catalogue';

/** The CDK CLI's context key listing the stacks it will bundle assets for (glob patterns). */
export const BUNDLING_STACKS_CONTEXT = 'aws:cdk:bundling-stacks';

export interface SynthOptions {
  /** The labs to build; undefined for every lab. */
  readonly only?: readonly LabId[];
  /** Whether CDK's CloudFormation validation runs on the templates. */
  readonly validate: boolean;
}

/** A stack-path glob as the CLI's patterns (`*` within a path segment, `**` across them, `?` one character). */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * @param bundlingStacks the value of `aws:cdk:bundling-stacks` (undefined when the app runs without the CLI)
 * @param env the process environment (the CLI's `--no-validation` arrives as CDK_VALIDATION=false)
 */
export function synthOptions(bundlingStacks: unknown, env: NodeJS.ProcessEnv = process.env): SynthOptions {
  const patterns = Array.isArray(bundlingStacks) ? bundlingStacks.filter((p): p is string => typeof p === 'string') : ['**'];
  const validate = patterns.length > 0 && env.CDK_VALIDATION !== 'false';
  if (patterns.length === 0) return { validate };
  const matchers = patterns.map(globToRegExp);
  const only = LAB_IDS.filter((id) => matchers.some((m) => m.test(id)));
  // Nothing named is a lab (`-e LabNetwork`, or a typo the CLI will report): build every lab.
  return only.length === 0 || only.length === LAB_IDS.length ? { validate } : { only, validate };
}
