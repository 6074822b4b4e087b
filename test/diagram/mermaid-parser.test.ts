/**
 * The run's mermaid parser: its server (mermaid-server.mjs, started by Jest's global setup)
 * and its client (mermaid-parser.ts), including how each fails.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMermaidParser } from './mermaid-parser';
import { MERMAID_PARSER_PORT, startMermaidServer, stopMermaidServer } from './start-mermaid-server';

/** A local server that answers every request with `status` and `body`; its port. */
async function standIn(status: number, body: string): Promise<{ port: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(status);
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = String((server.address() as AddressInfo).port);
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A plain HTTP request to a mermaid server: its status and what it said. */
function call(port: string | undefined, method: string, route: string, body = ''): Promise<{ status?: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: Number(port), path: route, method }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe("the run's mermaid parser", () => {
  it('parses each text, in order, and says which one mermaid rejects', async () => {
    const [good, bad] = await startMermaidParser().parse(['flowchart LR\n  a["A"] --> b["B"]', 'flowchart LR\n  a["A" --> b']);
    expect(good).toMatchObject({ ok: true, type: 'flowchart-v2', nodes: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], edges: [{ from: 'a', to: 'b' }] });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/Parse error/) });
  });

  it('answers files asking at once, each with its own results', async () => {
    // Mermaid keeps some of what it parses in module state (the accessible title, for one).
    const texts = ['a', 'b', 'c', 'd'].map((id) => [`flowchart LR\n  accTitle: ${id}\n  ${id}1 --> ${id}2`, `flowchart TB\n  ${id}3`]);
    const answers = await Promise.all(texts.map((t) => startMermaidParser().parse(t)));
    expect(answers.map((results) => results.map((r) => (r.ok ? [r.accTitle, ...r.nodes.map((n) => n.id)].join(' ') : r.error)))).toEqual(
      ['a', 'b', 'c', 'd'].map((id) => [`${id} ${id}1 ${id}2`, ` ${id}3`]),
    );
  });
});

describe('how the client fails', () => {
  it('without the port Jest\'s global setup gives, says so and how to run the tests', () => {
    expect(() => startMermaidParser({})).toThrow(`${MERMAID_PARSER_PORT} is not set: Jest's global setup (test/jest/global-setup.ts) starts the mermaid parser; run the tests with npm test`);
  });

  it('with nothing listening, names the address it tried', async () => {
    const { port, close } = await standIn(200, '[]');
    await close();
    await expect(startMermaidParser({ [MERMAID_PARSER_PORT]: port }).parse(['flowchart LR'])).rejects.toThrow(
      new RegExp(`^the mermaid parser at 127\\.0\\.0\\.1:${port}/parse: .*ECONNREFUSED`),
    );
  });

  it("when the server fails, gives its status and what it said (mermaid's load failing, say)", async () => {
    const { port, close } = await standIn(500, "Error: Cannot find package 'mermaid'");
    try {
      await expect(startMermaidParser({ [MERMAID_PARSER_PORT]: port }).parse(['flowchart LR'])).rejects.toThrow(
        `the mermaid parser at 127.0.0.1:${port}/parse failed (500): Error: Cannot find package 'mermaid'`,
      );
    } finally {
      await close();
    }
  });
});

describe('the server', () => {
  it('refuses what is not a POST to /warm or /parse, and a body that is not JSON', async () => {
    expect(await call(process.env[MERMAID_PARSER_PORT], 'GET', '/parse')).toMatchObject({ status: 500, text: expect.stringContaining('GET /parse: only POST is answered') });
    expect(await call(process.env[MERMAID_PARSER_PORT], 'POST', '/render', '[]')).toMatchObject({ status: 500, text: expect.stringContaining('/render: not /warm or /parse') });
    expect(await call(process.env[MERMAID_PARSER_PORT], 'POST', '/parse', 'flowchart LR')).toMatchObject({ status: 500, text: expect.stringContaining('SyntaxError') });
    // And goes on answering.
    expect(await call(process.env[MERMAID_PARSER_PORT], 'POST', '/warm')).toEqual({ status: 200, text: '[]' });
  });

  it('ends when the process that started it closes its standard input, and stopMermaidServer ends it', async () => {
    // Each start points MERMAID_PARSER_PORT at its server: the run's is put back after.
    const runs = process.env[MERMAID_PARSER_PORT];
    try {
      const ended = await startMermaidServer();
      expect(process.env[MERMAID_PARSER_PORT]).not.toBe(runs);
      expect(await call(process.env[MERMAID_PARSER_PORT], 'GET', '/')).toMatchObject({ status: 500, text: expect.stringContaining('GET /: only POST') });
      const exited = new Promise((resolve) => ended.once('exit', (code) => resolve(code)));
      ended.ref();
      ended.stdin!.end();
      expect(await exited).toBe(0);

      const stopped = await startMermaidServer();
      await stopMermaidServer(stopped);
      expect(stopped.signalCode).toBe('SIGKILL');
    } finally {
      process.env[MERMAID_PARSER_PORT] = runs;
    }
  });
});
