/**
 * Start-up: config → open db → migrate → import bundled data → listen on a read-only connection. With
 * TRADEFLOW_SNAPSHOT, none of that: the snapshot is served as it is (server/snapshot/serve.ts).
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
  writable.close();

  const db = openReadOnlyDb(config.dbPath);
  const app = createApp({ db, config });
  const server = createServer(app).listen(config.port, config.host, () => {
    // The port actually bound: PORT=0 asks the system for a free one (the start-up test does).
    const { port } = server.address() as AddressInfo;
    console.log(`Tradeflow on http://localhost:${port} (database ${config.dbPath})`);
  });
  const stop = (): void => {
    server.close(() => {
      db.close();
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
