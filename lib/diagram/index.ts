/**
 * A picture of a lab, drawn from its synthesized CloudFormation template as a Mermaid
 * flowchart: what the learner builds, and the security-group rules as labelled edges.
 */
import { buildPicture, type DiagramHint } from './picture';
import { renderMermaid } from './render';
import type { CfnTemplate } from './template';

export { buildPicture, INTERNET_ID } from './picture';
export type { DiagramHint, EdgeKind, LeftOut, NodeKind, Picture, PictureEdge, PictureGroup, PictureNode } from './picture';
export { escapeLabel, safeId } from './mermaid';
export { renderMermaid } from './render';
export type { CfnTemplate } from './template';

/** The Mermaid flowchart of a template. */
export function labDiagram(template: object, hint?: DiagramHint): string {
  return renderMermaid(buildPicture(template as CfnTemplate, hint));
}

/** A lab's picture as a Markdown ```mermaid block (GitHub draws it), for the README and `npm run diagram`. */
export function labDiagramMarkdown(lab: string, template: object, hint?: DiagramHint): string {
  const description = (template as CfnTemplate).Description;
  const text = labDiagram(template, { title: description ? `${lab} — ${description}` : lab, ...hint });
  return ['```mermaid', text.trimEnd(), '```', ''].join('\n');
}
