/** A picture as Mermaid flowchart text. */
import { edgeStatement, escapeLabel, nodeStatement, quotedLabel } from './mermaid';
import type { NodeKind, Picture, PictureGroup } from './picture';

const INDENT = '  ';

/** Colours by what a node is; the lesson's nodes get a thick border on top. */
const CLASS_DEFS: Readonly<Record<string, string>> = {
  internet: 'fill:#e7f5ff,stroke:#1971c2',
  compute: 'fill:#fff9db,stroke:#e67700',
  network: 'fill:#f3f0ff,stroke:#6741d9',
  guard: 'fill:#fff5f5,stroke:#c92a2a',
  identity: 'fill:#ebfbee,stroke:#2b8a3e',
  billing: 'fill:#f8f9fa,stroke:#495057',
  lesson: 'stroke-width:3px',
};

const CLASS_OF: Readonly<Record<NodeKind, keyof typeof CLASS_DEFS>> = {
  internet: 'internet',
  instance: 'compute',
  loadBalancer: 'network',
  listener: 'network',
  targetGroup: 'network',
  action: 'network',
  elasticIp: 'network',
  securityGroup: 'guard',
  externalSecurityGroup: 'guard',
  keyPair: 'guard',
  iamGroup: 'identity',
  iamUser: 'identity',
  iamRole: 'identity',
  iamPolicy: 'identity',
  secret: 'identity',
  customResource: 'identity',
  budget: 'billing',
  subscriber: 'billing',
  schedule: 'billing',
  stack: 'billing',
  other: 'billing',
};

/** The colour of security-group rule edges, the picture's lesson. */
const RULE_LINK_STYLE = 'stroke:#c92a2a,stroke-width:2px,color:#c92a2a';

/** Renders a picture as a Mermaid flowchart (left to right: the internet on the left). */
export function renderMermaid(picture: Picture): string {
  const nodes = new Map(picture.nodes.map((n) => [n.id, n]));
  const out: string[] = ['flowchart LR'];
  if (picture.title) out.push(`${INDENT}accTitle: ${escapeLabel(picture.title)}`);
  const drawNode = (id: string, depth: number) => {
    const node = nodes.get(id)!;
    out.push(INDENT.repeat(depth) + nodeStatement(node.id, node.shape, node.lines));
  };
  const drawGroup = (group: PictureGroup, depth: number) => {
    out.push(`${INDENT.repeat(depth)}subgraph ${group.id}[${quotedLabel([group.title])}]`);
    group.nodeIds.forEach((id) => drawNode(id, depth + 1));
    group.groups.forEach((g) => drawGroup(g, depth + 1));
    out.push(`${INDENT.repeat(depth)}end`);
  };
  picture.topNodeIds.filter((id) => nodes.get(id)?.kind === 'internet').forEach((id) => drawNode(id, 1));
  picture.groups.forEach((g) => drawGroup(g, 1));
  picture.topNodeIds.filter((id) => nodes.get(id)?.kind !== 'internet').forEach((id) => drawNode(id, 1));

  // Rule edges first, so that their indexes for linkStyle are 0..n-1.
  const edges = [...picture.edges.filter((e) => e.kind === 'rule'), ...picture.edges.filter((e) => e.kind !== 'rule')];
  edges.forEach((e) => out.push(INDENT + edgeStatement(e.from, e.kind, e.to, e.lines)));

  const used = new Map<string, string[]>();
  for (const node of picture.nodes) {
    const cls = CLASS_OF[node.kind];
    used.set(cls, [...(used.get(cls) ?? []), node.id]);
    if (node.lesson) used.set('lesson', [...(used.get('lesson') ?? []), node.id]);
  }
  for (const [cls, ids] of used) {
    out.push(`${INDENT}classDef ${cls} ${CLASS_DEFS[cls]}`);
    out.push(`${INDENT}class ${ids.join(',')} ${cls}`);
  }
  const ruleCount = picture.edges.filter((e) => e.kind === 'rule').length;
  if (ruleCount > 0) out.push(`${INDENT}linkStyle ${[...Array(ruleCount).keys()].join(',')} ${RULE_LINK_STYLE}`);
  return `${out.join('\n')}\n`;
}
