/**
 * Check my progress: `npm run check -- <Lab>` inspects a deployed lab through the
 * AWS SDK and prints one line per check (see lib/check/). `--help` lists the labs.
 */
import { main } from '../lib/check/cli';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main never throws; this is the last guard against a stack trace.
    console.error(`The check stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
