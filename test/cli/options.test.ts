import { EXIT, exitCodesHelp } from '../../lib/cli/exit-codes';
import { ANSI, NO_COLOUR, outputWidth, paletteFor } from '../../lib/cli/io';
import { optionsHelp, parseCommandLine, readCommandLine, UsageError } from '../../lib/cli/options';
import { captureIo } from './capture-io';

describe('readCommandLine (how every command starts)', () => {
  const help = () => 'Usage: demo [--region <region>]\n';

  it('gives the command line when it is good', () => {
    const io = captureIo();
    expect(readCommandLine(['--region', 'eu-west-1', 'LabEc2'], ['region', 'help'], io, help)).toEqual({
      options: { region: 'eu-west-1', help: false },
      positionals: ['LabEc2'],
    });
    expect(io.out() + io.err()).toBe('');
  });

  it('a usage error, of parsing or of the command\'s own rules: the message and the help on stderr, exit 2', () => {
    const io = captureIo();
    expect(readCommandLine(['--bogus'], ['region', 'help'], io, help)).toEqual({ exit: EXIT.usage });
    expect(io.err()).toBe(`Unknown option '--bogus'\n\n${help()}`);
    const rules = captureIo();
    const noPositionals = ({ positionals }: { positionals: readonly string[] }) => {
      if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    };
    expect(readCommandLine(['LabEc2'], ['region', 'help'], rules, help, noPositionals)).toEqual({ exit: EXIT.usage });
    expect(rules.err()).toBe(`unexpected argument LabEc2\n\n${help()}`);
    expect(io.out() + rules.out()).toBe('');
  });

  it('--help: the help on stdout, exit 0', () => {
    const io = captureIo();
    expect(readCommandLine(['--help'], ['region', 'help'], io, help)).toEqual({ exit: EXIT.ok });
    expect(io.out()).toBe(help());
    expect(io.err()).toBe('');
  });

  it('an error that is not a usage error is not taken for one', () => {
    const io = captureIo();
    expect(() => readCommandLine([], ['help'], io, help, () => { throw new TypeError('a bug'); })).toThrow('a bug');
    expect(io.err()).toBe('');
  });
});

describe('parseCommandLine (one option table for every command)', () => {
  it('reads flags, values, repeated -c key=value and positionals', () => {
    const { options, positionals } = parseCommandLine(['LabEc2', '--json', '--region', 'eu-west-1', '-c', 'ttl=2h', '-c', 'sshCidr=203.0.113.10/32', 'LabAlb'], ['json', 'region', 'context', 'help']);
    expect(options).toEqual({ json: true, region: 'eu-west-1', context: { ttl: '2h', sshCidr: '203.0.113.10/32' }, help: false });
    expect(positionals).toEqual(['LabEc2', 'LabAlb']);
  });

  it('keeps "=" inside a context value', () => {
    expect(parseCommandLine(['-c', 'budgetEmail=a=b@example.com'], ['context']).options.context).toEqual({ budgetEmail: 'a=b@example.com' });
  });

  it.each([
    [['--region'], '--region needs a value: --region <region>'],
    [['--region', '--json'], '--region needs a value: --region <region>'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['-c', 'ttl'], '-c needs key=value, not "ttl" (e.g. -c sshCidr=203.0.113.10/32)'],
    [['-c', '=2h'], '-c needs key=value, not "=2h" (e.g. -c sshCidr=203.0.113.10/32)'],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv, ['region', 'json', 'context'])).toThrow(new UsageError(message));
  });

  it('an option the command does not take is unknown', () => {
    expect(() => parseCommandLine(['--all-regions'], ['region'])).toThrow("Unknown option '--all-regions'");
  });

  it('the help lines come from the same table, aligned', () => {
    expect(optionsHelp(['region', 'json', 'help', 'context'])).toBe(
      [
        'Options:',
        "  --region <region>  AWS region (default: AWS_REGION or the profile's region)",
        '  --json             print the result as JSON (for scripts)',
        '  -h, --help         this help',
        '  -c key=value       a setting, as for cdk synth (e.g. -c instanceType=t4g.micro, -c ttl=2h)',
      ].join('\n'),
    );
  });
});

describe('exit codes', () => {
  it('are 0 ok, 1 not done, 2 usage, 3 could not check', () => {
    expect(EXIT).toEqual({ ok: 0, notDone: 1, usage: 2, couldNotCheck: 3 });
    expect(exitCodesHelp('something is left')).toBe(
      [
        'Exit codes:',
        '  0  ok',
        '  1  something is left',
        '  2  usage error (unknown option or lab, bad value)',
        '  3  could not check: no credentials, profile not found, access denied, throttled,',
        '     unknown or malformed region, AWS unreachable',
      ].join('\n'),
    );
  });
});

describe('rendering', () => {
  it('colours only on a terminal, never with NO_COLOR or TERM=dumb', () => {
    expect(paletteFor({ write: () => true, isTTY: true }, {})).toBe(ANSI);
    expect(paletteFor({ write: () => true, isTTY: false }, {})).toBe(NO_COLOUR);
    expect(paletteFor({ write: () => true, isTTY: true }, { NO_COLOR: '1' })).toBe(NO_COLOUR);
    expect(paletteFor({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(NO_COLOUR);
  });

  it("fits tables to the terminal's width, 100 columns otherwise", () => {
    expect(outputWidth({ write: () => true, isTTY: true, columns: 72 })).toBe(72);
    expect(outputWidth({ write: () => true, isTTY: false, columns: 72 })).toBe(100);
  });
});
