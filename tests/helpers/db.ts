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

/** A checksum of every row of every table (schema included), to prove a failed import changed nothing. */
export function fingerprintDb(db: Db): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  for (const table of tables) {
    hash.update(table.sql);
    for (const row of db.prepare(`SELECT * FROM "${table.name}" ORDER BY rowid`).raw().iterate()) {
      hash.update(JSON.stringify(row));
    }
  }
  return hash.digest('hex');
}

export const fixedNow = (): Date => new Date('2026-11-23T12:00:00Z');
