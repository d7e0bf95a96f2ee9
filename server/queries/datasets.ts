import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';

export function countDatasets(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM datasets').get()?.n ?? 0;
}

/** A dataset's provenance: the file it came from, its SHA-256, when it was imported. */
export interface DatasetRecord {
  id: number;
  name: string;
  fileName: string;
  sha256: string;
  format: string;
  rowCount: number;
  importedAt: string;
  sourceDescription: string;
}

export const datasetColumns = `id, name, file_name AS fileName, sha256, format, row_count AS rowCount,
  imported_at AS importedAt, source_description AS sourceDescription`;

/** Every imported dataset with its provenance, oldest import first. */
export function listDatasets(db: Db): DatasetRecord[] {
  return db.prepare<[], DatasetRecord>(`SELECT ${datasetColumns} FROM datasets ORDER BY id`).all();
}

/**
 * Changes whenever any dataset is imported, replaced or removed (ids only grow; a file's content is its SHA-256),
 * so it can key caches and ETags of responses computed from the data.
 */
export function readDataVersion(db: Db): string {
  return (
    db
      .prepare<[], { version: string | null }>(
        "SELECT group_concat(id || ':' || sha256, ',') AS version FROM (SELECT id, sha256 FROM datasets ORDER BY id)",
      )
      .get()?.version ?? ''
  );
}

/**
 * Moves whenever the database's content may have changed: `data_version` counts commits by other connections (an
 * import while the server runs), `total_changes()` the rows changed through this one. Cheap enough to ask on every
 * request.
 */
export function readChangeCounter(db: Db): string {
  // One cached statement (about 1 µs, against 5 µs for preparing both every time): it runs on every request.
  const counter = prepareCached<[], { dataVersion: number; changes: number }>(
    db,
    'SELECT data_version AS dataVersion, total_changes() AS changes FROM pragma_data_version',
  ).get();
  return `${counter?.dataVersion ?? 0}:${counter?.changes ?? 0}`;
}

/** Where each dataset's file was read (migration 0007; NULL for datasets imported before it), by dataset id. */
export function listDatasetFilePaths(db: Db): Map<number, string | null> {
  const rows = db
    .prepare<[], { id: number; filePath: string | null }>('SELECT id, file_path AS filePath FROM datasets')
    .all();
  return new Map(rows.map((row) => [row.id, row.filePath]));
}
