/**
 * Every write the importer makes. Statements are prepared once per import and run inside the importer's single
 * transaction (see server/import/import-file.ts).
 */
import type { Db } from '../db/connection.ts';
import { datasetColumns, type DatasetRecord } from './datasets.ts';
import { createBulkInsert } from './bulk-insert.ts';
import { retireVersion } from './dataset-versions.ts';
import { deleteDatasetFlows, deleteFlowLines, flowsTableName } from './flow-writes.ts';

export function findDatasetBySha256(db: Db, sha256: string): DatasetRecord | undefined {
  return db
    .prepare<{ sha256: string }, DatasetRecord>(`SELECT ${datasetColumns} FROM datasets WHERE sha256 = @sha256`)
    .get({ sha256 });
}

export function findDatasetByName(db: Db, name: string): DatasetRecord | undefined {
  return db
    .prepare<{ name: string }, DatasetRecord>(`SELECT ${datasetColumns} FROM datasets WHERE name = @name`)
    .get({ name });
}

/**
 * Its rows go with it: flows here, every other table's by ON DELETE CASCADE. Its history stays: the current version
 * is marked deleted (migration 0007), unless the importer has just marked it replaced.
 */
export function deleteDataset(db: Db, id: number, at: Date = new Date()): void {
  retireVersion(db, id, 'deleted', at.toISOString());
  deleteDatasetFlows(db, id);
  db.prepare('DELETE FROM datasets WHERE id = @id').run({ id });
}

/**
 * DELETE /api/datasets/:name: the dataset and its rows in one transaction, so readers see it whole or gone. Returns
 * what was deleted, or undefined when no dataset has that name.
 */
export function deleteDatasetByName(db: Db, name: string): DatasetRecord | undefined {
  return db.transaction(() => {
    const dataset = findDatasetByName(db, name);
    if (dataset) deleteDataset(db, dataset.id);
    return dataset;
  })();
}

/** `filePath`: the absolute path the importer read, so the original can be offered for download while unchanged. */
export function insertDataset(db: Db, dataset: Omit<DatasetRecord, 'id'>, filePath: string | null = null): number {
  const result = db
    .prepare(
      `INSERT INTO datasets (name, file_name, sha256, format, row_count, imported_at, source_description, file_path)
       VALUES (@name, @fileName, @sha256, @format, @rowCount, @importedAt, @sourceDescription, @filePath)`,
    )
    .run({ ...dataset, filePath });
  return Number(result.lastInsertRowid);
}

export function setDatasetRowCount(db: Db, id: number, rowCount: number): void {
  db.prepare('UPDATE datasets SET row_count = @rowCount WHERE id = @id').run({ id, rowCount });
}

/**
 * The keys of the rows read so far, for the duplicate check after the load: one row per good record in a temporary
 * table, appended in file order (its key is the line, so every insert lands at the end of the B-tree), then one
 * GROUP BY over it once every row is in. Memory stays flat whatever the file size (the temp database spills to
 * disk), and keys are compared as text, so two different keys are never taken for the same one.
 */
export interface KeyLog {
  /** Good rows as flat `line, key, fingerprint` triples (NormalizedBatch.keys). */
  record(entries: readonly (string | number)[]): void;
  /**
   * Calls `onRepeat`, in line order, for every row whose key an earlier row already had, with the first row of that
   * key. `exact`: same cells too (same fingerprint), an exact repeat; else a conflict.
   */
  findRepeats(onRepeat: (repeat: { line: number; key: string; firstLine: number; exact: boolean }) => void): void;
  /** Deletes this dataset's exact repeats (found by findRepeats) from `table`; returns how many rows went. */
  deleteExactRepeats(table: string, datasetId: number): number;
  /** Drops the temporary tables, before COMMIT (a ROLLBACK drops them anyway: they are made in the transaction). */
  drop(): void;
}

export function createKeyLog(db: Db): KeyLog {
  db.exec('DROP TABLE IF EXISTS temp.import_keys');
  db.exec('DROP TABLE IF EXISTS temp.import_repeats');
  db.exec('CREATE TEMP TABLE import_keys (line INTEGER PRIMARY KEY, key TEXT NOT NULL, fingerprint INTEGER NOT NULL)');
  // The temp database has its own page cache (2 MiB by default). 8 MiB measured a lower peak RSS for a million-row
  // import than the default (195 vs 204 MiB), and as fast.
  db.pragma('temp.cache_size = -8192');
  const insert = createBulkInsert(db, 'temp.import_keys', ['line', 'key', 'fingerprint']);
  let repeatsKept = false;
  return {
    record(entries) {
      insert.add(entries);
    },
    findRepeats(onRepeat) {
      insert.flush();
      // Usually no key repeats: one GROUP BY says so, and the window query below never runs.
      const repeated = db
        .prepare<[], { found: number }>(
          'SELECT EXISTS (SELECT 1 FROM temp.import_keys GROUP BY key HAVING count(*) > 1) AS found',
        )
        .get();
      if (repeated?.found !== 1) return;
      db.exec(`CREATE TEMP TABLE import_repeats AS
        SELECT line, key, firstLine, fingerprint = firstFingerprint AS exact FROM (
          SELECT line, key, fingerprint,
            first_value(line) OVER byKey AS firstLine, first_value(fingerprint) OVER byKey AS firstFingerprint
          FROM temp.import_keys WINDOW byKey AS (PARTITION BY key ORDER BY line))
        WHERE line <> firstLine`);
      repeatsKept = true;
      const repeats = db
        .prepare<[], { line: number; key: string; firstLine: number; exact: number }>(
          'SELECT line, key, firstLine, exact FROM temp.import_repeats ORDER BY line',
        )
        .iterate();
      for (const repeat of repeats) onRepeat({ ...repeat, exact: repeat.exact === 1 });
    },
    deleteExactRepeats(table, datasetId) {
      if (!repeatsKept) return 0;
      const exactLines = 'SELECT line FROM temp.import_repeats WHERE exact';
      if (table === flowsTableName) return deleteFlowLines(db, datasetId, exactLines);
      // `table` is one of import/rows.ts' TableSpec names, never input.
      return db
        .prepare(`DELETE FROM ${table} WHERE dataset_id = @datasetId AND line IN (${exactLines})`)
        .run({ datasetId }).changes;
    },
    drop() {
      db.exec('DROP TABLE IF EXISTS temp.import_keys');
      db.exec('DROP TABLE IF EXISTS temp.import_repeats');
    },
  };
}

/**
 * Drops a table's secondary indexes and returns the function that builds them again. For a large load, one sorted
 * index build after the rows are in is much cheaper than updating every index on every insert. Both run inside the
 * importer's transaction, so a failed or killed import rolls the schema back with the rows.
 */
export function suspendIndexes(db: Db, table: string): () => void {
  const indexes = db
    .prepare<{ table: string }, { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL",
    )
    .all({ table });
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  return () => {
    for (const index of indexes) db.exec(index.sql);
  };
}

/** Commodity group and product keys, for validating references in imported rows. */
export function listCommodityKeys(db: Db): { groups: Map<string, string>; products: Map<string, string> } {
  const groups = db
    .prepare<[], { key: string; hsPrefix: string }>('SELECT key, hs_prefix AS hsPrefix FROM commodity_groups')
    .all();
  const products = db
    .prepare<[], { key: string; groupKey: string }>('SELECT key, group_key AS groupKey FROM products')
    .all();
  return {
    groups: new Map(groups.map((g) => [g.key, g.hsPrefix])),
    products: new Map(products.map((p) => [p.key, p.groupKey])),
  };
}
