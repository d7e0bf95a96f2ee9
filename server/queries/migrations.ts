import type { Db } from '../db/connection.ts';

export function ensureMigrationsTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
}

export function listAppliedMigrations(db: Db): string[] {
  return db
    .prepare<[], { name: string }>('SELECT name FROM schema_migrations ORDER BY name')
    .all()
    .map((row) => row.name);
}

export function recordMigration(db: Db, name: string, appliedAt: string): void {
  db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @appliedAt)').run({ name, appliedAt });
}
