/**
 * Where a command reads and writes: one injectable object, so that each CLI runs
 * in-process in tests (the IO host idea of aws-cdk-cli, kept small). Colour and width
 * are decided here once: colour only on a terminal and never with NO_COLOR set.
 */

/** A stream a command writes to. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
  /** The clock, for times left before auto-destroy. @default - the system clock */
  readonly now?: () => Date;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** ANSI colours, or none. */
export interface Palette {
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string) => s;
export const NO_COLOUR: Palette = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
export const ANSI: Palette = {
  green: (s) => `\x1b[32m${s}\x1b[39m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function paletteFor(stream: OutputStream, env: NodeJS.ProcessEnv): Palette {
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY && !noColour && env.TERM !== 'dumb' ? ANSI : NO_COLOUR;
}

/** The width tables are fitted to: the terminal's, or 100 columns when the output is not a terminal. */
export function outputWidth(stream: OutputStream): number {
  return stream.isTTY && stream.columns ? stream.columns : 100;
}

/** Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise; `''` clears it. */
export function progressWriter(stderr: OutputStream): (message: string) => void {
  let shown = false;
  return (message) => {
    if (stderr.isTTY) {
      if (message || shown) stderr.write(`\r\x1b[K${message}`);
      shown = message !== '';
    } else if (message) {
      stderr.write(`${message}\n`);
    }
  };
}

/** Runs a command's main with the real process and sets its exit code; the last guard against a stack trace. */
export function runMain(main: (argv: readonly string[], io: CliIo) => Promise<number>, name: string): void {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name} stopped: ${error instanceof Error ? error.message : String(error)}\n`);
      // An error no command expected: it could not do its job.
      process.exitCode = 3;
    },
  );
}
