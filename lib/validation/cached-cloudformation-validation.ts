/**
 * aws-cdk-lib's built-in CloudFormation validation (the same engine, rules, options and
 * report), which remembers the templates it has already validated.
 *
 * Validating costs about a second per synthesis plus a share per template, and a learner
 * synthesizes the same templates over and over (`cdk synth`, `cdk deploy`, `cdk diff`). A
 * template is validated again only when it changed: the result of each validation is kept in
 * the cloud assembly folder (`cdk.out/cfn-validation-cache.json`), keyed by a hash of the
 * template's text, the stack's path, account and region, and the aws-cdk-lib and engine
 * versions. Date-times in the template (an auto-destroy deadline, which moves with every
 * synthesis) count by their form, not their value: `at(2026-11-26T20:04:00)` and
 * `at(2026-11-27T09:15:00)` validate alike, `at(tomorrow)` does not. A remembered result is reported exactly as a fresh one (warnings included), and
 * acknowledgements apply to it as they do to a fresh one, since CDK applies them afterwards.
 *
 * `npm run validate` (and the CI step of the same name) validates every stack afresh:
 * `CDK_VALIDATION_CACHE=off`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  App,
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
  type PolicyViolation,
  type PolicyValidationStack,
} from 'aws-cdk-lib';

/** The file, in the cloud assembly folder, that remembers validated templates. */
export const VALIDATION_CACHE_FILE = 'cfn-validation-cache.json';

/** Environment variable that turns the cache off (every template validated afresh): `off`. */
export const VALIDATION_CACHE_ENV = 'CDK_VALIDATION_CACHE';

/** How many results the cache keeps (oldest dropped first): a few settings' worth of every lab. */
const MAX_ENTRIES = 500;

/** A remembered violation: the templatePath of its resources is left out (it is the stack's). */
type StoredViolation = Omit<PolicyViolation, 'violatingResources'> & {
  readonly violatingResources: Omit<PolicyViolation['violatingResources'][number], 'templatePath'>[];
};

interface CacheFile {
  readonly entries: Record<string, StoredViolation[]>;
}

// aws-cdk-lib's own version: its list of ignored rules and report shape may change with it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK_LIB_VERSION: string = require('aws-cdk-lib/package.json').version;

/**
 * The validation engine's version (the package aws-cdk-lib ships it in), read from its
 * package.json as aws-cdk-lib resolves it. Asking the engine itself loads its WebAssembly
 * (9 MB, ~0.3 s), which a synthesis whose templates are all remembered never needs.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VALIDATION_ENGINE_VERSION: string = require(
  require.resolve('@aws/cloudformation-validate/package.json', { paths: [path.dirname(require.resolve('aws-cdk-lib/package.json'))] }),
).version;

/** Options of {@link CachedCloudFormationValidatePlugin}. */
export interface CachedCloudFormationValidateProps {
  /**
   * Remember results between syntheses.
   * @default - true, unless the environment variable CDK_VALIDATION_CACHE is `off`
   */
  readonly cache?: boolean;
}

/**
 * CDK's CloudFormation validation with a cache of results. Registered on the App (as
 * `Validations.of(app).addPlugins(...)`), it takes the place of the built-in one: CDK adds
 * its own only when none is registered, and trusts it as its own (same class).
 */
export class CachedCloudFormationValidatePlugin extends CloudFormationValidatePlugin {
  private readonly useCache: boolean;
  /** How many stacks the last validate() took from the cache and how many it validated (for tests). */
  public lastRun = { remembered: 0, validated: 0 };

  constructor(props: CachedCloudFormationValidateProps = {}) {
    super();
    this.useCache = props.cache ?? process.env[VALIDATION_CACHE_ENV] !== 'off';
  }

  /** The engine's version, without loading the engine (CDK puts it in the validation report). */
  public get version(): string {
    return VALIDATION_ENGINE_VERSION;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    if (!this.useCache) {
      this.lastRun = { remembered: 0, validated: context.stackTemplates.length };
      return super.validate(context);
    }
    const cacheFile = path.join(assemblyDir(context), VALIDATION_CACHE_FILE);
    const cache = readCache(cacheFile);
    const keys = new Map(context.stackTemplates.map((stack) => [stack, this.cacheKey(stack)]));
    const toValidate = context.stackTemplates.filter((stack) => !(keys.get(stack)! in cache.entries));
    const remembered = context.stackTemplates.filter((stack) => keys.get(stack)! in cache.entries);

    const violations: PolicyViolation[] = [];
    if (toValidate.length > 0) {
      const fresh = super.validate({ ...context, stackTemplates: toValidate, templatePaths: toValidate.map((s) => s.templatePath) });
      // Stored before CDK fills in construct paths and applies acknowledgements, as it does to fresh results.
      for (const stack of toValidate) cache.entries[keys.get(stack)!] = violationsOf(fresh.violations, stack.templatePath);
      writeCache(cacheFile, cache);
      violations.push(...fresh.violations);
    }
    for (const stack of remembered) merge(violations, restore(cache.entries[keys.get(stack)!], stack.templatePath));
    this.lastRun = { remembered: remembered.length, validated: toValidate.length };
    return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
  }

  private cacheKey(stack: PolicyValidationStack): string {
    return createHash('sha256')
      .update(JSON.stringify([CDK_LIB_VERSION, this.version, path.basename(stack.templatePath), stack.stackConstructPath, stack.accountId, stack.region]))
      .update('\0')
      .update(withoutDateTimeValues(fs.readFileSync(stack.templatePath, 'utf8')))
      .digest('hex');
  }
}

/** Date-times to the minute or more precise, ISO 8601 (`2026-11-26T20:04:00Z`) or written for people (`2026-11-26 20:04`). */
const DATE_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?/g;

/** The template with the digits of every date-time zeroed: same form, no value. */
export function withoutDateTimeValues(template: string): string {
  return template.replace(DATE_TIME, (dateTime) => dateTime.replace(/\d/g, '0'));
}

function assemblyDir(context: IPolicyValidationContext): string {
  return App.isApp(context.appConstruct) ? context.appConstruct.outdir : path.dirname(context.stackTemplates[0].templatePath);
}

function readCache(file: string): CacheFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
    if (parsed && typeof parsed.entries === 'object' && parsed.entries !== null) return { entries: { ...parsed.entries } };
  } catch {
    // missing or unreadable: start afresh
  }
  return { entries: {} };
}

function writeCache(file: string, cache: CacheFile): void {
  const keys = Object.keys(cache.entries);
  const kept = Object.fromEntries(keys.slice(Math.max(0, keys.length - MAX_ENTRIES)).map((k) => [k, cache.entries[k]]));
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ entries: kept }));
  fs.renameSync(temporary, file); // another synthesis reading it sees the old file or the new one, never half
}

/** The violations of one template, without its path (a copy: CDK mutates the report afterwards). */
function violationsOf(violations: readonly PolicyViolation[], templatePath: string): StoredViolation[] {
  return violations.flatMap((v) => {
    const resources = v.violatingResources.filter((r) => r.templatePath === templatePath);
    if (resources.length === 0) return [];
    return [JSON.parse(JSON.stringify({ ...v, violatingResources: resources.map(({ templatePath: _, ...r }) => r) })) as StoredViolation];
  });
}

function restore(stored: readonly StoredViolation[], templatePath: string): PolicyViolation[] {
  return stored.map((v) => ({ ...v, violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath })) }));
}

/** Adds violations to a report, one entry per rule, severity and description, as CDK's plugin does. */
function merge(into: PolicyViolation[], more: readonly PolicyViolation[]): void {
  for (const v of more) {
    const same = into.find((x) => x.ruleName === v.ruleName && x.severity === v.severity && x.description === v.description);
    if (same) same.violatingResources.push(...v.violatingResources);
    else into.push({ ...v, violatingResources: [...v.violatingResources] });
  }
}
