import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWritableDb, type Db } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';

/** A fresh database built by the real migrations. */
export function createTestDb(path = ':memory:'): Db {
  const db = openWritableDb(path);
  migrate(db, () => new Date('2026-01-01T00:00:00Z'));
  return db;
}

export function createTempDir(prefix = 'tradeflow-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A checksum of the schema (tables, indexes, views) and every row of every table, to prove a failed import changed nothing. */
export function fingerprintDb(db: Db): string {
  const hash = createHash('sha256');
  const objects = db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all();
  for (const object of objects) {
    hash.update(`${object.type} ${object.name} ${object.sql ?? ''}`);
    if (object.type !== 'table') continue;
    // Every column in order: WITHOUT ROWID tables (migration 0005) have no rowid to order by.
    const width = db.prepare(`SELECT count(*) AS n FROM pragma_table_info('${object.name}')`).get() as { n: number };
    const order = Array.from({ length: width.n }, (_, i) => i + 1).join(', ');
    for (const row of db.prepare(`SELECT * FROM "${object.name}" ORDER BY ${order}`).raw().iterate()) {
      hash.update(JSON.stringify(row));
    }
  }
  return hash.digest('hex');
}

export const fixedNow = (): Date => new Date('2026-11-23T12:00:00Z');
