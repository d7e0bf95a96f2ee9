/**
 * The databases the read benchmarks run on, built once with the real importer and kept in bench/.work/ until an
 * input changes: the bundled data alone (what `npm start` serves on a fresh checkout) and the bundled data plus the
 * generated flows CSV (years of Comtrade downloads).
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWritableDb } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { importBundledDatasets, listBundledFiles } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { generateFlowsCsv } from './generate-flows.ts';

export interface BenchDb {
  path: string;
  /** Seconds spent building it in this run; 0 when an up-to-date copy was reused. */
  buildSeconds: number;
  /** Rows in flow_facts. */
  flowRows: number;
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** What the database is built from: a copy is reused only while every input is the same file as last time. */
function describeInputs(files: string[]): string {
  return JSON.stringify(files.map((file) => [file, statSync(file).size, statSync(file).mtimeMs]));
}

/**
 * Builds `name` in `workDir` from the bundled data in `root/data` and, when given, one generated flows file
 * (imported last, so it is the most recent dataset, as a user's own download would be).
 */
async function buildDb(root: string, workDir: string, name: string, flowsCsv?: string): Promise<BenchDb> {
  const path = join(workDir, name);
  const stampPath = `${path}.inputs.json`;
  const inputs = [...listBundledFiles(join(root, 'data')), ...(flowsCsv ? [flowsCsv] : [])];
  const signature = describeInputs(inputs);
  const count = (): number => {
    const db = openWritableDb(path);
    const rows = (db.prepare('SELECT count(*) AS n FROM flow_facts').get() as { n: number }).n;
    db.close();
    return rows;
  };
  if (existsSync(path) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === signature) {
    return { path, buildSeconds: 0, flowRows: count() };
  }

  // Built under another name and renamed when complete, so an interrupted build is never mistaken for a database.
  const building = `${path}.building`;
  removeDb(building);
  const started = performance.now();
  const db = openWritableDb(building);
  migrate(db);
  await importBundledDatasets(db, join(root, 'data'));
  if (flowsCsv) {
    const summary = await importFile(db, flowsCsv, { datasetName: 'bench-flows' });
    if (summary.status !== 'imported')
      throw new Error(`${flowsCsv} did not import: ${JSON.stringify(summary.problems)}`);
  }
  db.pragma('optimize');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  removeDb(path);
  renameSync(building, path);
  removeDb(building);
  writeFileSync(stampPath, signature);
  return { path, buildSeconds: (performance.now() - started) / 1000, flowRows: count() };
}

/** The bundled data plus a generated `rows`-row flows file (generated first if missing). */
export async function prepareLargeDb(root: string, workDir: string, rows: number): Promise<BenchDb> {
  const csv = join(workDir, `flows-${rows}.csv`);
  if (!existsSync(csv)) await generateFlowsCsv(csv, rows);
  return buildDb(root, workDir, `read-bench-${rows}.db`, csv);
}

/** The bundled data alone. */
export function prepareBundledDb(root: string, workDir: string): Promise<BenchDb> {
  return buildDb(root, workDir, 'bundled.db');
}
