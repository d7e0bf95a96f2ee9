/**
 * The framework's own floor for the HTTP benchmark: Express 5 with helmet and strong ETags, as server/app.ts sets
 * them up, answering each of its paths with a fixed body read from a file (the same bytes Tradeflow sends), with no
 * validation and no query. Tradeflow's own work is the difference between this and Tradeflow.
 * usage: node --import tsx scripts/bench/servers/express-server.ts /PATH=FILE [/PATH=FILE …]   (.json or .csv)
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';

const app = express();
app.disable('x-powered-by');
app.set('query parser', 'simple');
app.set('etag', 'strong');
app.use(helmet());
let count = 0;
for (const arg of process.argv.slice(2)) {
  const [path, file] = arg.split('=');
  if (!path || !file) throw new Error(`not /PATH=FILE: ${arg}`);
  const body = readFileSync(file);
  const type = file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  app.get(path, (_req, res) => {
    res.set('Cache-Control', 'no-cache').type(type).send(body);
  });
  count += 1;
}
if (count === 0 || !process.send)
  throw new Error('usage (as a child process with IPC): express-server.ts /PATH=FILE …');
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
