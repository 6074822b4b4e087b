/**
 * npm run diagram [-- Lab...] [-c key=value ...]: each lab as a Mermaid flowchart drawn from
 * its synthesized template (lib/diagram/). Exit codes as every command of the kit (lib/cli/exit-codes.ts).
 */
import { EXIT } from '../lib/cli/exit-codes';
import { processIo, runMain } from '../lib/cli/io';
import { DiagramUsageError, diagramsMarkdown, parseDiagramArgs } from '../lib/diagram/cli';
import { synthesizeLabTemplates } from '../lib/cost/templates';
import { SettingsError } from '../lib/settings';

runMain(async (argv, io = processIo()) => {
  try {
    const args = parseDiagramArgs(argv);
    io.stdout.write(diagramsMarkdown(synthesizeLabTemplates(args.context), args.labs));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof DiagramUsageError || error instanceof SettingsError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
}, 'diagram');
