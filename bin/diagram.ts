/**
 * npm run diagram [-- Lab...] [-c key=value ...]
 *
 * Each lab as a Mermaid flowchart drawn from its synthesized template (GitHub draws
 * ```mermaid blocks): the network, what the lab creates, and the security-group rules
 * as labelled edges. The labs are synthesized in-process with cdk.json's settings.
 */
import { DiagramUsageError, diagramsMarkdown, parseDiagramArgs } from '../lib/diagram/cli';
import { synthesizeLabTemplates } from '../lib/cost/templates';
import { SettingsError } from '../lib/settings';

try {
  const args = parseDiagramArgs(process.argv.slice(2));
  process.stdout.write(diagramsMarkdown(synthesizeLabTemplates(args.context), args.labs));
} catch (error) {
  if (error instanceof DiagramUsageError || error instanceof SettingsError) {
    console.error(error.message);
    process.exitCode = 2;
  } else throw error;
}
