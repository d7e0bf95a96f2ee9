/**
 * The ceiling for the HTTP benchmark: a bare node:http server that answers each of its paths with a fixed body read
 * from a file (the same bytes Tradeflow sends), with no routing framework, validation, query or headers beyond the
 * type and length. Run as a child process; it sends its port to the parent over IPC.
 * With `--busy-ms=N` it first spends N ms of CPU on each request: a handler exactly as slow as a measured one, to
 * tell what the slowness alone does to latency under load from what the rest of a server does.
 * usage: node --import tsx scripts/bench/servers/bare-server.ts [--busy-ms=N] /PATH=FILE [/PATH=FILE …]   (.json, .csv)
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const bodies = new Map<string, { type: string; body: Buffer }>();
let busyMs = 0;
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('--busy-ms=')) {
    busyMs = Number(arg.slice('--busy-ms='.length));
    continue;
  }
  const [path, file] = arg.split('=');
  if (!path || !file) throw new Error(`not /PATH=FILE: ${arg}`);
  const type = file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  bodies.set(path, { type, body: readFileSync(file) });
}
if (bodies.size === 0 || !process.send)
  throw new Error('usage (as a child process with IPC): bare-server.ts /PATH=FILE …');
const server = createServer((req, res) => {
  const started = performance.now();
  while (performance.now() - started < busyMs) {
    // spinning on purpose: the CPU time a real handler would spend
  }
  const answer = bodies.get(req.url ?? '');
  if (!answer) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': answer.type, 'Content-Length': answer.body.length }).end(answer.body);
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
