/**
 * npm run snapshot -- OUT.db: a consistent, compacted copy of TRADEFLOW_DB (default data/tradeflow.db) for
 * replicas to serve (TRADEFLOW_SNAPSHOT=OUT.db npm start), with OUT.db.manifest.json beside it. Safe while the
 * server serves and while an import runs: the database is only read (server/snapshot/create.ts).
 */
import { readConfig } from '../server/config.ts';
import { createSnapshot, SnapshotError } from '../server/snapshot/create.ts';
import { manifestPathFor } from '../server/snapshot/manifest.ts';

const out = process.argv[2];
if (out === undefined || out.startsWith('-') || process.argv.length > 3) {
  console.error('usage: npm run snapshot -- OUT.db   (copies TRADEFLOW_DB, default data/tradeflow.db)');
  process.exit(2);
}
try {
  const config = readConfig();
  const manifest = await createSnapshot(config.dbPath, out);
  const rows = manifest.datasets.reduce((sum, dataset) => sum + dataset.rowCount, 0);
  console.log(
    `${out}: ${manifest.bytes} bytes, ${manifest.datasets.length} datasets (${rows} rows), SHA-256 ${manifest.sha256}`,
  );
  console.log(`manifest: ${manifestPathFor(out)}`);
} catch (error) {
  if (!(error instanceof SnapshotError)) throw error;
  console.error(error.message);
  process.exit(1);
}
