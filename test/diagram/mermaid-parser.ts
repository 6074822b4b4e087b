/**
 * Mermaid's own flowchart parser, run in a child Node.js process (mermaid is an ES
 * module; these tests run as CommonJS). No browser: see mermaid-parse.mjs.
 */
import { spawn, spawnSync } from 'node:child_process';
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

const SCRIPT = path.join(__dirname, 'mermaid-parse.mjs');

/** Parses each text with mermaid; one result per text, in order. */
export function parseMermaid(texts: readonly string[]): ParseResult[] {
  const run = spawnSync(process.execPath, [SCRIPT], {
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

/** A mermaid process started ahead of the texts it will parse. */
export interface MermaidParser {
  /** Parses each text with mermaid; one result per text, in order. Once per parser. */
  parse(texts: readonly string[]): Promise<ParseResult[]>;
  /** Ends the process if parse was never called (a file run with -t that skips it). */
  close(): void;
}

/**
 * Starts mermaid now (loading it takes a second or more) so that it loads while the test
 * file builds what it will draw; the texts go to the process when parse is called.
 */
export function startMermaidParser(): MermaidParser {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill(), 60_000);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))).finally(() => clearTimeout(timer));
  let asked = false;
  return {
    async parse(texts) {
      if (asked) throw new Error('one parse per mermaid process');
      asked = true;
      child.stdin.end(JSON.stringify(texts));
      const code = await exited;
      if (code !== 0) throw new Error(`mermaid-parse.mjs failed (${code}): ${stderr}`);
      return JSON.parse(stdout) as ParseResult[];
    },
    close() {
      if (!asked) child.kill();
    },
  };
}
