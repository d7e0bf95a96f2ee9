import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './connection.ts';
import { listAppliedMigrations, recordMigration, ensureMigrationsTable } from '../queries/migrations.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const migrationName = /^\d{4}_[a-z0-9_]+\.sql$/;

export function listMigrationFiles(): string[] {
  return readdirSync(migrationsDir)
    .filter((name) => migrationName.test(name))
    .sort();
}

/** Applies every migration not yet recorded, each in its own transaction together with its record. */
export function migrate(db: Db, now: () => Date = () => new Date()): string[] {
  ensureMigrationsTable(db);
  const applied = new Set(listAppliedMigrations(db));
  const newlyApplied: string[] = [];
  for (const name of listMigrationFiles()) {
    if (applied.has(name)) continue;
    const sql = readFileSync(migrationsDir + name, 'utf8');
    db.transaction(() => {
      db.exec(sql);
      recordMigration(db, name, now().toISOString());
    })();
    newlyApplied.push(name);
  }
  return newlyApplied;
}
