/**
 * One option table for every command of the kit (as aws-cdk-cli keeps one table of its
 * options): each option is declared once, with its help line; a command lists the
 * options it takes, and parsing and `--help` both come from the table.
 */
import { parseArgs } from 'node:util';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliIo } from './io';

export interface OptionSpec {
  /** `flag`: present or not; `value`: takes one value; `context`: `-c key=value`, repeatable. */
  readonly kind: 'flag' | 'value' | 'context';
  readonly short?: string;
  /** The value's placeholder in the help, e.g. `<region>`. */
  readonly placeholder?: string;
  readonly description: string;
}

export const OPTIONS = {
  region: { kind: 'value', placeholder: '<region>', description: "AWS region (default: AWS_REGION or the profile's region)" },
  profile: { kind: 'value', placeholder: '<name>', description: 'named profile of ~/.aws/config (default: AWS_PROFILE or the default chain)' },
  json: { kind: 'flag', description: 'print the result as JSON (for scripts)' },
  help: { kind: 'flag', short: 'h', description: 'this help' },
  context: { kind: 'context', short: 'c', placeholder: 'key=value', description: 'a setting, as for cdk synth (e.g. -c instanceType=t4g.micro, -c ttl=2h)' },
  all: { kind: 'flag', description: 'every lab' },
  wait: { kind: 'value', placeholder: '<seconds>', description: 'longest wait for an instance booting or targets registering (default 180)' },
  'all-regions': { kind: 'flag', description: 'every region enabled in the account' },
  compare: { kind: 'value', placeholder: '<instance type>', description: 'the notes\' launch types for this type as numbers: on-demand, spot (live from EC2 with credentials), reserved, savings plan, dedicated host' },
  failover: { kind: 'flag', description: 'LabAlbRouting: also stop one web server, check the page still answers, start it again' },
  'cdk-out': { kind: 'value', placeholder: '<dir>', description: 'read the templates of this cloud assembly (npx cdk synth) instead of synthesizing' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** A command line the command cannot run: the message says what is wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type ValueOf<N extends OptionName> = (typeof OPTIONS)[N]['kind'] extends 'flag'
  ? boolean
  : (typeof OPTIONS)[N]['kind'] extends 'value'
    ? string | undefined
    : Readonly<Record<string, string>>;

export interface CommandLine<N extends OptionName> {
  readonly options: { readonly [K in N]: ValueOf<K> };
  readonly positionals: readonly string[];
}

/** Parses argv against the named options of the table; throws UsageError. */
export function parseCommandLine<N extends OptionName>(argv: readonly string[], names: readonly N[]): CommandLine<N> {
  const config: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const name of names) {
    const spec: OptionSpec = OPTIONS[name];
    config[name] = { type: spec.kind === 'flag' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}), ...(spec.kind === 'context' ? { multiple: true } : {}) };
  }
  // A value option directly followed by another option has lost its value.
  for (const [i, arg] of argv.entries()) {
    const name = arg.replace(/^--/, '') as N;
    if (arg.startsWith('--') && names.includes(name) && OPTIONS[name].kind === 'value' && (argv[i + 1] === undefined || argv[i + 1].startsWith('-'))) {
      throw new UsageError(`${arg} needs a value: ${arg} ${OPTIONS[name].placeholder}`);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const options: Record<string, unknown> = {};
  for (const name of names) {
    const spec: OptionSpec = OPTIONS[name];
    const raw = (parsed.values as Record<string, unknown>)[name];
    if (spec.kind === 'flag') options[name] = raw === true;
    else if (spec.kind === 'value') options[name] = raw as string | undefined;
    else options[name] = parseContext((raw as string[] | undefined) ?? []);
  }
  return { options: options as CommandLine<N>['options'], positionals: parsed.positionals };
}

/**
 * How every command starts: its command line, parsed against the named options and checked by
 * `validate` (which throws UsageError), or the exit code it ends with at once: a usage error is
 * printed to stderr with the help (exit 2), `--help` prints the help to stdout (exit 0).
 */
export function readCommandLine<N extends OptionName>(
  argv: readonly string[],
  names: readonly N[],
  io: CliIo,
  helpText: () => string,
  validate: (line: CommandLine<N>) => void = () => undefined,
): CommandLine<N> | { readonly exit: ExitCode } {
  let line: CommandLine<N>;
  try {
    line = parseCommandLine(argv, names);
    validate(line);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${helpText()}`);
    return { exit: EXIT.usage };
  }
  if ((line.options as Partial<Record<OptionName, unknown>>).help === true) {
    io.stdout.write(helpText());
    return { exit: EXIT.ok };
  }
  return line;
}

function parseContext(pairs: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`-c needs key=value, not "${pair}" (e.g. -c sshCidr=203.0.113.10/32)`);
    context[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return context;
}

/** The options' lines of a `--help`, aligned, in the order given. */
export function optionsHelp(names: readonly OptionName[]): string {
  const left = names.map((name) => {
    const spec: OptionSpec = OPTIONS[name];
    const flag = spec.kind === 'context' ? `-c ${spec.placeholder}` : `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ''}`;
    return flag;
  });
  const width = Math.max(...left.map((l) => l.length));
  return ['Options:', ...names.map((name, i) => `  ${left[i].padEnd(width)}  ${OPTIONS[name].description}`)].join('\n');
}
