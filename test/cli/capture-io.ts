/** A CliIo that records what a command writes, for in-process CLI tests. */
import type { CliIo } from '../../lib/cli/io';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(env: NodeJS.ProcessEnv = {}, options: { tty?: boolean; columns?: number; now?: Date } = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: options.tty, columns: options.columns },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env,
    ...(options.now ? { now: () => options.now! } : {}),
    out: () => out,
    err: () => err,
  };
}
