import Database from 'better-sqlite3';
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Db = Database.Database;

/** The one writable handle: migrations and the importer. WAL lets read-only handles read while it writes. */
export function openWritableDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL is still safe against a killed process (only a power cut can lose the last commit), and it
  // saves an fsync per transaction.
  db.pragma('synchronous = NORMAL');
  // 8 MiB of page cache (default 2 MiB): a large import updates several indexes, and a small cache thrashes.
  db.pragma('cache_size = -8192');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** GET handlers read through this: SQLite itself refuses any write on it. */
export function openReadOnlyDb(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * A snapshot (server/snapshot/): read-only, query_only, and `immutable=1`, which tells SQLite the file cannot change
 * while it is open, so it takes no locks and never checks for other writers (no -wal/-shm files, no change counter
 * read per query). That promise is ours to keep: snapshots are new files, never rewritten in place
 * (docs/deploy.md). The URI form needs SQLITE_USE_URI=1 before better-sqlite3 loads (config.ts
 * enableSqliteUriFilenames); without it SQLite would look for a file literally named `file:…`, so the open fails
 * here rather than silently opening the file without the flag.
 */
export function openSnapshotDb(path: string): Db {
  const uri = `${pathToFileURL(path).href}?immutable=1`;
  let db: Db;
  try {
    db = new Database(uri, { readonly: true, fileMustExist: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open snapshot ${path} (${reason}); if the file exists, SQLite URI filenames are off: SQLITE_USE_URI=1 must be set before the first database is opened`,
      { cause: error },
    );
  }
  db.pragma('query_only = ON');
  const main = db.pragma('database_list') as Array<{ name: string; file: string }>;
  const file = main.find((entry) => entry.name === 'main')?.file;
  if (file === undefined || realpathSync(file) !== realpathSync(path)) {
    db.close();
    throw new Error(`snapshot ${path} opened as ${JSON.stringify(main)}: the URI was not understood`);
  }
  return db;
}
