/**
 * Mermaid's own flowchart parser, in the run's one mermaid-server.mjs (mermaid is an ES
 * module; these tests run as CommonJS). No browser: see mermaid-parse.mjs.
 */
import * as http from 'node:http';
import { MERMAID_PARSER_PORT } from './start-mermaid-server';

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

/** How long a request may take: mermaid's load, and parses queued before it. */
const REQUEST_TIMEOUT_MS = 60_000;

/** POSTs to the run's mermaid server; its answer, or an error that says what went wrong. */
function ask(route: '/warm' | '/parse', body: string, port: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const where = `the mermaid parser at 127.0.0.1:${port}${route}`;
    const request = http.request({ host: '127.0.0.1', port: Number(port), path: route, method: 'POST', timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let answer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (answer += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(answer) : reject(new Error(`${where} failed (${response.statusCode}): ${answer}`))));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', (error) => reject(new Error(`${where}: ${error.message}`)));
    request.end(body);
  });
}

/** The run's mermaid parser. */
export interface MermaidParser {
  /** Parses each text with mermaid; one result per text, in order. */
  parse(texts: readonly string[]): Promise<ParseResult[]>;
}

/**
 * The run's mermaid parser, asked now to load mermaid (a second or more, once per run) so
 * that it loads while the test file builds what it will draw.
 */
export function startMermaidParser(env: NodeJS.ProcessEnv = process.env): MermaidParser {
  const port = env[MERMAID_PARSER_PORT];
  if (!port) {
    throw new Error(`${MERMAID_PARSER_PORT} is not set: Jest's global setup (test/jest/global-setup.ts) starts the mermaid parser; run the tests with npm test`);
  }
  // A failure shows in parse(), which asks again.
  ask('/warm', '', port).catch(() => undefined);
  return {
    async parse(texts) {
      return JSON.parse(await ask('/parse', JSON.stringify(texts), port)) as ParseResult[];
    },
  };
}
