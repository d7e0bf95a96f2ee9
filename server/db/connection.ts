import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

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
