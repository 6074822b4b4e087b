/** `npm run diagram [-- Lab...] [-c key=value ...]`: arguments and the Markdown it prints. */
import { labDiagramMarkdown } from './index';

export const DIAGRAM_USAGE = 'Usage: npm run diagram -- [Lab...] [-c key=value ...]';

export interface DiagramArgs {
  readonly labs: readonly string[];
  /** Settings as `-c key=value` gives them to `cdk synth`. */
  readonly context: Readonly<Record<string, string>>;
}

/** A command line the script cannot run; the message says what is wrong and how to call it. */
export class DiagramUsageError extends Error {}

export function parseDiagramArgs(argv: readonly string[]): DiagramArgs {
  const labs: string[] = [];
  const context: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-c' || arg === '--context') {
      const [key, ...value] = (argv[++i] ?? '').split('=');
      if (!key || value.length === 0) throw new DiagramUsageError(`${arg} needs key=value, e.g. -c sshCidr=203.0.113.10/32\n${DIAGRAM_USAGE}`);
      context[key] = value.join('=');
    } else if (arg === '-h' || arg === '--help') throw new DiagramUsageError(DIAGRAM_USAGE);
    else if (arg.startsWith('-')) throw new DiagramUsageError(`unknown option ${arg}\n${DIAGRAM_USAGE}`);
    else labs.push(arg);
  }
  return { labs, context };
}

/**
 * Every lab asked for (all when none is), in the app's order, each under a heading with
 * its picture in a ```mermaid block. An unknown lab is an error that lists the labs.
 */
export function diagramsMarkdown(templates: readonly { readonly lab: string; readonly template: object }[], labs: readonly string[]): string {
  const known = templates.map((t) => t.lab);
  const unknown = labs.filter((lab) => !known.includes(lab));
  if (unknown.length > 0) throw new DiagramUsageError(`unknown lab ${unknown.join(', ')}: the labs are ${known.join(', ')}\n${DIAGRAM_USAGE}`);
  return templates
    .filter((t) => labs.length === 0 || labs.includes(t.lab))
    .map((t) => `## ${t.lab}\n\n${labDiagramMarkdown(t.lab, t.template)}`)
    .join('\n');
}
