// One mermaid for the whole test run: loading mermaid costs ~1.3 CPU-s, which every test file
// that parses diagrams paid in a process of its own before. Started by Jest's global setup
// (start-mermaid-server.ts); mermaid-parser.ts is its client.
//
//   POST /warm    loads mermaid (a test file asks when it starts, so mermaid loads while the
//                 file builds its diagrams); answers [] once loaded
//   POST /parse   a JSON array of diagram texts; answers parseTexts()'s results
//
// Mermaid is only loaded when first asked, so a run without the diagram tests pays for a bare
// Node.js process. Files asking at once each get their own results (mermaid queues its parses;
// test/diagram/mermaid-parser.test.ts holds it to that). Prints {"port": N} on its first line; ends when its standard input closes, so it never
// outlives the Jest that started it, even one that was killed.
import * as http from 'node:http';

let parser;
const load = () => (parser ??= import('./mermaid-parse.mjs'));

const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const answer = (async () => {
      if (request.method !== 'POST') throw new Error(`${request.method} ${request.url}: only POST is answered`);
      if (request.url !== '/warm' && request.url !== '/parse') throw new Error(`${request.url}: not /warm or /parse`);
      const { parseTexts } = await load();
      return request.url === '/parse' ? parseTexts(JSON.parse(body)) : [];
    })();
    answer.then(
      (results) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(results));
      },
      (error) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error?.stack ?? error));
      },
    );
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
