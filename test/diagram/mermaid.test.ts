import { escapeLabel, IdAllocator, safeId } from '../../lib/diagram/mermaid';
import { startMermaidParser, type ParseResult } from './mermaid-parser';

// The run's mermaid parser, asked now to load mermaid (a second or more) while this file builds its texts.
const mermaid = startMermaidParser();

// Text in every shape of trouble a template could carry, as node, edge and subgraph labels.
const NASTY = [
  'quotes "double" and \'single\'',
  'brackets [a] (b) {c} <d> |e|',
  'entities #quot; &amp; &lt; #35;',
  '`back-ticks` and %% not a comment',
  'semicolon; end; subgraph; click x',
  'arrows --> ==> -.-> ---o --x',
  '<script>alert(1)</script>',
  'unicode → ✓ é',
];
const ID_KEYS = ['end', 'graph', 'style', 'class', 'click', 'default', 'o-ring', 'x-ray', 'a:::b'];

function labelsFlowchart(escape: (text: string) => string): string {
  return [
    'flowchart LR',
    ...NASTY.map((t, i) => `  n${i}["${escape(t)}"]`),
    ...NASTY.map((t, i) => `  n${i} -->|"${escape(t)}"| n${(i + 1) % NASTY.length}`),
    `  subgraph g["${escape(NASTY[0])}"]`,
    '  end',
  ].join('\n');
}

function idsFlowchart(): string {
  const ids = new IdAllocator();
  const lines = ID_KEYS.map((k, i) => `  ${ids.idFor(k)}["${i}"]`);
  const edges = ID_KEYS.slice(1).map((k, i) => `  ${ids.idFor(ID_KEYS[i])} --> ${ids.idFor(k)}`);
  return ['flowchart LR', ...lines, ...edges].join('\n');
}

let escaped: ParseResult;
let unescaped: ParseResult[];
let idsParsed: ParseResult;
beforeAll(async () => {
  const unescapedTexts = NASTY.map((t) => `flowchart LR\n  a["${t}"] -->|"${t}"| b`);
  const results = await mermaid.parse([labelsFlowchart(escapeLabel), idsFlowchart(), ...unescapedTexts]);
  [escaped, idsParsed, ...unescaped] = results;
});

describe('escapeLabel', () => {
  it.each([
    ['plain text', 'plain text'],
    ['say "hi"', 'say #quot;hi#quot;'],
    ['<b>bold</b>', '#lt;b#gt;bold#lt;/b#gt;'],
    ['a & b', 'a #amp; b'],
    ['#quot; stays text', '#35;quot; stays text'],
    ['`markdown`', '#96;markdown#96;'],
    ['two\nlines\r\n here', 'two lines here'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeLabel(text)).toBe(escaped);
  });

  it('keeps any text inside its node, edge and subgraph label: mermaid parses it back to the same text', () => {
    if (!escaped.ok) throw new Error(escaped.error);
    expect(escaped.nodes.map((n) => n.text)).toEqual(NASTY);
    expect(escaped.edges.map((e) => e.text)).toEqual(NASTY);
    expect(escaped.subgraphs[0].title).toBe(NASTY[0]);
  });

  it('is needed: unescaped, text with quotes or markup breaks the parse or changes the label', () => {
    const survived = NASTY.filter((t, i) => {
      const r = unescaped[i];
      return r.ok && r.nodes[0].text === t && r.edges[0].text === t;
    });
    expect(survived).not.toContain(NASTY[0]);
    expect(survived).not.toContain(NASTY[6]);
    expect(survived.length).toBeLessThan(NASTY.length);
  });
});

describe('safeId and IdAllocator', () => {
  it.each([
    ['WebSecurityGroup73AF7387', 'WebSecurityGroup73AF7387'],
    ['a-b.c/d e', 'a_b_c_d_e'],
    ['end', 'n_end'],
    ['Subgraph', 'n_Subgraph'],
    ['1st', 'n_1st'],
    ['', 'n_'],
  ])('%j → %j', (text, id) => {
    expect(safeId(text)).toBe(id);
  });

  it('gives one key one id, and never one id to two keys', () => {
    const ids = new IdAllocator(['internet']);
    expect(ids.idFor('a-b')).toBe('a_b');
    expect(ids.idFor('a_b')).toBe('a_b_2');
    expect(ids.idFor('a-b')).toBe('a_b');
    expect(ids.idFor('x', 'internet')).toBe('internet_2');
  });

  it('makes ids mermaid takes as plain node ids, keywords included', () => {
    if (!idsParsed.ok) throw new Error(idsParsed.error);
    expect(idsParsed.nodes.map((n) => n.text)).toEqual(ID_KEYS.map((_k, i) => String(i)));
    expect(idsParsed.edges).toHaveLength(ID_KEYS.length - 1);
  });
});
