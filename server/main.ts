/**
 * Start-up: config → open db → migrate → import bundled data → listen, reading on a read-only connection and writing
 * (uploads, issue 14) on the one writable connection, which stays open. With TRADEFLOW_SNAPSHOT, none of that: the
 * snapshot is served as it is (server/snapshot/serve.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from './config.ts';
import { openReadOnlyDb, openWritableDb } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { BundledImportError, importBundledDatasets } from './import/bundled.ts';
import { formatProblem } from './import/problems.ts';
import { createApp } from './app.ts';
import { serveSnapshot } from './snapshot/serve.ts';

async function main(): Promise<void> {
  const config = readConfig();
  if (config.snapshot) {
    await serveSnapshot(config, config.snapshot);
    return;
  }
  const writable = openWritableDb(config.dbPath);
  migrate(writable);
  const summaries = await importBundledDatasets(writable, config.dataDir);
  const imported = summaries.filter((s) => s.status === 'imported');
  for (const s of imported) console.log(`imported ${s.dataset}: ${s.rowsStored} rows from ${s.file}`);

  // Reads never go through the writable connection: in WAL mode the read-only one keeps seeing the last committed
  // data while an upload's import holds its transaction open, and the response cache notices the commit through
  // `data_version` (queries/datasets.ts readChangeCounter). Kept open even without TRADEFLOW_ADMIN_TOKEN: it costs
  // one file handle, and the routes answer writes-disabled on their own.
  const db = openReadOnlyDb(config.dbPath);
  const app = createApp({ db, writeDb: writable, config });
  const server = createServer(app).listen(config.port, config.host, () => {
    // The port actually bound: PORT=0 asks the system for a free one (the start-up test does).
    const { port } = server.address() as AddressInfo;
    console.log(`Tradeflow on http://localhost:${port} (database ${config.dbPath})`);
  });
  const stop = (): void => {
    server.close(() => {
      db.close();
      writable.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof BundledImportError) {
    console.error(error.message);
    for (const problem of error.summary.problems) console.error(formatProblem(error.summary.file, problem));
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
