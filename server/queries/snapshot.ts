/** SQL for snapshots (server/snapshot/): the copy itself and the one date a snapshot's answers are stamped with. */
import type { Db } from '../db/connection.ts';

/**
 * Writes a compacted copy of the whole database to `path` (which must not exist). VACUUM INTO reads inside one
 * read transaction, so the copy is consistent even while an import commits, and it works on a read-only
 * connection: a running server's writer is never blocked. The copy is in rollback-journal mode (no -wal file).
 */
export function vacuumInto(db: Db, path: string): void {
  db.prepare('VACUUM INTO @path').run({ path });
}

/**
 * When the newest dataset in the file was imported (ISO 8601), or undefined for an empty database: the
 * Last-Modified of a snapshot's answers, the same on every replica because it is read from the data.
 */
export function readLastImportedAt(db: Db): string | undefined {
  return db.prepare<[], { at: string | null }>('SELECT max(imported_at) AS at FROM datasets').get()?.at ?? undefined;
}
