/**
 * The few pieces of Mermaid flowchart syntax the pictures use, and the escaping that
 * keeps any text from a template (names, descriptions, CIDRs) inside its label.
 *
 * Rules relied on (mermaid's flowchart grammar, checked by the tests with mermaid's own parser):
 * - a label in double quotes may hold any character but `"`; inside it, `#name;` and `#123;`
 *   are entity codes, so `#` itself must be written as a code too;
 * - labels are rendered as HTML: `<`, `>`, `&` are written as codes so text never becomes markup;
 * - a label that starts with a back-tick is read as Markdown;
 * - node ids are letters, digits and `_`, and must not be a keyword such as `end`.
 */

/** Characters written as entity codes in a label, and their codes. */
const ENTITY_CODES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '#': '#35;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
};

/**
 * One line of text, safe inside a quoted Mermaid label (and in `accTitle:`/`accDescr:`).
 * Line breaks become spaces (a picture's own line breaks are joined with {@link LINE_BREAK}).
 */
export function escapeLabel(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/["#&<>`]/g, (c) => ENTITY_CODES[c]);
}

/** Mermaid's line break inside a label. */
export const LINE_BREAK = '<br/>';

/** Lines of text as one quoted Mermaid label. */
export function quotedLabel(lines: readonly string[]): string {
  return `"${lines.map(escapeLabel).join(LINE_BREAK)}"`;
}

/** Words that end or change a flowchart statement when used as a node id. */
const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classdef', 'click', 'linkstyle', 'default', 'direction', 'call', 'href']);

/**
 * A Mermaid-safe id made from any text: letters, digits and `_` only, never a keyword,
 * never starting with a digit. Distinct inputs can meet (`a-b`, `a_b`): {@link IdAllocator} keeps them apart.
 */
export function safeId(text: string): string {
  let id = text.replace(/[^A-Za-z0-9_]/g, '_');
  if (id === '' || /^[0-9]/.test(id) || RESERVED_IDS.has(id.toLowerCase())) id = `n_${id}`;
  return id;
}

/** Hands out unique safe ids: the same key always gets the same id, two keys never share one. */
export class IdAllocator {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    reserved.forEach((id) => this.taken.add(id));
  }

  idFor(key: string, preferred: string = key): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const base = safeId(preferred);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.byKey.set(key, id);
    return id;
  }
}

/** The shapes the pictures use, each with its Mermaid brackets. */
export const SHAPES = {
  rectangle: ['[', ']'],
  rounded: ['(', ')'],
  stadium: ['([', '])'],
  subroutine: ['[[', ']]'],
  cylinder: ['[(', ')]'],
  circle: ['((', '))'],
  flag: ['>', ']'],
  hexagon: ['{{', '}}'],
  parallelogram: ['[/', '/]'],
  trapezoid: ['[/', '\\]'],
} as const satisfies Record<string, readonly [string, string]>;

export type Shape = keyof typeof SHAPES;

/** A node statement: `id["label"]` in the given shape. */
export function nodeStatement(id: string, shape: Shape, lines: readonly string[]): string {
  const [open, close] = SHAPES[shape];
  return `${id}${open}${quotedLabel(lines)}${close}`;
}

/** The three kinds of arrows: a security-group rule, traffic, and "is attached to". */
export const ARROWS = { rule: '-->', traffic: '==>', attached: '-.->' } as const;

/** An edge statement, with its label if any: `a -->|"label"| b`. */
export function edgeStatement(from: string, arrow: keyof typeof ARROWS, to: string, lines: readonly string[]): string {
  const label = lines.length > 0 ? `|${quotedLabel(lines)}|` : '';
  return `${from} ${ARROWS[arrow]}${label} ${to}`;
}
