/** Assertions shared by the picture tests: what a picture says, and that mermaid reads the same. */
import type { Picture, PictureGroup } from '../../lib/diagram';
import type { ParseResult } from './mermaid-parser';

/** Each edge of a kind as `from → to: line`, one entry per label line. */
export function edgeLines(picture: Picture, kind: 'rule' | 'traffic' | 'attached'): string[] {
  return picture.edges
    .filter((e) => e.kind === kind)
    .flatMap((e) => (e.lines.length > 0 ? e.lines : ['']).map((l) => `${e.from} → ${e.to}: ${l}`.trimEnd()));
}

/** Node id of the (only) node whose label contains every given text. */
export function nodeWith(picture: Picture, ...texts: string[]): string {
  const found = picture.nodes.filter((n) => texts.every((t) => n.lines.some((l) => l.includes(t))));
  if (found.length !== 1) throw new Error(`${found.length} nodes with ${JSON.stringify(texts)}: ${JSON.stringify(picture.nodes.map((n) => n.lines))}`);
  return found[0].id;
}

export function allGroups(groups: readonly PictureGroup[]): PictureGroup[] {
  return groups.flatMap((g) => [g, ...allGroups(g.groups)]);
}

/** The chain of group titles around a node, outermost first. */
export function placeOf(picture: Picture, nodeId: string): string[] {
  const walk = (groups: readonly PictureGroup[], path: string[]): string[] | undefined => {
    for (const g of groups) {
      const here = [...path, g.title];
      if (g.nodeIds.includes(nodeId)) return here;
      const inner = walk(g.groups, here);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(picture.groups, []) ?? [];
}

/**
 * Mermaid parsed the rendered text into exactly the picture: the same nodes with the
 * same labels, the same edges and labels, the same boxes holding the same things,
 * rule edges in the rule colour and the lesson's nodes in bold.
 */
export function expectMermaidReadsPicture(parsed: ParseResult, picture: Picture): void {
  if (!parsed.ok) throw new Error(`mermaid rejects the picture: ${parsed.error}`);
  expect(parsed.type).toBe('flowchart-v2');
  expect(parsed.nodes.map((n) => [n.id, n.text]).sort()).toEqual(picture.nodes.map((n) => [n.id, n.lines.join('\n')]).sort());
  const edgeKey = (from: string, to: string, text: string) => `${from}|${to}|${text}`;
  expect(parsed.edges.map((e) => edgeKey(e.from, e.to, e.text)).sort()).toEqual(picture.edges.map((e) => edgeKey(e.from, e.to, e.lines.join('\n'))).sort());
  const strokeOf = { rule: 'normal', traffic: 'thick', attached: 'dotted' };
  for (const e of picture.edges) {
    const p = parsed.edges.find((x) => x.from === e.from && x.to === e.to && x.text === e.lines.join('\n'))!;
    expect([e.kind, p.stroke]).toEqual([e.kind, strokeOf[e.kind]]);
    expect([e.kind, p.style.some((s) => s.startsWith('stroke:#c92a2a'))]).toEqual([e.kind, e.kind === 'rule']);
  }
  const groups = allGroups(picture.groups);
  expect(parsed.subgraphs.map((s) => [s.id, s.title]).sort()).toEqual(groups.map((g) => [g.id, g.title]).sort());
  for (const g of groups) {
    expect(parsed.subgraphs.find((s) => s.id === g.id)!.nodes.slice().sort()).toEqual([...g.nodeIds, ...g.groups.map((c) => c.id)].sort());
  }
  for (const n of picture.nodes) {
    expect([n.id, parsed.nodes.find((p) => p.id === n.id)!.classes.includes('lesson')]).toEqual([n.id, n.lesson]);
  }
  if (picture.title) expect(parsed.accTitle).toBe(picture.title);
}
