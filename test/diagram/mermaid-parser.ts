/**
 * Mermaid's own flowchart parser, run in a child Node.js process (mermaid is an ES
 * module; these tests run as CommonJS). No browser: see mermaid-parse.mjs.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface ParsedNode {
  readonly id: string;
  readonly text: string;
  readonly shape?: string;
  readonly classes: readonly string[];
}

export interface ParsedEdge {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** `normal`, `thick` or `dotted`. */
  readonly stroke: string;
  readonly style: readonly string[];
}

export interface ParsedSubgraph {
  readonly id: string;
  readonly title: string;
  readonly nodes: readonly string[];
}

export type ParseResult =
  | {
      readonly ok: true;
      readonly type: string;
      readonly accTitle: string;
      readonly direction: string;
      readonly nodes: readonly ParsedNode[];
      readonly edges: readonly ParsedEdge[];
      readonly subgraphs: readonly ParsedSubgraph[];
    }
  | { readonly ok: false; readonly error: string };

/** Parses each text with mermaid; one result per text, in order. */
export function parseMermaid(texts: readonly string[]): ParseResult[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`mermaid-parse.mjs failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ParseResult[];
}

/** Parses one text and fails with mermaid's message when it is not a valid flowchart. */
export function parseFlowchart(text: string): Extract<ParseResult, { ok: true }> {
  const [result] = parseMermaid([text]);
  if (!result.ok) throw new Error(`mermaid rejects the diagram: ${result.error}\n${text}`);
  return result;
}
