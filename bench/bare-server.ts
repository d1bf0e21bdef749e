/**
 * The ceiling for the benchmarks: node:http reading the request body and answering a fixed JSON body, the
 * same shape Keygate answers to `{ viewer { id: kind } }`. Nothing Keygate does can be faster than this
 * on the same machine and the same load generator.
 *
 *   node --import tsx bench/bare-server.ts <port>
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = Buffer.from(JSON.stringify({ data: { viewer: { id: 'USER' } } }));

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write('listening\n');
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
