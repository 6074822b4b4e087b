// Parses Mermaid flowcharts with mermaid's own parser, in Node.js and without a browser.
// parseTexts() gives one result per diagram text: the parse error, or what mermaid understood
// (nodes, edges, subgraphs). Loaded by mermaid-server.mjs, in a process of its own because
// mermaid is an ES module and the tests run as CommonJS.
import './mermaid-dompurify-stub.mjs';

const { default: mermaid } = await import('mermaid');

// Mermaid's own encoding of entity codes (`#quot;` is kept as `ﬂ°quot¶ß`, `#35;` as `ﬂ°°35¶ß`)
// and the entities a browser would show.
const NAMED = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
function decode(text) {
  return String(text ?? '')
    .replace(/ﬂ°°(\d+)¶ß/g, (_m, code) => String.fromCodePoint(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (m, name) => NAMED[name] ?? m)
    .replace(/<br\s*\/?>/gi, '\n');
}

/** One result per text, in order. Not re-entrant: mermaid keeps the diagram it parses last. */
export async function parseTexts(texts) {
  const results = [];
  for (const text of texts) {
    try {
      const parsed = await mermaid.parse(text);
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      const db = diagram.db;
      results.push({
        ok: true,
        type: parsed.diagramType,
        accTitle: decode(db.getAccTitle?.()), accDescription: decode(db.getAccDescription?.()),
        direction: db.getDirection?.(),
        nodes: [...db.getVertices().values()].map((v) => ({ id: v.id, text: decode(v.text), shape: v.type, classes: v.classes })),
        edges: db.getEdges().map((e) => ({ from: e.start, to: e.end, text: decode(e.text), stroke: e.stroke, arrow: e.type, style: e.style ?? [] })),
        subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), nodes: s.nodes })),
      });
    } catch (error) {
      results.push({ ok: false, error: String(error?.message ?? error) });
    }
  }
  return results;
}
