/**
 * The benchmarks' Tradeflow server, run as a child process so the load generator and the server do not share one
 * event loop: what server/main.ts does after its import step (a read-only connection, createApp, listen), on
 * 127.0.0.1 and a port the OS picks, which it sends to the parent over IPC. child-server.ts bundles it first, as
 * `npm start` bundles server/main.ts, and runs the bundle with plain node.
 * usage: node --import tsx scripts/bench/servers/tradeflow-server.ts [--no-response-cache] DB [CLIENT_DIR]   (or the
 * bundle: node FILE.mjs …)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../server/app.ts';
import { openReadOnlyDb } from '../../../server/db/connection.ts';

const args = process.argv.slice(2);
// --no-response-cache: every answer computed from the stored rows (the HTTP bench's "computed every time").
const noResponseCache = args.includes('--no-response-cache');
const [dbPath, clientDir = '/nonexistent'] = args.filter((arg) => arg !== '--no-response-cache');
if (!dbPath || !process.send)
  throw new Error('usage (as a child process with IPC): tradeflow-server.ts [--no-response-cache] DB [CLIENT_DIR]');
const db = openReadOnlyDb(dbPath);
const app = createApp({ db, config: { clientDir }, ...(noResponseCache ? { responseCacheBytes: 0 } : {}) });
const server = createServer(app).listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
// Where the memory is, when the parent asks (the load bench, after its run): heap, Buffers, RSS.
process.on('message', (message: { type?: string }) => {
  if (message.type === 'memory') process.send?.({ memory: process.memoryUsage() });
});
// The parent going away (a finished or interrupted bench) ends the server too.
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => {
    db.close();
    process.exit(0);
  });
});
